// The booking page's screen: which step shows, and everything on it drawn from the
// page's state in the visitor's language. The controller (book.js) changes the state
// and asks for a fresh drawing.

import * as view from "./book-view.js";

const BOOK_STEPS = ["office", "service", "day", "time", "confirm"];
const STATUS_KEYS = {
  booked: "statusBooked",
  arrived: "statusArrived",
  late: "statusLate",
  cancelled: "statusCancelled",
  missed: "statusMissed",
};

/**
 * @param {object} options
 * @param {HTMLElement} options.main  the page's <main>
 * @param {object} options.state  what the page holds (see book.js)
 * @param {import("./lang.js").Language} options.language
 * @param {string} options.api  the API's base path
 */
export function bookScreen({ main, state, language, api }) {
  const t = (key, params) => language.t(key, params);
  const slot = (name) => main.querySelector(`[data-slot="${name}"]`);
  const list = (name) => main.querySelector(`[data-list="${name}"]`);

  function serviceName() {
    const booking = state.flow === "move" ? state.booking : null;
    if (booking) return language.pick(booking.service_uk, booking.service_en);
    return state.service ? language.pick(state.service.name_uk, state.service.name_en) : "";
  }

  function say(message) {
    if (!message) return "";
    return message.text ?? t(message.key, message.params);
  }

  function dateAt(day, time) {
    return t("dateAt", { date: view.formatDay(day), time });
  }

  function bookingWhen(booking) {
    return t("dateAt", { date: booking.date, time: booking.time });
  }

  /** "вівторок, 08.12.2026" */
  function dayName(day) {
    return `${t(`weekday${view.weekdayOf(day)}`)}, ${view.formatDay(day)}`;
  }

  function backOf(step) {
    if (step === "service") return state.offices.length > 1 ? "office" : null;
    if (step === "day") return state.flow === "move" ? "booking" : "service";
    if (step === "time") return "day";
    if (step === "confirm" || step === "move") return "time";
    if (step === "cancel") return "booking";
    return null;
  }

  function show(step, { keepError = false, focus = true } = {}) {
    state.step = step;
    if (!keepError) delete state.errors[step];
    if (step !== "booking") state.notice = null;
    main.dataset.step = step;
    for (const section of main.querySelectorAll("section.step")) {
      section.hidden = section.dataset.step !== step;
    }
    render();
    if (focus) {
      window.scrollTo(0, 0);
      document.getElementById(`h-${step}`)?.focus({ preventScroll: true });
    }
  }

  function renderList(name, items) {
    const container = list(name);
    const loading = state.loading[name];
    container.setAttribute("aria-busy", String(loading === "loading"));
    const failed = loading === "failed";
    if (loading) container.replaceChildren(view.placeholder(language, { failed }));
    else container.replaceChildren(...items());
  }

  function render() {
    const step = state.step;
    main.dataset.mode = state.mode;
    document.title = t("bookTitle");
    for (const link of document.querySelectorAll("[data-mode-link]")) {
      if (link.dataset.modeLink === state.mode) link.setAttribute("aria-current", "page");
      else link.removeAttribute("aria-current");
    }
    const steps = BOOK_STEPS.filter((s) => s !== "office" || state.offices.length > 1);
    const progress = slot("progress");
    progress.hidden = state.flow !== "book" || !steps.includes(step);
    progress.textContent = t("stepOf", { n: steps.indexOf(step) + 1, total: steps.length });
    for (const button of main.querySelectorAll('[data-action="back"].back')) {
      button.hidden = backOf(step) === null;
    }
    for (const error of main.querySelectorAll("[data-error]")) {
      error.textContent = say(state.errors[error.dataset.error]);
    }

    renderList("offices", () => view.officeItems(state.offices, language));
    const office = state.office;
    slot("office-name").textContent = office ? language.pick(office.name_uk, office.name_en) : "";
    renderList("services", () =>
      state.services.length
        ? view.serviceItems(state.services, language)
        : [noneLine("noServices")],
    );
    slot("service-name").textContent = serviceName();
    const moving = state.flow === "move" && state.booking;
    slot("move-now").hidden = !moving;
    slot("move-now").textContent = moving ? `${t("moveNow")}: ${bookingWhen(state.booking)}` : "";
    renderList("days", () =>
      state.days.some((d) => d.free > 0)
        ? view.dayButtons(state.days, language)
        : [noneLine("noDays")],
    );
    const day = state.day;
    slot("day-name").textContent = day ? `${serviceName()} · ${dayName(day.day)}` : "";
    const current = moving ? state.booking.start : null;
    renderList("slots", () =>
      state.slots.some((s) => s.free > 0)
        ? view.slotButtons(state.slots, language, current)
        : [noneLine("noSlots")],
    );
    renderConfirm();
    renderBooking();
  }

  function noneLine(key) {
    return view.el("p", { className: "card" }, t(key));
  }

  function renderConfirm() {
    const office = state.office;
    const chosen = state.slot && state.day;
    view.fillSummary(slot("summary"), [
      [t("service"), serviceName()],
      [t("date"), chosen ? dayName(state.day.day) : ""],
      [t("time"), chosen ? state.slot.time : "", "big"],
      [t("office"), office ? language.pick(office.name_uk, office.name_en) : ""],
      [t("address"), office ? language.pick(office.address_uk, office.address_en) : ""],
    ]);
    // How long the number is kept is the office's setting.
    slot("phone-hint").textContent = t("phoneHint", { days: office?.contact_days ?? 30 });
    const confirm = slot("confirm");
    confirm.disabled = state.busy;
    confirm.textContent = t(state.busy ? "sending" : "confirm");
    const find = slot("find");
    find.disabled = state.busy;
    for (const name of ["cancel-yes", "move-yes"]) {
      main.querySelector(`[data-action="${name}"]`).disabled = state.busy;
    }
  }

  function renderBooking() {
    const booking = state.booking;
    if (!booking) return;
    const booked = booking.status === "booked";
    slot("booking-title").textContent = t(state.fresh ? "doneTitle" : "bookingTitle");
    const notice = state.notice;
    slot("done-line").textContent = notice ? t(notice.key, { when: bookingWhen(booking) }) : "";
    slot("code").textContent = booking.code;
    const qr = slot("qr");
    const image = slot("qr-img");
    qr.hidden = !booked;
    slot("code-keep").hidden = !booked;
    const src = `${api}/bookings/${booking.qr_text}/qr.svg`;
    if (booked && image.dataset.src !== src) {
      image.dataset.src = src;
      qr.dataset.state = "loading";
      image.src = src;
    }
    image.alt = t("qrAlt", { code: booking.code });
    const office = booking.office;
    view.fillSummary(slot("booking-summary"), [
      [t("status"), t(STATUS_KEYS[booking.status] ?? "statusBooked"), `status-${booking.status}`],
      [t("service"), language.pick(booking.service_uk, booking.service_en)],
      [t("date"), dayName(booking.start.slice(0, 10))],
      [t("time"), booking.time, "big"],
      [t("office"), language.pick(office.name_uk, office.name_en)],
      [t("address"), language.pick(office.address_uk, office.address_en)],
      [t("reminderPhone"), booking.phone],
    ]);
    slot("how").hidden = !booked;
    const until = view.localTime(booking.check_in_until);
    slot("how-window").textContent = t("howWindow", {
      from: view.localTime(booking.check_in_from),
      until,
      early: view.minutesBetween(booking.check_in_from, booking.start),
      grace: view.minutesBetween(booking.start, booking.check_in_until),
    });
    slot("how-late").textContent = t("howLate", { until });
    const locked = slot("locked");
    locked.hidden = booking.changeable;
    const cancelled = booking.status === "cancelled";
    locked.textContent = t(cancelled ? "notChangeableCancelled" : "notChangeablePast");
    const actions = {
      change: state.fresh && booking.changeable,
      move: !state.fresh && booking.changeable,
      cancel: !state.fresh && booking.changeable,
      new: true,
      "other-code": !state.fresh,
    };
    for (const [name, visible] of Object.entries(actions)) {
      main.querySelector(`[data-step="booking"] [data-action="${name}"]`).hidden = !visible;
    }
    const when = bookingWhen(booking);
    view.fillSummary(slot("cancel-summary"), [
      [t("service"), language.pick(booking.service_uk, booking.service_en)],
      [t("date"), when],
    ]);
    view.fillSummary(slot("move-summary"), [
      [t("service"), language.pick(booking.service_uk, booking.service_en)],
      [t("moveNow"), when],
      [t("moveNew"), state.slot && state.day ? dateAt(state.day.day, state.slot.time) : "", "big"],
    ]);
  }

  return { show, render, backOf };
}

// The booking page's pieces of DOM, built from the API's data in the visitor's language:
// the lists to choose from (offices, services, days, times) and the summaries.

/** An element with properties, data attributes and children (strings become text). */
export function el(tag, { dataset = {}, ...props } = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (name in element) element[name] = value;
    else element.setAttribute(name, value === true ? "" : String(value));
  }
  Object.assign(element.dataset, dataset);
  element.append(...children.filter((child) => child !== null && child !== undefined));
  return element;
}

/** "2026-11-24" → "24.11.2026"; ``short`` leaves out the year. */
export function formatDay(day, { short = false } = {}) {
  const [year, month, date] = day.split("-");
  return short ? `${date}.${month}` : `${date}.${month}.${year}`;
}

/** 0 (Monday) to 6 (Sunday) of a "YYYY-MM-DD" day, as the API numbers weekdays. */
export function weekdayOf(day) {
  const [year, month, date] = day.split("-").map(Number);
  return (new Date(Date.UTC(year, month - 1, date)).getUTCDay() + 6) % 7;
}

/** The local HH:MM of an ISO time the API gave with the office's offset. */
export function localTime(iso) {
  return iso.slice(11, 16);
}

/** Whole minutes from ``a`` to ``b`` (ISO times). */
export function minutesBetween(a, b) {
  return Math.round((Date.parse(b) - Date.parse(a)) / 60000);
}

/** The same moment, whatever the two ISO strings look like. */
export function sameTime(a, b) {
  return Date.parse(a) === Date.parse(b);
}

/** A list's placeholder while it loads, or its retry button after a failure. */
export function placeholder(language, { failed }) {
  if (failed) {
    return el(
      "button",
      { type: "button", className: "plain wide", dataset: { action: "retry" } },
      language.t("retry"),
    );
  }
  return el("p", { className: "hint" }, language.t("loading"));
}

export function officeItems(offices, language) {
  return offices.map((office) => {
    const address = language.pick(office.address_uk, office.address_en);
    return el(
      "li",
      {},
      el(
        "button",
        { type: "button", className: "choice", dataset: { office: String(office.id) } },
        el("span", { className: "choice-name" }, language.pick(office.name_uk, office.name_en)),
        address ? el("span", { className: "choice-note" }, address) : null,
      ),
    );
  });
}

export function serviceItems(services, language) {
  return services.map((service) => {
    const description = language.pick(service.description_uk, service.description_en);
    const documents = language.lang === "en" && service.documents_en.length
      ? service.documents_en
      : service.documents_uk;
    const docs = documents.length
      ? el(
          "details",
          { className: "docs" },
          el("summary", {}, language.t("documents", { n: documents.length })),
          el("ul", {}, ...documents.map((text) => el("li", {}, text))),
        )
      : null;
    return el(
      "li",
      { className: "service-item" },
      el(
        "button",
        { type: "button", className: "choice", dataset: { service: String(service.id) } },
        el("span", { className: "choice-name" }, language.pick(service.name_uk, service.name_en)),
        description ? el("span", { className: "choice-note" }, description) : null,
        el("span", { className: "choice-note" }, language.t("minutes", { n: service.minutes })),
      ),
      docs,
    );
  });
}

/** The days to choose from; the first is the office's today (as the API lists them). */
export function dayButtons(days, language) {
  return days.map((day, index) => {
    const when = index === 0 ? "today" : index === 1 ? "tomorrow" : null;
    const full = day.free <= 0;
    return el(
      "button",
      { type: "button", className: "day", disabled: full, dataset: { day: day.day } },
      el(
        "span",
        { className: "day-week" },
        language.t(`weekday${day.weekday}`),
        when ? `, ${language.t(when)}` : null,
      ),
      el("span", { className: "day-date" }, formatDay(day.day)),
      el(
        "span",
        { className: "day-free" },
        full ? language.t("full") : language.t("free", { n: day.free }),
      ),
    );
  });
}

/** The times of a day; a full one stays in the list, off, and so does the booked one. */
export function slotButtons(slots, language, current) {
  return slots.map((slot) => {
    const mine = current !== null && sameTime(slot.start, current);
    const note = mine ? language.t("yourTime") : slot.free <= 0 ? language.t("taken") : "";
    return el(
      "button",
      {
        type: "button",
        className: mine ? "slot mine" : "slot",
        disabled: mine || slot.free <= 0,
        dataset: { start: slot.start, time: slot.time },
      },
      slot.time,
      note ? el("span", { className: "slot-note" }, note) : null,
    );
  });
}

/** A <dl>'s rows: [label, value]; empty values are left out. */
export function fillSummary(dl, rows) {
  const nodes = [];
  for (const [label, value, cls] of rows) {
    if (!value) continue;
    nodes.push(el("div", { className: cls ?? "" }, el("dt", {}, label), el("dd", {}, value)));
  }
  dl.replaceChildren(...nodes);
}

// The booking page: book an appointment step by step (office → service → day → time →
// confirm → the code and its QR), or find a booking by its code to cancel or move it.
// Everything it shows comes from the public booking API; the server's refusals are shown
// beside the action, in the visitor's language.

import { request } from "./api.js";
import { bookScreen } from "./book-screen.js";
import { sameTime } from "./book-view.js";
import { Language } from "./lang.js";

const config = JSON.parse(document.getElementById("book-config").textContent);
const main = document.getElementById("book");
const api = config.apiBase;
const language = new Language({ ...config, remember: true });
const slot = (name) => main.querySelector(`[data-slot="${name}"]`);

// What the page holds; exposed for people debugging a phone.
const state = {
  mode: config.mode, // "book" or "manage"
  flow: "book", // what the day and time steps choose for: a new booking or a move
  step: "",
  offices: config.offices,
  office: null,
  services: [],
  service: null,
  days: [],
  day: null,
  slots: [],
  slot: null,
  booking: null,
  fresh: false, // the booking was just made: the confirmation
  notice: null, // {key} said above the booking after a change
  errors: {}, // step → {key} of ours or {text} from the server
  loading: {}, // list → "loading" | "failed"
  busy: false,
};
window.qmsBook = state;

const { show, render, backOf } = bookScreen({ main, state, language, api });
const seqs = { services: 0, days: 0, slots: 0 };
const reloaders = { services: loadServices, days: loadDays, slots: loadSlots };

// --- small helpers -----------------------------------------------------------------

function officeId() {
  return state.flow === "move" ? state.booking.office.id : state.office.id;
}

function serviceId() {
  return state.flow === "move" ? state.booking.service_id : state.service.id;
}

/** The server's words for a refusal, or ours when there is no answer. */
function refusal(result) {
  return result.network || !result.message ? { key: "networkError" } : { text: result.message };
}

/** The same check as the server's: +380 and 9 digits, or 0 and 9 digits, or nothing. */
function phoneOk(text) {
  let digits = text.trim().replace(/[\s\-()]/g, "");
  if (!digits) return true;
  if (digits.startsWith("+")) digits = digits.slice(1);
  if (/^0[0-9]{9}$/.test(digits)) digits = `38${digits}`;
  return /^380[0-9]{9}$/.test(digits);
}

function codeDigits(text) {
  const digits = text.replace(/[\s-]/g, "");
  return /^[0-9]{8}$/.test(digits) ? digits : null;
}

function remember(url) {
  history.replaceState(null, "", url);
}

// --- loading the lists ----------------------------------------------------------------

async function load(name, url, step) {
  const mine = ++seqs[name];
  state.loading[name] = "loading";
  render();
  const result = await request(url, { lang: language.lang });
  if (mine !== seqs[name]) return null; // a later choice asked again
  if (!result.ok) {
    state.loading[name] = "failed";
    state.errors[step] = refusal(result);
    render();
    return null;
  }
  delete state.loading[name];
  return result.data;
}

async function loadServices() {
  const data = await load("services", `${api}/booking/offices/${officeId()}/services`, "service");
  if (data) state.services = data;
  render();
}

async function loadDays() {
  const base = `${api}/booking/offices/${officeId()}/services/${serviceId()}`;
  const data = await load("days", `${base}/days`, "day");
  if (data) state.days = data;
  render();
}

async function loadSlots() {
  const base = `${api}/booking/offices/${officeId()}/services/${serviceId()}`;
  const data = await load("slots", `${base}/slots?day=${state.day.day}`, "time");
  if (data) state.slots = data;
  render();
}

// --- the two flows ----------------------------------------------------------------

function startBooking() {
  Object.assign(state, { mode: "book", flow: "book", booking: null, fresh: false });
  Object.assign(state, { service: null, day: null, slot: null, errors: {} });
  remember(config.bookUrl);
  if (state.offices.length === 0) show("none", { focus: false });
  else if (state.offices.length === 1) chooseOffice(state.offices[0].id, { focus: false });
  else show("office", { focus: false });
}

function startManaging() {
  Object.assign(state, { mode: "manage", flow: "book", booking: null, fresh: false, errors: {} });
  remember(config.manageUrl);
  show("find");
}

function chooseOffice(id, options) {
  state.office = state.offices.find((office) => office.id === id) ?? null;
  if (!state.office) return;
  state.services = [];
  show("service", options);
  loadServices();
}

function chooseService(id) {
  state.service = state.services.find((service) => service.id === id) ?? null;
  if (!state.service) return;
  state.days = [];
  show("day");
  loadDays();
}

function chooseDay(day) {
  state.day = state.days.find((d) => d.day === day) ?? null;
  if (!state.day) return;
  state.slots = [];
  show("time");
  loadSlots();
}

function chooseSlot(start) {
  state.slot = state.slots.find((s) => sameTime(s.start, start)) ?? null;
  if (state.slot) show(state.flow === "move" ? "move" : "confirm");
}

/** The chosen time went (or was never free): back to the times, fresh, with the reason. */
function slotRefused(message) {
  state.errors.time = message;
  state.slot = null;
  show("time", { keepError: true });
  loadSlots();
}

async function send(url, body) {
  state.busy = true;
  render();
  const result = await request(url, { method: "POST", body, lang: language.lang });
  state.busy = false;
  return result;
}

function showBooking(booking, { fresh = false, notice = null } = {}) {
  Object.assign(state, { booking, fresh, flow: "book", mode: fresh ? "book" : "manage" });
  remember(`${config.manageUrl}?code=${booking.qr_text}`);
  show("booking");
  state.notice = notice;
  render();
}

async function book() {
  const phone = document.getElementById("phone");
  if (!phoneOk(phone.value)) {
    state.errors.phone = { key: "phoneInvalid" };
    phone.setAttribute("aria-invalid", "true");
    render();
    phone.focus();
    return;
  }
  phone.removeAttribute("aria-invalid");
  delete state.errors.phone;
  delete state.errors.confirm;
  const result = await send(`${api}/bookings`, {
    office_id: state.office.id,
    service_id: state.service.id,
    start: state.slot.start,
    phone: phone.value.trim(),
    language: language.lang,
  });
  if (result.ok) {
    phone.value = "";
    showBooking(result.data, { fresh: true, notice: { key: "booked" } });
  } else if (result.code === "slot_taken" || result.code === "invalid_input") {
    slotRefused(refusal(result));
  } else {
    state.errors.confirm = refusal(result);
    render();
  }
}

async function find(text) {
  const digits = codeDigits(text);
  const input = document.getElementById("code");
  if (!digits) {
    state.errors.find = { key: "codeInvalid" };
    input.setAttribute("aria-invalid", "true");
    render();
    return;
  }
  input.removeAttribute("aria-invalid");
  delete state.errors.find;
  state.busy = true;
  render();
  const result = await request(`${api}/bookings/${digits}`, { lang: language.lang });
  state.busy = false;
  if (result.ok) showBooking(result.data);
  else {
    state.errors.find = refusal(result);
    render();
  }
}

/** A change the server refused: the booking as it is now, with the reason beside it. */
async function refused(step, result) {
  if (result.code === "booking_refused") {
    const fresh = await request(`${api}/bookings/${state.booking.qr_text}`, {
      lang: language.lang,
    });
    if (fresh.ok) {
      showBooking(fresh.data);
      state.errors.booking = refusal(result);
      render();
      return;
    }
  }
  state.errors[step] = refusal(result);
  render();
}

async function cancel() {
  const result = await send(`${api}/bookings/${state.booking.qr_text}/cancel`);
  if (result.ok) showBooking(result.data, { notice: { key: "bookingCancelled" } });
  else await refused("cancel", result);
}

async function move() {
  const start = state.slot.start;
  const result = await send(`${api}/bookings/${state.booking.qr_text}/move`, { start });
  if (result.ok) showBooking(result.data, { notice: { key: "moved" } });
  else if (result.code === "slot_taken" || result.code === "invalid_input") {
    slotRefused(refusal(result));
  } else await refused("move", result);
}

function startMove() {
  Object.assign(state, { flow: "move", day: null, slot: null, days: [] });
  show("day");
  loadDays();
}

// --- wiring -------------------------------------------------------------------------

const ACTIONS = {
  back: () => backOf(state.step) && show(backOf(state.step)),
  retry: () => reloaders[Object.keys(state.loading).find((n) => state.loading[n] === "failed")]?.(),
  change: () => {
    Object.assign(state, { fresh: false, mode: "manage" });
    render();
  },
  move: startMove,
  cancel: () => show("cancel"),
  "cancel-yes": cancel,
  "move-yes": move,
  new: startBooking,
  "other-code": startManaging,
};

main.addEventListener("click", (event) => {
  const button = event.target.closest("button");
  if (!button || button.disabled) return;
  const data = button.dataset;
  if (data.action) ACTIONS[data.action]?.();
  else if (data.office) chooseOffice(Number(data.office));
  else if (data.service) chooseService(Number(data.service));
  else if (data.day) chooseDay(data.day);
  else if (data.start) chooseSlot(data.start);
});

main.querySelector('[data-form="book"]').addEventListener("submit", (event) => {
  event.preventDefault();
  if (!state.busy) book();
});

// A field's complaint goes as soon as the visitor corrects it.
for (const [id, step] of [["phone", "phone"], ["code", "find"]]) {
  const input = document.getElementById(id);
  input.addEventListener("input", () => {
    if (!state.errors[step] && !input.hasAttribute("aria-invalid")) return;
    input.removeAttribute("aria-invalid");
    delete state.errors[step];
    render();
  });
}

main.querySelector('[data-form="find"]').addEventListener("submit", (event) => {
  event.preventDefault();
  if (!state.busy) find(document.getElementById("code").value);
});

slot("qr-img").addEventListener("load", () => (slot("qr").dataset.state = "loaded"));
slot("qr-img").addEventListener("error", () => (slot("qr").dataset.state = "failed"));

for (const link of document.querySelectorAll("[data-mode-link]")) {
  link.addEventListener("click", (event) => {
    event.preventDefault();
    if (link.dataset.modeLink === "manage") startManaging();
    else startBooking();
  });
}

language.onChange(render);
language.bind();
if (state.mode === "manage" && config.code) {
  document.getElementById("code").value = config.code;
  show("find", { focus: false });
  find(config.code);
} else if (state.mode === "manage") show("find", { focus: false });
else startBooking();

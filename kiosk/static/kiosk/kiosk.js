// The kiosk: one page, screens drawn from the embedded catalogue, tickets through the API.
// Every visitor starts from the same place: Ukrainian, normal mode, the start screen.

import { KioskApi, newKey } from "./api.js";
import { card, priority } from "./card.js";
import { Catalog, pick } from "./catalog.js";
import { CODE_DIGITS, checkIn as checkInScreen, formatCode } from "./checkin.js";
import { DeviceLink } from "./device.js";
import { Dock } from "./dock.js";
import { IdleTimer } from "./idle.js";
import { bookedTime, failure, paintPrint, result } from "./result.js";
import { search, services, sphere, start } from "./screens.js";
import { say } from "./texts.js";

const config = JSON.parse(document.getElementById("kiosk-config").textContent);
const SCREENS = {
  start,
  services,
  search,
  sphere,
  card,
  priority,
  checkin: checkInScreen,
  result,
  error: failure,
};
const BROWSING = new Set(["services", "search", "sphere", "card", "priority", "checkin"]);
const CATALOG_EVERY_MS = 60_000; // the start screen follows opening hours and edits

const api = new KioskApi({ base: config.apiBase, token: config.token, officeId: config.officeId });
const app = document.getElementById("app");
const screen = document.getElementById("screen");
const live = document.getElementById("live");

const state = {
  lang: config.lang === "en" ? "en" : "uk",
  contrast: false,
  lowReach: false,
  catalog: new Catalog(config.catalog, config.popular),
  printer: config.printer ?? { configured: false, status: "none", can_print: false },
  stack: [{ name: "start", params: {} }],
  search: { query: "", layout: "uk" },
  code: { digits: "", error: null }, // the booking code being typed at check-in
  busy: false, // a ticket is being issued: one tap, one request
  slipBusy: false,
  result: null, // {ticket, priority, print: "printing" | "printed" | "screen", failed, replayed}
  error: null,
  revoked: false,
  paused: Boolean(config.catalog?.office?.paused_since), // the air-raid pause
  serverOffsetMs: (Date.parse(config.serverNow) || Date.now()) - Date.now(),
  issued: [], // numbers issued by this page, for tests and the console
};

const top = () => state.stack[state.stack.length - 1];
let keyHandler = null; // the current screen's, if it reads the keyboard (check-in)

// ---- drawing ----

function context() {
  const t = (key, params) => say(state.lang, key, params);
  return {
    lang: state.lang,
    t,
    say,
    catalog: state.catalog,
    canPrint: Boolean(state.printer?.can_print),
    nowMs: Date.now() + state.serverOffsetMs,
    search: state.search,
    code: state.code,
    result: state.result,
    error: state.error,
    qrUrl: (token) => config.qrUrl.replace("{token}", encodeURIComponent(token)),
    go,
    home,
    done: resetToStart,
    issue,
    checkIn,
    printSlip,
  };
}

function render({ focus = true } = {}) {
  const current = top();
  const ctx = context();
  const { title, node, onKey } = SCREENS[current.name](ctx, current.params);
  screen.replaceChildren(node);
  keyHandler = onKey ?? null;
  screen.dataset.screen = current.name;
  app.dataset.screen = current.name;
  document.documentElement.lang = state.lang;
  const office = pick(state.catalog.office, "name", state.lang).text;
  document.getElementById("office-name").textContent = office;
  document.title = title === office ? office : `${title} — ${office}`;
  dock.draw({ lang: state.lang, nav: BROWSING.has(current.name) });
  device.showOnline();
  showPaused();
  // A new screen starts at its heading, for a screen reader as much as for the eye.
  if (focus) screen.querySelector("h1")?.focus();
}

/** The air-raid banner: visitors still get tickets, and learn why nobody is called. */
function showPaused() {
  const banner = document.getElementById("paused");
  banner.hidden = !state.paused;
  banner.textContent = state.paused ? say(state.lang, "paused") : "";
}

function setPaused(paused) {
  if (paused === state.paused) return;
  state.paused = paused;
  showPaused();
}

function go(name, params = {}) {
  if (state.busy) return;
  if (name === "search" && !state.search.query) state.search.layout = state.lang;
  if (name === "checkin") state.code = { digits: "", error: null };
  state.stack.push({ name, params });
  render();
}

function back() {
  if (state.busy || state.stack.length < 2) return;
  state.stack.pop();
  render();
}

/** «На початок» during a visit: the same visitor, so language and modes stay. */
function home() {
  if (state.busy) return;
  state.stack = [{ name: "start", params: {} }];
  state.error = null;
  state.code = { digits: "", error: null }; // a booking code is nobody else's business
  render();
}

/** The next visitor: Ukrainian, normal mode, start screen, a fresh catalogue. */
function resetToStart() {
  if (state.revoked) {
    location.reload(); // the page itself explains a disconnected kiosk
    return;
  }
  state.lang = "uk";
  setModes({ contrast: false, lowReach: false });
  state.search = { query: "", layout: "uk" };
  state.result = null;
  state.error = null;
  state.slipBusy = false;
  device.clear();
  home();
  refreshCatalog();
}

function setModes(modes) {
  Object.assign(state, modes);
  document.documentElement.classList.toggle("contrast", state.contrast);
  document.documentElement.classList.toggle("low-reach", state.lowReach);
}

function announce(text) {
  // Emptied first, so the same words twice are read twice.
  live.textContent = "";
  setTimeout(() => {
    live.textContent = text;
  }, 100);
}

// ---- a ticket ----

async function issue(serviceId, priorityCode, button) {
  if (state.busy) return;
  state.busy = true; // before anything else: a second tap in the same frame is ignored
  for (const other of screen.querySelectorAll("[data-issue]")) other.disabled = true;
  button.setAttribute("aria-busy", "true");
  const label = button.textContent;
  button.textContent = say(state.lang, "issuing");
  const lang = state.lang;
  const response = await api.issueTicket({
    serviceId,
    priority: priorityCode,
    lang,
    key: newKey(), // one tap, one key: retries of this tap reuse it
    onRetry: () => {
      button.textContent = say(lang, "retrying");
    },
  });
  state.busy = false;
  if (!response.ok) {
    button.textContent = label;
    state.error = { ...response, lang };
    state.stack = [{ name: "start", params: {} }, { name: "error", params: {} }];
    render();
    announce(screen.querySelector("h1")?.textContent ?? "");
    return;
  }
  showTicket(response.data, priorityCode);
}

function showTicket(ticket, priorityCode, { replayed = false } = {}) {
  const job = ticket.print_job ?? null;
  let print = !job || job.status === "failed" ? "screen" : job.status === "printed" ? "printed" : "printing";
  // The same booking checked in again: its paper came out the first time, show it here.
  if (replayed && print === "printed") print = "screen";
  state.result = { ticket, priority: priorityCode, print, failed: job?.status === "failed", replayed };
  state.issued.push(ticket.number);
  state.stack = [{ name: "result", params: {} }];
  render();
  const t = (key, params) => say(state.lang, key, params);
  const service = pick(ticket.service, "name", state.lang).text;
  const time = bookedTime(ticket);
  const words = time
    ? t("announceBooked", { number: ticket.number, service, time })
    : t("announce", { number: ticket.number, service, n: ticket.position });
  const notes = ["replayed", "late-note"].map((id) => document.getElementById(id)?.textContent);
  const status = document.getElementById("print-status")?.querySelector("strong")?.textContent;
  announce([words, ...notes, status].filter(Boolean).join(" "));
  if (print === "printing") followTicketPrint(state.result, job);
}

// ---- a booked visitor's check-in ----

async function checkIn(button) {
  const code = state.code;
  if (state.busy || code.digits.length !== CODE_DIGITS) return;
  state.busy = true; // one tap (or one Enter), one request
  for (const other of screen.querySelectorAll("button")) other.disabled = true;
  button.setAttribute("aria-busy", "true");
  button.textContent = say(state.lang, "checkingIn");
  const lang = state.lang;
  let retried = false;
  const response = await api.checkIn({
    code: formatCode(code.digits),
    lang,
    onRetry: () => {
      retried = true;
      button.textContent = say(lang, "retrying");
    },
  });
  state.busy = false;
  if (!response.ok) {
    code.error = { ...response, lang }; // shown beside the code, which stays for correction
    render();
    const error = document.getElementById("check-in-error");
    error?.scrollIntoView({ block: "nearest" }); // a short screen (low reach) scrolls to it
    announce(error?.textContent ?? "");
    return;
  }
  // 200 instead of 201: checked in before, unless it was this request's own lost answer.
  showTicket(response.data, null, { replayed: response.status === 200 && !retried });
}

async function followTicketPrint(current, job) {
  const outcome = await api.followPrintJob(job, { lang: state.lang });
  if (state.result !== current) return; // the visitor has moved on
  current.print = outcome === "printed" ? "printed" : "screen";
  current.failed = outcome !== "printed";
  const element = document.getElementById("print-status");
  if (element && top().name === "result") {
    paintPrint(element, context(), current);
    announce(element.textContent);
  }
}

// ---- directions to another office ----

async function printSlip(serviceId, button) {
  if (state.slipBusy) return;
  state.slipBusy = true;
  button.disabled = true;
  const status = (key) => {
    const element = document.getElementById("slip-status");
    if (element) element.textContent = say(state.lang, key);
  };
  status("slipPrinting");
  const response = await api.referralSlip(serviceId, state.lang);
  let outcome = "failed";
  if (response.ok && response.data) outcome = await api.followPrintJob(response.data, { lang: state.lang });
  // 409 printer_not_ready, a failure or a timeout: the screen itself is the slip.
  status(outcome === "printed" ? "slipPrinted" : "slipPhoto");
  state.slipBusy = false;
}

// ---- the catalogue ----

async function refreshCatalog() {
  const response = await api.catalog(state.lang);
  if (!response.ok || !response.data?.office) return; // keep the one we have
  const before = startKey();
  state.catalog = new Catalog(response.data, config.popular);
  setPaused(Boolean(response.data.office.paused_since));
  // Redraw the start only when it changed: never swap a button under a finger for nothing.
  if (top().name === "start" && startKey() !== before) render({ focus: false });
}

function startKey() {
  const office = state.catalog.office ?? {};
  return JSON.stringify([office.name_uk, office.name_en, office.open_now, office.next_opening]);
}

// ---- wiring ----

const dock = new Dock(document.getElementById("dock"), {
  back,
  home,
  help: () => device.askForHelp(),
  setLang(lang) {
    if (state.busy || lang === state.lang) return;
    state.lang = lang;
    render({ focus: false });
  },
  toggleContrast() {
    setModes({ contrast: !state.contrast });
    dock.draw({ lang: state.lang, nav: BROWSING.has(top().name) });
  },
  toggleLowReach() {
    setModes({ lowReach: !state.lowReach });
    dock.draw({ lang: state.lang, nav: BROWSING.has(top().name) });
  },
  modes: () => ({ contrast: state.contrast, lowReach: state.lowReach }),
});

const device = new DeviceLink({
  api,
  toast: document.getElementById("toast"),
  badge: document.getElementById("offline"),
  lang: () => state.lang,
  onPrinter(printer) {
    state.printer = printer;
    const hint = top().name === "start" && document.getElementById("print-hint");
    if (hint) hint.textContent = say(state.lang, printer.can_print ? "paper" : "onScreen");
  },
  onOffice(office) {
    setPaused(Boolean(office.paused_since));
  },
  onRevoked() {
    state.revoked = true; // reloaded at the next start, never under a visitor's finger
    if (top().name === "start" && !idle.warning) location.reload();
  },
});

const dialog = document.getElementById("idle");
const idle = new IdleTimer({
  idleMs: config.idleSeconds * 1000,
  warnMs: config.idleWarningSeconds * 1000,
  armed() {
    if (state.busy || state.slipBusy) return false;
    const name = top().name;
    // An unprinted ticket stays until «Готово»: it is the visitor's only copy.
    if (name === "result") return state.result?.print === "printed";
    if (name === "start") return state.lang !== "uk" || state.contrast || state.lowReach;
    return true;
  },
  onWarn(seconds) {
    document.getElementById("idle-title").textContent = say(state.lang, "idleTitle");
    document.getElementById("idle-text").textContent = say(state.lang, "idleText", { n: seconds });
    document.getElementById("idle-stay").textContent = say(state.lang, "idleStay");
    if (!dialog.open) dialog.showModal();
  },
  onCancel() {
    if (dialog.open) dialog.close();
  },
  onReset: resetToStart,
});
document.getElementById("idle-stay").addEventListener("click", () => idle.touch());
// The check-in screen reads a keyboard or a scanner that types like one.
window.addEventListener("keydown", (event) => {
  if (keyHandler && !state.busy && !dialog.open) keyHandler(event);
});
dialog.addEventListener("cancel", () => idle.touch()); // Escape

// A read-only view for tests and for a look from the browser's console.
const readable = {
  screen: () => top().name,
  lang: () => state.lang,
  busy: () => state.busy,
  issued: () => [...state.issued],
  print: () => state.result?.print ?? null,
  printer: () => ({ ...state.printer }),
  idleWarning: () => idle.warning,
  ticket() {
    const ticket = state.result?.ticket;
    return ticket ? { id: ticket.id, number: ticket.number, trackToken: ticket.track_token } : null;
  },
};
const getters = Object.entries(readable).map(([name, get]) => [name, { get, enumerable: true }]);
Object.defineProperty(window, "qmsKiosk", {
  value: Object.freeze(Object.defineProperties({}, Object.fromEntries(getters))),
});

setModes({ contrast: false, lowReach: false });
render({ focus: false });
idle.start();
device.start(config.deviceCheckSeconds * 1000);
setInterval(() => {
  if (top().name === "start" && !state.busy) refreshCatalog();
}, CATALOG_EVERY_MS);

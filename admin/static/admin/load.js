// The manager's live load: every office the manager sees side by side (or the one chosen
// above, which is the default when there are many), read from GET /api/v1/load. It
// follows each shown office's websocket and reads the load again when a ticket, window,
// office or alert event arrives (at most once every 2 s), and every 30 s anyway: waits
// grow and devices fall silent without any event. The timers tick every second between.

import { api } from "./api.js";
import { config } from "./config.js";
import { $ } from "./dom.js";
import { onLangChange, t } from "./i18n.js";
import { newCard, renderOffice, tick } from "./load_view.js";
import { notify } from "./shell.js";
import { OfficeStream } from "./stream.js";

const MIN_GAP_MS = 2000; // at most one read every 2 s, however busy the streams
const BATCH_MS = 250; // the events of one action arrive together: one read after them
const POLL_MS = 30_000;
const SIDE_BY_SIDE = 3; // more offices than this: one at a time by default
const REFRESHING = /^(ticket|counter|office|alert)\./;

const state = {
  load: null,
  offsetMs: 0, // the server's clock minus this browser's (the ticking uses the server's)
  show: "all", // "all" or an office id, as a string
  reads: 0,
  failed: false,
  streams: new Map(), // office id -> {online, lastSeq}
};
const cards = new Map(); // office id -> its card
const pickers = [...document.querySelectorAll("#load-picker [data-show]")];

const serverNow = () => Date.now() + state.offsetMs;

// --- reading the load ---------------------------------------------------------------

let lastRead = -Infinity;
let timer = null;
let reading = false;
let again = false;

/** Read the load soon: after a short batch, and never sooner than 2 s after the last. */
function refresh() {
  if (timer !== null) return;
  const wait = Math.max(BATCH_MS, lastRead + MIN_GAP_MS - performance.now());
  timer = setTimeout(() => {
    timer = null;
    read();
  }, wait);
}

async function read() {
  if (reading) {
    again = true;
    return;
  }
  reading = true;
  lastRead = performance.now();
  try {
    const load = await api(state.show === "all" ? "/load" : `/load?office_id=${state.show}`);
    state.offsetMs = Date.parse(load.at) - Date.now();
    state.load = load;
    state.reads += 1;
    if (state.failed) notify("");
    state.failed = false;
    show();
  } catch (error) {
    state.failed = true;
    notify(error.message, "error");
  } finally {
    reading = false;
    if (again) {
      again = false;
      refresh();
    }
  }
}

// --- showing it ---------------------------------------------------------------------

const timeFormat = () =>
  new Intl.DateTimeFormat(t("uk-UA", "en-GB"), {
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    timeZone: config.timezone || "Europe/Kyiv",
  });

function show() {
  const load = state.load;
  if (!load) return;
  $("#loading").hidden = true;
  const at = $("#load-at");
  at.textContent = timeFormat().format(new Date(load.at));
  at.setAttribute("datetime", load.at);
  const list = $("#load-offices");
  const shown = new Set();
  for (const office of load.offices) {
    let card = cards.get(office.id);
    if (!card) {
      card = newCard(office.id);
      cards.set(office.id, card);
    }
    renderOffice(card, office);
    list.append(card); // in the server's order
    shown.add(office.id);
    follow(office.id);
  }
  for (const [id, card] of cards) if (!shown.has(id)) card.remove();
  list.dataset.count = String(shown.size);
  tick(list, serverNow());
}

/** Show all offices or one; the choice is kept in the page's address. */
function choose(value) {
  state.show = value;
  for (const button of pickers) {
    button.setAttribute("aria-pressed", String(button.dataset.show === value));
  }
  const address = new URLSearchParams(location.search);
  address.set("show", value);
  history.replaceState(null, "", `${location.pathname}?${address}`);
}

// --- following the offices' streams -------------------------------------------------

function pill() {
  const link = document.getElementById("link");
  const all = [...state.streams.values()];
  if (link && all.length) link.dataset.state = all.every((s) => s.online) ? "online" : "offline";
}

/** Follow an office's websocket (once); its events make the page read the load again. */
function follow(officeId) {
  if (state.streams.has(officeId)) return;
  const entry = { online: false, lastSeq: 0 };
  state.streams.set(officeId, entry);
  const scheme = location.protocol === "https:" ? "wss:" : "ws:";
  const path = String(config.wsPath).replace(/\/\d+$/, `/${officeId}`);
  const stream = new OfficeStream({
    url: `${scheme}//${location.host}${path}`,
    since: () => entry.lastSeq,
    silenceMs: config.heartbeatSeconds * 2500,
    onMessage(message) {
      if (message.version && message.version !== config.version) {
        notify(t("Сервер оновлено — перезавантажте сторінку (F5).", "The server was updated: reload the page (F5)."));
      }
      if (message.type === "snapshot") {
        if (message.heartbeat > 0) stream.options.silenceMs = message.heartbeat * 2500;
        // Connected (again): whatever happened before is in the next read.
        entry.lastSeq = Number(message.seq) || 0;
        refresh();
        return;
      }
      const seq = Number(message.seq);
      if (!Number.isSafeInteger(seq) || seq <= entry.lastSeq) return; // replay overlap
      entry.lastSeq = seq;
      if (REFRESHING.test(message.type)) refresh();
    },
    onStatus(online) {
      entry.online = online;
      pill();
    },
  });
  stream.start();
}

// --- start ----------------------------------------------------------------------------

for (const button of pickers) {
  button.addEventListener("click", () => {
    choose(button.dataset.show);
    lastRead = -Infinity;
    read();
  });
}
{
  const wanted = new URLSearchParams(location.search).get("show");
  const offices = pickers.length - 1; // the buttons are "all" and one per office
  if (pickers.some((b) => b.dataset.show === wanted)) choose(wanted);
  else if (offices > SIDE_BY_SIDE) choose(String(config.officeId));
  else if (pickers.length) choose("all");
}
onLangChange(show);
setInterval(() => tick($("#load-offices"), serverNow()), 1000);
setInterval(refresh, POLL_MS);
read();

// A read-only view for tests and for a look from the browser's console.
Object.defineProperty(window, "qmsLoad", {
  value: Object.freeze({
    get reads() {
      return state.reads;
    },
    get show() {
      return state.show;
    },
    get streams() {
      return state.streams.size;
    },
  }),
});

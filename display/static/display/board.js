// The hall screen: follows the office's websocket, keeps the board right through drops,
// restarts and reloads, and speaks each new call once. State is bounded (a few calls, capped
// logs), so the page can run for days.

import { Announcer } from "./sound.js";
import { OfficeStream } from "./stream.js";
import { BoardView, officeClock, parseTime } from "./view.js";

const config = JSON.parse(document.getElementById("board-config").textContent);
const CALL_EVENTS = new Set(["ticket.called", "ticket.recalled"]);
const PAUSE_EVENTS = new Set(["office.paused", "office.resumed"]);
// Configuration this page shows: the office (its information line), the windows (their
// numbers and zones) and this display itself (its zone).
const CONFIG_EVENT = "config.changed";
const BOARD_ENTITIES = new Set(["office", "counter"]);
const KEPT_CALLS = 10;
const SPOKEN_LOG = 200;

// ---- what survives a reload: the last applied seq and the last spoken seq ----
const storageKey = (name) => `qms.display.${config.officeId}.${config.zone || "*"}.${name}`;
function loadSeq(name) {
  try {
    const value = Number(localStorage.getItem(storageKey(name)));
    return Number.isSafeInteger(value) && value > 0 ? value : 0;
  } catch {
    return 0;
  }
}
function saveSeq(name, value) {
  try {
    localStorage.setItem(storageKey(name), String(value));
  } catch {
    // storage full or disabled: the board still works, it only forgets on reload
  }
}

const state = {
  lastSeq: loadSeq("seq"),
  spokenSeq: loadSeq("spoken"),
  replayUntil: 0, // events up to this seq are already part of the last snapshot
  paused: false, // the office's air-raid pause
  serverOffsetMs: 0, // server clock minus this browser's clock
  zones: new Map(), // counter id -> zone, from the last snapshot
  calls: [], // newest first, at most KEPT_CALLS
  spoken: [], // at most SPOKEN_LOG
  connected: false,
  announceSeen: false,
  received: 0,
  resyncedFor: 0,
  reloading: false,
};

const view = new BoardView(config.highlightSeconds);
const clock = officeClock(config.timezone);
const serverNow = () => Date.now() + state.serverOffsetMs;

function inZone(counterId) {
  if (!config.zone) return true;
  const zone = state.zones.get(counterId);
  return zone !== undefined && zone.toUpperCase() === config.zone.toUpperCase();
}

/** Today's calls (office time): yesterday's leave the board at midnight. */
function visibleCalls() {
  const today = clock.day(serverNow());
  return state.calls.filter((call) => !Number.isFinite(call.atMs) || clock.day(call.atMs) === today);
}

function callOf(data, seq, recall) {
  return {
    seq,
    ticketId: data.ticket_id,
    number: String(data.number ?? ""),
    counterId: data.counter_id,
    counterNumber: data.counter_number ?? "",
    at: data.at,
    atMs: parseTime(data.at),
    recall,
  };
}

function advance(seq) {
  if (seq > state.lastSeq) {
    state.lastSeq = seq;
    saveSeq("seq", seq);
  }
}

function applySnapshot(message) {
  const data = message.data ?? {};
  const serverAt = parseTime(data.at);
  if (Number.isFinite(serverAt)) state.serverOffsetMs = serverAt - Date.now();
  state.zones = new Map((data.counters ?? []).map((c) => [c.id, String(c.zone ?? "")]));
  state.calls = (data.recent_calls ?? [])
    .filter((c) => inZone(c.counter_id))
    .slice(0, KEPT_CALLS)
    .map((c) => callOf(c, null, false));
  const seq = Number.isSafeInteger(message.seq) ? message.seq : 0;
  // Like the server: events after our seq follow if it knows our seq; else the snapshot is all.
  if (!(state.lastSeq > 0 && state.lastSeq <= seq)) {
    if (state.lastSeq > seq) {
      // The server's log restarted (a new database): forget what we spoke from the old one.
      state.spokenSeq = Math.min(state.spokenSeq, seq);
      saveSeq("spoken", state.spokenSeq);
    }
    state.lastSeq = seq;
    saveSeq("seq", seq);
  }
  state.replayUntil = seq;
  setPaused(Boolean(data.paused_since));
  view.showCalls(visibleCalls());
}

function setPaused(paused) {
  state.paused = paused;
  view.showPaused(paused);
}

/** The air-raid pause and its all-clear: shown at once, spoken once if fresh. */
function applyPause(message) {
  const paused = message.type === "office.paused";
  if (message.seq > state.replayUntil) setPaused(paused);
  speak(message, parseTime(message.data?.at), { seq: message.seq, message: message.type });
}

/** A call or recall; false if the board must first fetch a new snapshot. */
function applyCall(message) {
  const data = message.data ?? {};
  if (config.zone && !state.zones.has(data.counter_id) && state.resyncedFor !== message.seq) {
    state.resyncedFor = message.seq; // a window added after our snapshot: which zone is it?
    stream.reconnectNow();
    return false;
  }
  if (!inZone(data.counter_id)) return true;
  const call = callOf(data, message.seq, message.type === "ticket.recalled");
  const live = message.seq > state.replayUntil; // replayed calls are in the snapshot already
  if (live) {
    // One row per ticket: a recall moves the ticket back to the top.
    state.calls = [call, ...state.calls.filter((c) => c.ticketId !== call.ticketId)];
    state.calls.length = Math.min(state.calls.length, KEPT_CALLS);
    view.showCalls(visibleCalls());
  }
  const spoken = speak(message, call.atMs, {
    seq: message.seq,
    number: call.number,
    counterNumber: call.counterNumber,
  });
  if (live || (spoken && visibleCalls()[0]?.ticketId === call.ticketId)) {
    view.highlight(call.ticketId);
  }
  return true;
}

/** Speak an announcement at most once per screen (across reloads), never a stale one;
 * ``record`` goes to the log of what was spoken. */
function speak(message, atMs, record) {
  const announce = message.data?.announce;
  if (!announce || typeof announce !== "object") return false;
  state.announceSeen = true;
  if (message.seq <= state.spokenSeq) return false;
  if (!(serverNow() - atMs <= config.speakWithinSeconds * 1000)) return false;
  let names = announce[config.lang];
  if (!Array.isArray(names) && config.lang === "both") {
    names = [...(announce.uk ?? []), ...(announce.en ?? []).filter((n) => n !== "chime")];
  }
  if (!Array.isArray(names) || !announcer.say(message.seq, names)) return false;
  state.spokenSeq = message.seq;
  saveSeq("spoken", message.seq);
  state.spoken.push(record);
  if (state.spoken.length > SPOKEN_LOG) state.spoken.shift();
  return true;
}

function onMessage(message) {
  state.received += 1;
  if (message.version && message.version !== config.version) reloadWhenQuiet();
  if (message.type === "snapshot") {
    // The server's heartbeat interval, in case it changed since the page was rendered.
    if (message.heartbeat > 0) stream.options.silenceMs = message.heartbeat * 2500;
    applySnapshot(message);
    return;
  }
  const seq = message.seq;
  if (!Number.isSafeInteger(seq) || seq <= state.lastSeq) return; // replay overlap
  if (CALL_EVENTS.has(message.type) && !applyCall(message)) return;
  if (PAUSE_EVENTS.has(message.type)) applyPause(message);
  if (message.type === CONFIG_EVENT) applyConfig(message);
  // A heartbeat carries the latest seq: everything visible up to it has been sent.
  advance(seq);
}

/** A change of what this page was rendered with: fetch the page again, after a random
 * 0-3 s so that a hall of screens does not ask at the same moment. */
function applyConfig(message) {
  const data = message.data ?? {};
  if (!(message.seq > config.renderedSeq)) return; // the page has it already
  const mine =
    BOARD_ENTITIES.has(data.entity) ||
    (data.entity === "device" && String(data.entity_id) === String(config.deviceId));
  if (!mine || state.reloading) return;
  state.reloading = true;
  const attempt = () => (announcer.idle ? location.reload() : setTimeout(attempt, 500));
  setTimeout(attempt, Math.random() * 3000);
}

/** A new server version: fetch the new page, between two announcements. */
function reloadWhenQuiet() {
  if (state.reloading) return;
  state.reloading = true;
  const attempt = () => (announcer.idle ? location.reload() : setTimeout(attempt, 1000));
  setTimeout(attempt, 1000 + Math.random() * 4000); // not every screen at the same moment
}

/** Connecting keeps failing: if the token was revoked, the page itself says so. */
async function probePage() {
  try {
    const response = await fetch(location.href, { cache: "no-store" });
    if (response.status === 403) location.reload();
  } catch {
    // the server is still away; the stream keeps retrying
  }
}

const announcer = new Announcer({
  baseUrl: config.soundsUrl,
  onState: (sound) => view.showSound(sound),
});

const scheme = location.protocol === "https:" ? "wss:" : "ws:";
const stream = new OfficeStream({
  url: `${scheme}//${location.host}${config.wsPath}`,
  token: config.token,
  since: () => state.lastSeq,
  silenceMs: config.heartbeatSeconds * 2500,
  onMessage,
  onStatus(online) {
    state.connected = online;
    view.showConnected(online);
  },
  onFailing: probePage,
});

let shownDay = "";
function tick() {
  view.showTime(clock.time(Date.now()));
  const day = clock.day(serverNow());
  if (day !== shownDay) {
    shownDay = day;
    view.showCalls(visibleCalls());
  }
}

// A read-only log for tests and for a look from the browser's console.
const copy = (items) => items.map((item) => ({ ...item }));
Object.defineProperty(window, "qmsBoard", {
  value: Object.freeze({
    get spoken() {
      return copy(state.spoken);
    },
    get played() {
      return copy(announcer.played);
    },
    get calls() {
      return visibleCalls().map(({ seq, ticketId, number, counterNumber, at }) => {
        return { seq, ticketId, number, counterNumber, at };
      });
    },
    get connected() {
      return state.connected;
    },
    get lastSeq() {
      return state.lastSeq;
    },
    get announceSeen() {
      return state.announceSeen;
    },
    get paused() {
      return state.paused;
    },
    get received() {
      return state.received;
    },
  }),
});

tick();
setInterval(tick, 1000);
stream.start();

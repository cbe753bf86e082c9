// The administrator's window, its state and how it is kept true: every read goes through
// one refresh at a time, and every change through ``act``, which reads again afterwards.

import { api } from "./api.js";
import { config } from "./config.js";
import { $, debounced } from "./dom.js";
import { named } from "./format.js";
import { notify } from "./shell.js";

export const state = {
  board: null, // GET /offices/{id}/queue
  counter: null, // my counter on the board, or null while none is open
  ticket: null,
  history: [],
  queue: null,
  day: null,
  officePaused: false,
  busy: false,
  recallLimit: config.recallLimit,
  refreshes: 0,
};
export const services = new Map();
export const priorities = new Map();
export const lookups = {
  service: (id) => named(services.get(id)) || `#${id}`,
  counter: (id) => String(state.board?.counters.find((c) => c.id === id)?.number ?? id),
  priority: (code) => named(priorities.get(code)) || code,
  booked: (ticket) => ticket.booked_for ?? null, // a booked visitor's slot
};
let renderer = () => {};

/** Set how the page is drawn from ``state``. */
export function setRenderer(draw) {
  renderer = draw;
}

/** Draw the page from ``state`` now. */
export function render() {
  renderer();
}

// ---- reading: one refresh at a time; a read that overlaps a change is read again ----
let generation = 0;
let running = null;
let again = false;

/** Read everything again (joins a read under way, then reads once more). */
export function refresh() {
  if (running) {
    again = true;
    return running;
  }
  running = (async () => {
    do {
      again = false;
      await readAll();
    } while (again);
  })().finally(() => {
    running = null;
  });
  return running;
}
export const refreshSoon = debounced(refresh, 300, 1000);

async function readAll() {
  const started = generation;
  try {
    const board = await api(`/offices/${config.officeId}/queue`);
    const mine = board.counters.find((c) => c.operator_id === config.userId) ?? null;
    const current = mine?.current_ticket_id;
    const [queue, day, ticket, history] = mine
      ? await Promise.all([
          api(`/counters/${mine.id}/queue`),
          api(`/counters/${mine.id}/day`),
          current ? api(`/tickets/${current}`) : null,
          current ? api(`/tickets/${current}/history`) : [],
        ])
      : [null, null, null, []];
    if (started !== generation) {
      again = true; // this page changed something meanwhile: what we read may be older
      return;
    }
    const officePaused = Boolean(board.paused_since);
    Object.assign(state, { board, counter: mine, queue, day, ticket, history, officePaused });
    state.refreshes += 1;
    render();
  } catch (error) {
    // A counter closed in another tab between two reads, say: the next event reads again.
    if (error.status === 0) notify(error.message, "error");
    setTimeout(refreshSoon, 2000);
  }
}

/** This page changed something itself: reads that started before it are read again. */
export function changed() {
  generation += 1;
}

// ---- changing: one action at a time, then a fresh read ----
/** Run one change; resolves with {ok, data} or {ok: false, error} (already shown). */
export async function act(run) {
  if (state.busy) return { ok: false };
  state.busy = true;
  generation += 1;
  render();
  try {
    return { ok: true, data: await run() };
  } catch (error) {
    notify(error.message, "error");
    return { ok: false, error };
  } finally {
    state.busy = false;
    generation += 1;
    render();
    refreshSoon();
  }
}

/** A word on what just happened, under the call button. */
export function say(message) {
  $("#call-status").textContent = message;
  notify("");
}


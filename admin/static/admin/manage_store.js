// The office's settings as the server has them: read once, and again after every save;
// each section of the page re-draws itself from them.

import { api } from "./api.js";
import { config } from "./config.js";

/** The latest settings (null until read) and who is looking. */
export const store = { data: null, me: null };
const listeners = [];

/** Call ``listener(data)`` after every read of the settings. */
export function onData(listener) {
  listeners.push(listener);
}

/** Read the office's settings and re-draw every section. */
export async function reload() {
  store.data = await api(`/config/offices/${config.officeId}`);
  redraw();
}

/** Draw every section again from the settings already read (after a language switch). */
export function redraw() {
  if (store.data) for (const listener of listeners) listener(store.data);
}

/** The latest settings' list ``name`` ("services", "counters" …), or []. */
export const list = (name) => store.data?.[name] ?? [];

/** Position first, then name: the order the kiosk shows. */
export const byPosition = (a, b) => (a.position ?? 0) - (b.position ?? 0) || String(a.name_uk).localeCompare(String(b.name_uk), "uk");

/** The next free position after the items'. */
export const nextPosition = (items) => items.reduce((top, item) => Math.max(top, (item.position ?? 0) + 1), 0);

// The rating pad at a window: dim and calm until the window finishes a ticket, then asks
// about it; thanks for 5 s; back to idle after 60 s untouched. Polls the API with the
// pad's device token (Bearer), and reports itself every 30 s.

import { request } from "./api.js";
import { Language } from "./lang.js";
import { RatingForm } from "./rating.js";

const config = JSON.parse(document.getElementById("pad-config").textContent);
const main = document.getElementById("pad");
const slot = (name) => main.querySelector(`[data-slot="${name}"]`);
// Each visitor starts in the pad's own language: a switch lasts until the pad is idle.
const language = new Language({ ...config, remember: false });
const api = (path, options = {}) =>
  request(config.apiBase + path, { token: config.token, lang: language.lang, ...options });

// What the pad reports about itself, for the technician and for tests.
const state = {
  screen: "idle",
  prompt: null,
  polls: 0,
  heartbeats: 0,
  connected: true,
  authorized: true,
  dismissed: [], // tickets the visitor walked away from: never asked about again
};
window.qmsPad = state;

let lastTouch = Date.now();
let thanksTimer = null;

function show(screen) {
  state.screen = screen;
  main.dataset.state = screen;
  for (const section of main.querySelectorAll("[data-screen]")) {
    section.hidden = section.dataset.screen !== screen;
  }
}

function renderPrompt() {
  const prompt = state.prompt;
  if (!prompt) return;
  slot("number").textContent = prompt.number;
  slot("service").textContent = language.pick(prompt.service.name_uk, prompt.service.name_en);
}

function wake(prompt) {
  state.prompt = prompt;
  form.reset();
  renderPrompt();
  lastTouch = Date.now();
  show("ask");
}

function toIdle() {
  clearTimeout(thanksTimer);
  thanksTimer = null;
  state.prompt = null;
  form.reset();
  language.set(language.initial);
  show("idle");
}

function thank() {
  show("thanks");
  clearTimeout(thanksTimer);
  thanksTimer = setTimeout(toIdle, config.thanksSeconds * 1000);
}

function connection({ network, status }) {
  state.connected = !network;
  state.authorized = !(status === 401 || status === 403);
  slot("link").hidden = state.connected;
  slot("disconnected").hidden = state.authorized;
}

async function poll() {
  try {
    if (state.screen !== "idle") return; // a visitor is rating: nothing may replace it
    const result = await api(`/counters/${config.counterId}/rating-prompt`);
    state.polls += 1;
    connection(result);
    const prompt = result.status === 200 ? result.data : null;
    if (state.screen === "idle" && prompt && !state.dismissed.includes(prompt.ticket_id)) {
      wake(prompt);
    }
  } finally {
    setTimeout(poll, config.pollSeconds * 1000);
  }
}

async function heartbeat() {
  const result = await api("/devices/me");
  state.heartbeats += 1;
  connection(result);
  // A tablet runs for months: pick up a new server version, but never under a visitor.
  const health = await request(config.healthUrl);
  const version = health.ok ? health.data?.version : null;
  if (version && version !== config.version && state.screen === "idle") location.reload();
}

/** The visitor walked away: give up on this ticket, but never before a minute passes. */
function checkIdle() {
  if (state.screen !== "ask" || form.busy) return;
  if (Date.now() - lastTouch < config.idleSeconds * 1000) return;
  if (state.prompt) state.dismissed.push(state.prompt.ticket_id);
  toIdle();
}

const form = new RatingForm(document.getElementById("rating"), {
  language,
  async send(body) {
    const prompt = state.prompt;
    const result = await api(`/tickets/${prompt.ticket_id}/rating`, { method: "POST", body });
    connection(result);
    if (result.ok || result.code === "already_rated") {
      state.dismissed.push(prompt.ticket_id);
      thank();
      return null;
    }
    if (result.network) return language.t("networkError");
    if (result.status === 404 || result.code === "not_ratable") {
      // Nothing the visitor can do: say why, then let the pad rest.
      state.dismissed.push(prompt.ticket_id);
      clearTimeout(thanksTimer);
      thanksTimer = setTimeout(toIdle, config.thanksSeconds * 1000);
    }
    return result.message || language.t("networkError");
  },
});

for (const type of ["pointerdown", "keydown", "input", "touchstart"]) {
  window.addEventListener(type, () => (lastTouch = Date.now()), { capture: true, passive: true });
}
language.onChange(renderPrompt);
language.bind();
show("idle");
poll();
heartbeat();
setInterval(heartbeat, config.heartbeatSeconds * 1000);
setInterval(checkIdle, 1000);

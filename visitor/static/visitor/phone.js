// The page behind a ticket's QR code: shows the ticket live from its websocket (or, while
// the socket stays down, by polling every 15 s), signals the call, and takes the rating.

import { request } from "./api.js";
import { Beeper, vibrate } from "./beep.js";
import { Language } from "./lang.js";
import { RatingForm } from "./rating.js";
import { TrackStream } from "./stream.js";

const config = JSON.parse(document.getElementById("phone-config").textContent);
const main = document.getElementById("phone");
const slots = (name) => main.querySelectorAll(`[data-slot="${name}"]`);
const slot = (name) => main.querySelector(`[data-slot="${name}"]`);
const language = new Language({ ...config, remember: true });

// What the page reports about itself, for people debugging a phone and for tests.
const state = {
  ticket: config.ticket,
  connected: false,
  received: 0,
  polls: 0,
  alerts: [], // each live call: {number, counter, beep, vibrate}
  sound: "none",
  lang: language.lang,
};
window.qmsPhone = state;

let alreadyRated = false; // the server said so: thank, and say why there is no form
let lastFreshAt = Date.now(); // when the page last heard the ticket from the server
let soundHintDone = false;

const beeper = new Beeper((sound) => {
  state.sound = sound;
  if (sound === "on") soundHintDone = true;
  render(state.ticket, false);
});
slot("sound-hint").addEventListener("click", () => {
  soundHintDone = true; // the tap itself unlocks the sound (see Beeper)
  render(state.ticket, false);
});

function setText(name, text) {
  for (const element of slots(name)) element.textContent = text;
}

function formatTime(iso) {
  try {
    return new Intl.DateTimeFormat(language.lang === "en" ? "en-GB" : "uk-UA", {
      hour: "2-digit",
      minute: "2-digit",
      timeZone: config.timezone,
    }).format(new Date(iso));
  } catch {
    return "";
  }
}

/** Show ``ticket``; ``live`` is true for a change that just happened, not a page load. */
function render(ticket, live) {
  const before = state.ticket;
  state.ticket = ticket;
  const status = ticket.status;
  main.dataset.status = status;
  setText("office", language.pick(ticket.office_name_uk, ticket.office_name_en));
  setText("number", ticket.number);
  setText("service", language.pick(ticket.service.name_uk, ticket.service.name_en));
  setText("issued", formatTime(ticket.issued_at));
  setText("position", String(ticket.position));
  const estimate = ticket.estimate;
  setText("estimate", estimate ? language.pick(estimate.text_uk, estimate.text_en) : "");
  slot("estimate-line").hidden = !estimate || status !== "waiting";
  slot("ahead-line").hidden = status !== "waiting";
  slot("parked-line").hidden = status !== "parked";
  setText("counter", ticket.counter_number === null ? "" : String(ticket.counter_number));
  slot("called-line").hidden = ticket.counter_number === null;
  slot("called-nowindow").hidden = ticket.counter_number !== null;
  for (const section of main.querySelectorAll("[data-when]")) {
    section.hidden = !section.dataset.when.split(" ").includes(status);
  }
  for (const line of main.querySelectorAll("[data-status-line]")) {
    line.hidden = line.dataset.statusLine !== status;
  }
  slot("paused").hidden = !ticket.office_paused;
  slot("rate").hidden = !(ticket.ratable && !ticket.rated) || alreadyRated;
  slot("thanks").hidden = !(ticket.rated || alreadyRated);
  slot("thanks-title").textContent = language.t(alreadyRated ? "alreadyRated" : "thanks");
  const score = ticket.rating?.score ?? null;
  for (const face of main.querySelectorAll("[data-given]")) {
    face.hidden = Number(face.dataset.given) !== score;
  }
  setText("given", score === null ? "" : `${score} — ${language.t(`score${score}`)}`);
  slot("sound-hint").hidden =
    soundHintDone || state.sound !== "blocked" || !["waiting", "parked"].includes(status);
  document.title = titleOf(ticket);
  if (live) announce(before, ticket);
}

function titleOf(ticket) {
  if (ticket.status === "called" && ticket.counter_number !== null) {
    return `${ticket.number} → ${language.t("calledTo")} ${ticket.counter_number}`;
  }
  return `${language.t("ticket")} ${ticket.number}`;
}

/** Say what changed, and signal a call: never for what was already on screen at load. */
function announce(before, after) {
  const called = after.status === "called";
  const newCall = called && (before.status !== "called" || before.called_at !== after.called_at);
  if (newCall) {
    const entry = { number: after.number, counter: after.counter_number };
    entry.vibrate = vibrate();
    entry.beep = beeper.beep();
    state.alerts.push(entry);
  }
  let line = "";
  if (newCall) line = slot("called-line").hidden ? language.t("calledNoWindow") : titleOf(after);
  else if (after.status !== before.status && after.status === "serving") {
    line = `${language.t("servingAt")} ${after.counter_number ?? ""}`;
  } else if (after.office_paused && !before.office_paused) line = language.t("paused");
  if (line) slot("announce").textContent = line;
}

function receive(ticket) {
  lastFreshAt = Date.now();
  render(ticket, true);
}

const stream = new TrackStream({
  url: `${location.protocol === "https:" ? "wss:" : "ws:"}//${location.host}${config.wsPath}`,
  silenceMs: Math.max(5000, config.heartbeatSeconds * 3000),
  onMessage(message) {
    state.received += 1;
    if (message.type === "ticket" && message.data) receive(message.data);
    else if (message.type === "heartbeat") lastFreshAt = Date.now();
  },
  onStatus(online) {
    state.connected = online;
    slot("link").hidden = online;
  },
});

/** While the socket stays down, ask the API every pollSeconds instead. */
async function pollIfDown() {
  if (stream.online || Date.now() - lastFreshAt < config.pollSeconds * 1000) return;
  lastFreshAt = Date.now(); // one poll per period, whatever its answer
  state.polls += 1;
  const result = await request(config.trackUrl, { lang: language.lang });
  if (result.ok && result.data && !stream.online) receive(result.data);
}

const form = new RatingForm(document.getElementById("rating"), {
  language,
  async send(body) {
    const result = await request(`${config.trackUrl}/rating`, {
      method: "POST",
      body,
      lang: language.lang,
    });
    if (result.ok) {
      render({ ...state.ticket, rated: true, ratable: false, rating: result.data }, false);
      slot("announce").textContent = language.t("thanks");
      return null;
    }
    if (result.code === "already_rated") {
      alreadyRated = true;
      render(state.ticket, false);
      slot("announce").textContent = language.t("alreadyRated");
      const fresh = await request(config.trackUrl, { lang: language.lang });
      if (fresh.ok && fresh.data) receive(fresh.data);
      return null;
    }
    if (result.network) return language.t("networkError");
    return result.message || language.t("networkError");
  },
});

language.onChange((lang) => {
  state.lang = lang;
  render(state.ticket, false);
});
language.bind();
render(state.ticket, false);
stream.start();
setInterval(pollIfDown, 1000);

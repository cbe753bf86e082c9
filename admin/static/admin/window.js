// The administrator's window: call, serve, finish, redirect the visitor at my counter.
// Everything shown is re-read from the API whenever the office's stream says something
// changed, so two tabs of the same administrator, a reload or a server restart all land
// on the same state.

import { api } from "./api.js";
import { config } from "./config.js";
import { $, wireCloseButtons } from "./dom.js";
import { onLangChange, t } from "./i18n.js";
import { RedirectDialog } from "./redirect.js";
import { followOffice, notify } from "./shell.js";
import { openCounter, wireCounter } from "./window_counter.js";
import {
  act,
  changed,
  lookups,
  priorities,
  refresh,
  refreshSoon,
  render,
  say,
  services,
  setRenderer,
  state,
} from "./window_state.js";
import * as view from "./window_view.js";

const redirect = new RedirectDialog($("#redirect-dialog"));

setRenderer(() => {
  const working = Boolean(state.counter);
  $("#chooser").hidden = working || !state.board;
  $("#workplace").hidden = !working;
  $("#airraid").hidden = !state.officePaused;
  if (!working) {
    view.renderChooser(state.board?.counters ?? [], openCounter);
    return;
  }
  view.renderDesk(state);
  view.renderTicket(state, lookups);
  view.renderQueue(state, lookups, callTicket);
  view.renderDay(state.day);
  redirect.setCounters(state.board.counters, state.counter.id);
});

function atWindow(ticket) {
  state.ticket = ticket && ["called", "serving"].includes(ticket.status) ? ticket : null;
  if (!state.ticket) state.history = [];
  render();
}

async function callNext() {
  if (!view.canCall(state)) return;
  const result = await act(() => api(`/counters/${state.counter.id}/call-next`, { method: "POST" }));
  if (!result.ok) return;
  if (result.data === null) {
    say(t("Черга порожня", "The queue is empty"));
    return;
  }
  called(result.data);
}

async function callTicket(entry) {
  const path = `/counters/${state.counter.id}/call/${entry.ticket_id}`;
  const result = await act(() => api(path, { method: "POST" }));
  if (result.ok) called(result.data);
}

function called(ticket) {
  state.history = [];
  atWindow(ticket);
  say(t(`Викликано талон ${ticket.number}`, `Ticket ${ticket.number} called`));
  $("#start").focus();
}

/** A step on the current ticket (start, recall, no-show, park). */
async function step(name, message) {
  const ticket = state.ticket;
  if (!ticket) return;
  const result = await act(() => api(`/tickets/${ticket.id}/${name}`, { method: "POST" }));
  if (!result.ok) return;
  atWindow(result.data);
  if (name === "recall" && result.data.status === "no_show") {
    say(t(`Талон ${ticket.number}: неявка (ліміт викликів)`, `Ticket ${ticket.number}: no-show (call limit)`));
  } else {
    say(message(ticket.number, result.data));
  }
  if (state.ticket?.status === "serving") $("#finish-form input[name=outcome]:checked")?.focus();
  else if (!state.ticket) $("#call-next").focus();
}

function noteRequired() {
  const refused = $("#finish-form").elements.outcome.value === "refused";
  $("#finish-note").required = refused;
  $("#note-hint").dataset.required = String(refused);
}

async function finish(event) {
  event.preventDefault();
  const form = $("#finish-form");
  const error = $("#finish-error");
  const outcome = form.elements.outcome.value;
  const note = form.elements.note.value.trim();
  error.hidden = true;
  form.elements.note.removeAttribute("aria-invalid");
  if (outcome === "refused" && !note) {
    error.textContent = t("Для відмови вкажіть її причину в примітці.", "A refusal needs its reason in the note.");
    error.hidden = false;
    form.elements.note.setAttribute("aria-invalid", "true");
    form.elements.note.focus();
    return;
  }
  const ticket = state.ticket;
  const result = await act(() =>
    api(`/tickets/${ticket.id}/finish`, { method: "POST", body: { outcome, note } }),
  );
  if (!result.ok) {
    if (result.error?.status === 422) {
      error.textContent = result.error.message;
      error.hidden = false;
      notify("");
    }
    return;
  }
  form.reset();
  noteRequired();
  atWindow(result.data);
  say(t(`Талон ${ticket.number} обслуговано`, `Ticket ${ticket.number} served`));
  $("#call-next").focus();
}

async function redirectTicket() {
  const ticket = state.ticket;
  if (!ticket) return;
  changed();
  const redirected = await redirect.open(ticket);
  changed();
  if (!redirected) return;
  atWindow(null);
  say(t(`Талон ${ticket.number} перенаправлено`, `Ticket ${ticket.number} redirected`));
  refreshSoon();
  $("#call-next").focus();
}

// ---- wiring ----
$("#call-next").addEventListener("click", callNext);
$("#start").addEventListener("click", () =>
  step("start", (n) => t(`Обслуговування талона ${n} почато`, `Serving ticket ${n}`)),
);
$("#recall").addEventListener("click", () =>
  step("recall", (n, tk) => t(`Повторний виклик ${tk.recall_count} з ${state.recallLimit}: ${n}`, `Called again ${tk.recall_count} of ${state.recallLimit}: ${n}`)),
);
$("#no-show").addEventListener("click", () =>
  step("no-show", (n) => t(`Талон ${n}: не з'явився`, `Ticket ${n}: did not come`)),
);
$("#park").addEventListener("click", () => step("park", (n) => t(`Талон ${n} відкладено`, `Ticket ${n} set aside`)));
for (const button of document.querySelectorAll("[data-action=redirect]")) {
  button.addEventListener("click", redirectTicket);
}
$("#finish-form").addEventListener("submit", finish);
$("#finish-form").addEventListener("change", noteRequired);
wireCounter();
wireCloseButtons();

// F2 anywhere, or Space when nothing is focused: call the next visitor.
document.addEventListener("keydown", (event) => {
  if (document.querySelector("dialog[open]") || $("#workplace").hidden) return;
  const idle = !document.activeElement || document.activeElement === document.body;
  if (event.key === "F2" || (event.key === " " && idle)) {
    event.preventDefault();
    callNext();
  }
});
onLangChange(() => {
  say(""); // a message of the other language would linger
  render();
});

const live = followOffice((message) => {
  if (message.type === "office.paused" || message.type === "office.resumed") {
    state.officePaused = message.type === "office.paused";
    render();
  }
  if (message.type === "snapshot" || /^(ticket|counter|office)\./.test(message.type)) refreshSoon();
});
setInterval(refreshSoon, 30_000); // waiting times grow without any event

api(`/offices/${config.officeId}/services`)
  .then((catalog) => {
    for (const category of catalog.categories) {
      for (const service of category.services) services.set(service.id, service);
    }
    for (const priority of catalog.priorities) priorities.set(priority.code, priority);
    redirect.setCatalog(catalog);
    render();
  })
  .catch((error) => notify(error.message, "error"));
refresh();

// A read-only view for tests and for a look from the browser's console.
Object.defineProperty(window, "qmsAdmin", {
  value: Object.freeze({
    get connected() {
      return live.connected;
    },
    get lastSeq() {
      return live.lastSeq;
    },
    get refreshes() {
      return state.refreshes;
    },
    get ticket() {
      return state.ticket?.number ?? null;
    },
  }),
});

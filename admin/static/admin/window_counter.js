// My counter's session at the window: open it, take a break and come back, close it (a
// ticket still at the window needs a decision first; logging out closes it too).

import { api } from "./api.js";
import { $, ask } from "./dom.js";
import { t } from "./i18n.js";
import { setLogoutGuard } from "./shell.js";
import { act, refresh, say, state } from "./window_state.js";

/** Open ``counter`` (a board counter) for me. */
export async function openCounter(counter) {
  const result = await act(() => api(`/counters/${counter.id}/session`, { method: "POST" }));
  if (result.ok) {
    say("");
    await refresh();
    $("#call-next").focus();
  }
}

async function pause(event) {
  event.preventDefault(); // the dialog closes once the server agrees
  const dialog = $("#pause-dialog");
  const form = $("#pause-form").elements;
  const chosen = form.reason.value;
  const reason = chosen === "other" ? form.other.value.trim() : chosen;
  const line = dialog.querySelector("[data-slot=error]");
  if (!reason) {
    line.textContent = t("Вкажіть причину перерви.", "Give the reason for the break.");
    line.hidden = false;
    return;
  }
  const result = await act(() =>
    api(`/counters/${state.counter.id}/pause`, { method: "POST", body: { reason } }),
  );
  if (result.ok) {
    dialog.close();
  } else {
    line.textContent = result.error.message;
    line.hidden = false;
  }
}

/** Close my counter; a ticket still at it needs a decision first. False if not closed. */
export async function closeCounter() {
  const counter = state.counter;
  if (!counter) return true;
  const leave = $("#leave-dialog");
  let choice = "";
  for (let attempt = 0; attempt < 2; attempt += 1) {
    if (counter.current_ticket_id || state.ticket || attempt > 0) {
      leave.querySelector("[data-slot=number]").textContent = state.ticket?.number ?? "";
      choice = await ask(leave);
      if (!choice) return false;
    }
    const query = choice ? `?current_ticket=${choice}` : "";
    const path = `/counters/${counter.id}/session${query}`;
    const result = await act(() => api(path, { method: "DELETE" }));
    if (result.ok) return true;
    // 409: a ticket reached the window meanwhile: ask what to do with it.
    if (result.error?.status !== 409 || choice) return false;
    await refresh();
  }
  return false;
}

/** Wire the counter's buttons and dialogs. */
export function wireCounter() {
  $("#pause").addEventListener("click", () => {
    $("#pause-form").reset();
    $("#pause-dialog [data-slot=error]").hidden = true;
    $("#pause-dialog").showModal();
  });
  $("#pause-form").addEventListener("submit", pause);
  $("#pause-other").addEventListener("input", () => {
    $("#pause-form").elements.reason.value = "other"; // typing a reason chooses "other"
  });
  $("#resume").addEventListener("click", async () => {
    const result = await act(() => api(`/counters/${state.counter.id}/resume`, { method: "POST" }));
    if (result.ok) $("#call-next").focus();
  });
  $("#close-counter").addEventListener("click", async () => {
    if (await closeCounter()) say(t("Вікно закрито", "The window is closed"));
  });
  setLogoutGuard(closeCounter);
}

// The office board at reception: every queue and every window, from a snapshot of
// GET /offices/{id}/queue (the websocket's snapshot has the same shape).

import { $, h } from "./dom.js";
import { clockTime, duration, named } from "./format.js";
import { t } from "./i18n.js";

function counterState(c) {
  switch (c.state) {
    case "closed":
      return t("зачинене", "closed");
    case "open":
      return t("вільне", "free");
    case "serving":
      return c.ticket_status === "serving" ? t("обслуговує", "serving") : t("викликано", "calling");
    case "paused":
      return t(
        `перерва з ${clockTime(c.paused_at)}${c.paused_reason ? `: ${c.paused_reason}` : ""}`,
        `break since ${clockTime(c.paused_at)}${c.paused_reason ? `: ${c.paused_reason}` : ""}`,
      );
    default:
      return c.state;
  }
}

/** Draw the board. */
export function renderBoard(board) {
  $("#waiting-total").textContent = String(board.waiting_total ?? 0);
  const lines = (board.services ?? []).filter((line) => line.waiting > 0);
  $("#queues-empty").hidden = lines.length > 0;
  $("#queues tbody").replaceChildren(
    ...lines.map((line) =>
      h(
        "tr",
        { dataset: { service: line.service.id }, class: line.above_target ? "above-target" : "" },
        h("th", { scope: "row" }, named(line.service)),
        h("td", { dataset: { cell: "waiting" } }, String(line.waiting)),
        h(
          "td",
          { dataset: { cell: "longest" } },
          duration(line.longest_wait_s),
          line.above_target ? h("span", { class: "badge warn" }, t("понад норматив", "above target")) : null,
        ),
        h("td", {}, t(`${line.target_wait_min} хв`, `${line.target_wait_min} min`)),
      ),
    ),
  );
  const counters = [...(board.counters ?? [])].sort((a, b) => a.number - b.number);
  $("#counters tbody").replaceChildren(
    ...counters.map((c) =>
      h(
        "tr",
        { dataset: { counter: c.number, state: c.state } },
        h("th", { scope: "row" }, `${t("Вікно", "Window")} ${c.number}`),
        h("td", { dataset: { cell: "state" } }, counterState(c)),
        h("td", { dataset: { cell: "ticket" } }, c.ticket_number ?? ""),
        h("td", { dataset: { cell: "operator" } }, c.operator_name ?? ""),
      ),
    ),
  );
}

// A ticket's history (GET /tickets/{id}/history) in words.

import { h } from "./dom.js";
import { clockTime } from "./format.js";
import { t } from "./i18n.js";

const OUTCOMES = {
  consultation: ["консультація", "consultation"],
  documents_accepted: ["документи прийнято", "documents accepted"],
  result_issued: ["результат видано", "result issued"],
  refused: ["відмова", "refused"],
  redirected_elsewhere: ["скеровано до іншого органу", "referred elsewhere"],
  other: ["інше", "other"],
};

/**
 * Names for the ids in events.
 * @typedef {{service: (id: number) => string, counter: (id: number) => string}} Lookups
 */

/** Where a redirect sent the ticket: "послуга …", "вікно 3". */
export function redirectTarget(data, lookups) {
  const parts = [];
  if (data.to_counter_id) parts.push(`${t("вікно", "window")} ${lookups.counter(data.to_counter_id)}`);
  if (data.to_service_id && data.to_service_id !== data.from_service_id) {
    parts.push(lookups.service(data.to_service_id));
  }
  if (data.to_operator_id) parts.push(t("до адміністратора", "to an administrator"));
  return parts.join(", ") || lookups.service(data.to_service_id);
}

/** One history entry in words, without its time and author. */
export function describeEntry(entry, lookups) {
  const d = entry.data ?? {};
  switch (entry.type) {
    case "ticket.issued":
      return t("Талон видано", "Ticket issued");
    case "ticket.called":
      return t(`Викликано до вікна ${d.counter_number}`, `Called to window ${d.counter_number}`);
    case "ticket.recalled":
      return t(`Повторний виклик ${d.recall_count}`, `Called again (${d.recall_count})`);
    case "ticket.started":
      return t("Почато обслуговування", "Service started");
    case "ticket.finished": {
      const outcome = OUTCOMES[d.outcome] ? t(...OUTCOMES[d.outcome]) : d.outcome;
      return t(`Завершено: ${outcome}`, `Finished: ${outcome}`);
    }
    case "ticket.no_show":
      return t("Не з'явився", "Did not come");
    case "ticket.redirected":
      return t(
        `Перенаправлено: ${redirectTarget(d, lookups)}`,
        `Redirected: ${redirectTarget(d, lookups)}`,
      );
    case "ticket.parked":
      return t("Відкладено", "Set aside");
    case "ticket.unparked":
      return t("Повернуто в чергу", "Back in the queue");
    case "ticket.cancelled":
      return t("Скасовано", "Cancelled");
    case "ticket.expired":
      return t("День закінчився", "The day ended");
    case "ticket.rated":
      return t("Відвідувач оцінив обслуговування", "The visitor rated the service");
    default:
      return entry.type;
  }
}

/** The history as a list: time, what happened, who, and any note or reason. */
export function historyList(entries, lookups) {
  return h(
    "ol",
    { class: "history" },
    entries.map((entry) => {
      const note = entry.data?.note || entry.data?.reason || "";
      return h(
        "li",
        { dataset: { type: entry.type } },
        h("time", { datetime: entry.at }, clockTime(entry.at)),
        " ",
        h("span", { class: "what" }, describeEntry(entry, lookups)),
        entry.actor ? h("span", { class: "actor" }, ` — ${entry.actor}`) : null,
        note ? h("q", { class: "note" }, note) : null,
      );
    }),
  );
}

// Drawing the administrator's window from its state; no requests here.

import { $, h, showWhen } from "./dom.js";
import { bookedMark, clockTime, duration, named, secondsSince, ticketStatus } from "./format.js";
import { redirectTarget } from "./history.js";
import { t } from "./i18n.js";

/** The windows of the office to choose from, with who has the busy ones. */
export function renderChooser(counters, onOpen) {
  const sorted = [...counters].sort((a, b) => a.number - b.number);
  $("#counters").replaceChildren(
    ...sorted.map((c) => {
      const free = c.state === "closed";
      const label = `${t("Вікно", "Window")} ${c.number}`;
      return h(
        "li",
        { class: free ? "choice free" : "choice busy", dataset: { counter: c.number } },
        h("span", { class: "choice-name" }, label),
        c.zone ? h("span", { class: "choice-zone" }, `${t("зона", "zone")} ${c.zone}`) : null,
        h(
          "span",
          { class: "choice-state" },
          free ? t("вільне", "free") : `${t("зайняте", "taken")}: ${c.operator_name ?? ""}`,
        ),
        h(
          "button",
          { type: "button", class: "primary", disabled: !free, onclick: () => onOpen(c) },
          t(`Відкрити вікно ${c.number}`, `Open window ${c.number}`),
        ),
      );
    }),
  );
}

/** The desk: my window's number and state, the call button, the air-raid banner. */
export function renderDesk(state) {
  const counter = state.counter;
  const paused = counter?.state === "paused";
  $("#counter-number").textContent = counter ? String(counter.number) : "";
  $("#counter-state").textContent = paused
    ? t(
        `На перерві з ${clockTime(counter.paused_at)}: ${counter.paused_reason ?? ""}`,
        `On a break since ${clockTime(counter.paused_at)}: ${counter.paused_reason ?? ""}`,
      )
    : t("Вікно працює", "The window is open");
  $("#counter-state").dataset.paused = String(paused);
  $("#pause").hidden = paused;
  $("#pause").disabled = Boolean(state.ticket) || state.busy;
  $("#resume").hidden = !paused;
  $("#airraid").hidden = !state.officePaused;
  $("#call-next").disabled = !canCall(state);
}

/** Whether a visitor may be called now (the server checks again). */
export function canCall(state) {
  const counter = state.counter;
  return Boolean(
    counter && counter.state !== "paused" && !state.ticket && !state.officePaused && !state.busy,
  );
}

function fact(term, value, extra = {}) {
  return h("div", extra, h("dt", {}, term), h("dd", {}, value));
}

/** The ticket at my window: who they are in the queue's terms, and what to do next.
 * ``lookups.booked(ticket)`` is the visitor's appointment time, if they booked. */
export function renderTicket(state, lookups) {
  const card = $("#ticket");
  const ticket = state.ticket;
  const status = ticket ? ticket.status : "empty";
  card.dataset.state = status;
  showWhen(card, status);
  const live = $("#ticket-live");
  if (!ticket) {
    live.replaceChildren();
    $("#ticket-details").replaceChildren();
    return;
  }
  live.replaceChildren(
    h("span", { class: "ticket-number", id: "ticket-number" }, ticket.number),
    " ",
    h("span", { class: "ticket-status" }, ticketStatus(ticket.status)),
  );
  const limit = state.recallLimit;
  const recalls = ticket.recall_count ?? 0;
  $("#recall-next").textContent =
    recalls >= limit
      ? t("(ліміт вичерпано — буде неявка)", "(limit reached: a no-show)")
      : `(${recalls + 1} ${t("з", "of")} ${limit})`;
  const priority = ticket.priority ? lookups.priority(ticket.priority) : null;
  const redirects = state.history.filter((e) => e.type === "ticket.redirected");
  const booked = lookups.booked(ticket);
  const parts = [
    h("p", { class: "ticket-service" }, named(ticket.service)),
    booked ? h("p", { class: "booked-mark", id: "ticket-booked" }, h("span", { class: "badge booked" }, bookedMark(booked))) : null,
    priority
      ? h(
          "div",
          { class: "priority-box", id: "ticket-priority" },
          h("p", {}, t("Позачергово: ", "Priority: "), h("b", {}, priority)),
          ticket.document_seen
            ? h("p", { class: "seen" }, t("Документ переглянуто на рецепції", "Document seen at reception"))
            : h("p", { class: "check-doc", role: "note" }, t("Перевірте документ, що підтверджує пільгу", "Check the document for the priority")),
        )
      : null,
    ticket.note ? h("p", { class: "ticket-note" }, h("b", {}, t("Примітка: ", "Note: ")), ticket.note) : null,
    h(
      "dl",
      { class: "facts" },
      fact(t("Очікував", "Waited"), duration(secondsSince(ticket.issued_at, ticket.called_at))),
      fact(
        t("Талон видано", "Issued"),
        `${clockTime(ticket.issued_at)}, ${ticket.issued_by_kiosk ? t("термінал", "kiosk") : t("рецепція", "reception")}`,
      ),
      fact(t("Викликано", "Called"), clockTime(ticket.called_at)),
      ticket.started_at ? fact(t("Почато", "Started"), clockTime(ticket.started_at)) : null,
      recalls > 0
        ? fact(t("Повторний виклик", "Called again"), `${recalls} ${t("з", "of")} ${limit}`, {
            id: "recall-count",
          })
        : null,
    ),
    redirects.length
      ? h(
          "div",
          { class: "redirects", id: "ticket-redirects" },
          h("h3", {}, t("Перенаправлення", "Redirects")),
          h(
            "ul",
            {},
            redirects.map((e) =>
              h(
                "li",
                {},
                `${clockTime(e.at)}, ${e.actor}: ${redirectTarget(e.data ?? {}, lookups)}`,
                e.data?.note ? h("q", { class: "note" }, e.data.note) : null,
              ),
            ),
          ),
        )
      : null,
  ];
  // replaceChildren would print a null as "null": drop the parts this ticket lacks.
  $("#ticket-details").replaceChildren(...parts.filter(Boolean));
}

/** The tickets my window may call, next first. */
export function renderQueue(state, lookups, onCall) {
  const queue = state.queue ?? { waiting: 0, longest_wait_s: 0, tickets: [] };
  $("#queue-waiting").textContent = String(queue.waiting);
  $("#queue-longest").textContent = queue.waiting ? duration(queue.longest_wait_s) : "—";
  $("#queue-empty").hidden = queue.tickets.length > 0;
  const callable = canCall(state);
  $("#queue-rows").replaceChildren(
    ...queue.tickets.map((entry, index) => {
      const marks = [];
      if (entry.priority) {
        marks.push(h("span", { class: "badge priority" }, lookups.priority(entry.priority)));
        if (!entry.document_seen) marks.push(h("span", { class: "badge warn" }, t("документ", "document")));
      }
      const booked = lookups.booked(entry);
      if (booked) marks.push(h("span", { class: "badge booked" }, bookedMark(booked)));
      if (entry.for_me) marks.push(h("span", { class: "badge mine" }, t("до мене", "for me")));
      if (entry.note) marks.push(h("span", { class: "row-note" }, entry.note));
      return h(
        "tr",
        { dataset: { ticket: entry.number }, class: index === 0 ? "next" : "" },
        h("th", { scope: "row" }, entry.number),
        h("td", {}, lookups.service(entry.service_id)),
        h("td", {}, duration(entry.waited_s)),
        h("td", { class: "marks" }, marks),
        h(
          "td",
          {},
          h(
            "button",
            {
              type: "button",
              class: "small",
              disabled: !callable,
              "aria-label": t(`Викликати талон ${entry.number}`, `Call ticket ${entry.number}`),
              onclick: () => onCall(entry),
            },
            t("Викликати", "Call"),
          ),
        ),
      );
    }),
  );
}

/** My day so far. */
export function renderDay(day) {
  if (!day) return;
  $("#day-served").textContent = String(day.served);
  $("#day-no-shows").textContent = String(day.no_shows);
  $("#day-average").textContent = day.average_service_s === null ? "—" : duration(day.average_service_s);
  $("#day-paused").textContent = day.paused_s > 0 ? duration(day.paused_s) : t("0 хв", "0 min");
}

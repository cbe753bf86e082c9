// The issued ticket (number, people ahead or a booked visitor's time, wait, QR code,
// whether paper is coming) and the friendly screens for what the API refused.

import { pick } from "./catalog.js";
import { h, localized } from "./dom.js";
import { view } from "./screens.js";

/** The print line's texts for ``result.print``: "printing" | "printed" | "screen". */
export function printLines(ctx, result) {
  if (result.print === "printing") return [ctx.t("printing")];
  if (result.print === "printed") return [ctx.t("printed")];
  const lines = [ctx.t("photo"), ctx.t("keep")];
  return result.failed ? [ctx.t("printFailed"), ...lines] : lines;
}

/** Fill the print status element (also used while the print job is followed). */
export function paintPrint(element, ctx, result) {
  const [first, ...rest] = printLines(ctx, result);
  element.dataset.state = result.print;
  element.replaceChildren(
    h("strong", {}, first),
    ...rest.map((line) => h("span", { class: "print-more" }, line)),
  );
}

/** "10:30" when a checked-in visitor is called at their booked time; null for a live ticket. */
export function bookedTime(ticket) {
  return ticket.booking && !ticket.late ? ticket.booking.time : null;
}

/** Why a late visitor's ticket is a live one: the grace period in minutes when known. */
export function lateText(ctx, booking) {
  const ms = Date.parse(booking.check_in_until) - Date.parse(booking.start);
  const n = Number.isFinite(ms) ? Math.round(ms / 60_000) : 0;
  return ctx.t(n > 0 ? "late" : "lateUnknown", { time: booking.time, n });
}

/** Where the visitor stands: the booked time, or people ahead and the wait (after the
 * reason for a late booked visitor). */
function standing(ctx, ticket) {
  const time = bookedTime(ticket);
  if (time) return h("p", { class: "booked-time", id: "booked-time" }, ctx.t("bookedTime", { time }));
  const estimate = ticket.estimate ? pick(ticket.estimate, "text", ctx.lang).text : "";
  return [
    ticket.late && ticket.booking && h("p", { class: "notice late-note", id: "late-note" }, lateText(ctx, ticket.booking)),
    h("p", { class: "ahead", id: "ahead" }, ctx.t("ahead", { n: ticket.position })),
    estimate && h("p", { class: "estimate", id: "estimate" }, ctx.t("wait", { text: estimate })),
  ];
}

export function result(ctx) {
  const { ticket, priority, replayed } = ctx.result;
  const title = ctx.t("resultTitle");
  const service = pick(ticket.service, "name", ctx.lang);
  const category = priority ? ctx.catalog.priority(priority) : null;
  const print = h("p", { class: "print-status", id: "print-status" });
  paintPrint(print, ctx, ctx.result);
  const body = h(
    "div",
    { class: "ticket" },
    h(
      "div",
      { class: "ticket-main" },
      h(
        "p",
        { class: "ticket-number" },
        h("span", { class: "sr-only" }, ctx.t("ticketNumber") + ": "),
        h("span", { id: "ticket-number" }, ticket.number),
      ),
      localized("p", { class: "ticket-service" }, service, ctx.lang),
      replayed && h("p", { class: "notice", id: "replayed" }, ctx.t("replayed")),
      standing(ctx, ticket),
      priority &&
        h(
          "p",
          { class: "notice priority-note", id: "priority-note" },
          category
            ? ctx.t("priorityTicket", { name: pick(category, "name", ctx.lang).text }) + " "
            : "",
          ctx.t("priorityCheck"),
        ),
      h("p", { class: "watch" }, ctx.t("watch")),
    ),
    // Beside the number on a wide screen, below it on a tall one: what to do with the ticket.
    h(
      "div",
      { class: "ticket-side" },
      print,
      h(
        "figure",
        { class: "qr" },
        h("img", {
          src: ctx.qrUrl(ticket.track_token),
          alt: ctx.t("qrAlt", { number: ticket.number }),
          width: "320",
          height: "320",
        }),
        h("figcaption", {}, ctx.t("qrCaption")),
      ),
    ),
  );
  const done = h("button", { type: "button", class: "primary wide", id: "done", onclick: ctx.done }, ctx.t("done"));
  return { title, node: view("result", title, body, done) };
}

/** What the visitor is told for an API refusal or a lost connection. */
function errorTexts(ctx, error) {
  if (error.network) return [ctx.t("offlineTitle"), ctx.t("offlineText")];
  const message = error.message || ctx.t("genericText");
  switch (error.code) {
    case "office_closed":
      return [ctx.t("closedTitle"), message];
    case "daily_cap_reached":
      return [ctx.t("capTitle"), message];
    case "service_unavailable":
      return [ctx.t("unavailableTitle"), message];
    case "too_many_requests":
      return [ctx.t("waitTitle"), message];
    default:
      return [ctx.t("errorTitle"), ctx.t("genericText")];
  }
}

export function failure(ctx) {
  const error = ctx.error;
  const [title, message] = errorTexts(ctx, error);
  // The server's message is in the language of the request, which the visitor may have
  // switched since.
  const foreign = message === error.message && error.lang !== ctx.lang;
  const body = h(
    "p",
    { class: "error-message", id: "error-message", lang: foreign ? error.lang : null },
    message,
  );
  const home = h("button", { type: "button", class: "primary wide", onclick: ctx.home }, ctx.t("home"));
  return { title, node: view("error", title, body, home) };
}

// Today's appointments at reception (GET /offices/{id}/bookings): who is expected when,
// who came, who is late or did not come; a visitor at the desk with their code is checked
// in here, exactly as at the kiosk. Re-read whenever the office's stream reports a booking.

import { api } from "./api.js";
import { config } from "./config.js";
import { $, debounced, h } from "./dom.js";
import { named } from "./format.js";
import { onLangChange, t } from "./i18n.js";
import { notify } from "./shell.js";

// Each state has its own symbol, words and outline, so it never rests on colour alone.
const STATES = {
  booked: { symbol: "◷", en: "expected" },
  arrived: { symbol: "✓", en: "arrived in time" },
  late: { symbol: "!", en: "late, in the live queue" },
  missed: { symbol: "✕", en: "did not come" },
  cancelled: { symbol: "–", en: "cancelled" },
};
const COUNTED = ["booked", "arrived", "late", "missed"];
// A visitor who did not come in time may still come later: checked in, a live ticket.
const CHECKABLE = new Set(["booked", "missed"]);

/** A booking's state in words: the server's Ukrainian, or the English equivalent. */
export const bookingState = (b) => t(b.status_uk, STATES[b.status]?.en ?? b.status);

export class BookingsPanel {
  #bookings = null; // null until the first read
  #results = new Map(); // booking id -> {ticket} or {error}: what the desk's check-in gave
  #busy = new Set();
  #asked = 0; // reads started: an older answer arriving late is dropped
  reads = 0;

  /** @param {(ticket: object) => void} onIssued  shows a checked-in visitor's ticket */
  constructor(onIssued) {
    this.onIssued = onIssued;
    this.loadSoon = debounced(() => this.load(), 300, 1000);
    onLangChange(() => this.render());
  }

  /** A message from the office's stream: re-read on a snapshot and on booking events. */
  apply(message) {
    if (message.type === "snapshot" || message.type.startsWith("booking.")) this.loadSoon();
  }

  async load() {
    const asked = ++this.#asked;
    try {
      const bookings = await api(`/offices/${config.officeId}/bookings`);
      if (asked !== this.#asked) return;
      this.#bookings = bookings;
      this.reads += 1;
      this.render();
    } catch (error) {
      notify(error.message, "error");
    }
  }

  render() {
    const bookings = this.#bookings;
    if (bookings === null) return;
    for (const status of COUNTED) {
      const count = bookings.filter((b) => b.status === status).length;
      $(`#booking-counts [data-count=${status}] dd`).textContent = String(count);
    }
    $("#bookings-empty").hidden = bookings.length > 0;
    $("#bookings").hidden = bookings.length === 0;
    // Re-drawn on every booking event: whoever was on a row's control stays there.
    const focused = document.activeElement?.closest?.("#bookings tr")?.dataset.booking;
    $("#bookings tbody").replaceChildren(...bookings.map((b) => this.#row(b)));
    if (focused) this.#focus(Number(focused));
  }

  /** Focus the booking's button, else what its check-in gave. */
  #focus(id) {
    const row = $(`#bookings tr[data-booking="${id}"]`);
    row?.querySelector("button:not(:disabled), [data-cell=action] [tabindex]")?.focus();
  }

  #row(b) {
    const state = STATES[b.status] ?? { symbol: "?", en: b.status };
    return h(
      "tr",
      { dataset: { booking: b.id, code: b.code, status: b.status }, class: `booking ${b.status}` },
      h("th", { scope: "row", class: "booking-time" }, h("time", { datetime: b.start }, b.time)),
      h(
        "td",
        { class: "booking-what" },
        h("span", { class: "code", dataset: { cell: "code" } }, b.code),
        h("span", { class: "service" }, named({ name_uk: b.service_uk, name_en: b.service_en })),
        b.phone ? h("span", { class: "row-note phone", dataset: { cell: "phone" } }, b.phone) : null,
      ),
      h(
        "td",
        { dataset: { cell: "state" } },
        h("span", { class: `badge booking-state ${b.status}` }, h("span", { "aria-hidden": "true" }, `${state.symbol} `), bookingState(b)),
        b.ticket_number
          ? h("span", { class: "booking-ticket", dataset: { cell: "ticket" } }, t("Талон ", "Ticket "), h("b", {}, b.ticket_number))
          : null,
      ),
      h("td", { dataset: { cell: "action" } }, this.#action(b)),
    );
  }

  #action(b) {
    const result = this.#results.get(b.id);
    const parts = [];
    if (CHECKABLE.has(b.status) && !result?.ticket) {
      parts.push(
        h(
          "button",
          {
            type: "button",
            class: "small",
            disabled: this.#busy.has(b.id),
            "aria-label": t(`Зареєструвати запис ${b.code} на ${b.time}`, `Check in booking ${b.code} at ${b.time}`),
            onclick: () => this.#checkIn(b),
          },
          t("Зареєструвати", "Check in"),
        ),
      );
    }
    if (result?.ticket) parts.push(h("span", { class: "checkin-result", tabindex: -1 }, this.#issuedText(result.ticket)));
    if (result?.error) parts.push(h("span", { class: "checkin-error error", tabindex: -1 }, result.error));
    return parts;
  }

  #issuedText(ticket) {
    return ticket.late
      ? t(`Запізнення: талон ${ticket.number} у живій черзі`, `Late: ticket ${ticket.number} in the live queue`)
      : t(`Видано талон ${ticket.number}`, `Ticket ${ticket.number} issued`);
  }

  async #checkIn(b) {
    if (this.#busy.has(b.id)) return;
    this.#busy.add(b.id);
    this.#results.delete(b.id);
    this.render();
    try {
      const ticket = await api(`/offices/${config.officeId}/check-in`, {
        method: "POST",
        body: { code: b.code, print: false },
      });
      this.#results.set(b.id, { ticket });
      notify(this.#issuedText(ticket));
      this.onIssued(ticket);
      this.loadSoon();
    } catch (error) {
      this.#results.set(b.id, { error: error.message });
      notify(error.message, "error");
    } finally {
      this.#busy.delete(b.id);
      this.render();
      this.#focus(b.id);
    }
  }
}

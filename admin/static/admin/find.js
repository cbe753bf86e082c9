// Finding a visitor's ticket by its number at reception: where it is (status, people
// ahead, estimate, window), its history, and what reception may do with it.

import { api } from "./api.js";
import { config } from "./config.js";
import { $, ask, h } from "./dom.js";
import { bookedMark, clockTime, named, ticketStatus } from "./format.js";
import { historyList } from "./history.js";
import { onLangChange, t } from "./i18n.js";

export class FindPanel {
  #number = "";
  #found = []; // [{ticket, history}]

  /**
   * @param {import("./redirect.js").RedirectDialog} redirect
   * @param {import("./history.js").Lookups & {priority: (code: string) => string}} lookups
   */
  constructor(redirect, lookups) {
    this.redirect = redirect;
    this.lookups = lookups;
    $("#find-form").addEventListener("submit", (event) => {
      event.preventDefault();
      this.#number = $("#find-number").value.trim();
      if (this.#number) this.search();
    });
    onLangChange(() => this.render());
  }

  /** Whether a ticket on screen is this one (its events make the panel read again). */
  shows(ticketId) {
    return this.#found.some((f) => f.ticket.id === ticketId);
  }

  async search() {
    try {
      const tickets = await api(
        `/offices/${config.officeId}/tickets?number=${encodeURIComponent(this.#number)}`,
      );
      const histories = await Promise.all(tickets.map((tk) => api(`/tickets/${tk.id}/history`)));
      this.#found = tickets.map((ticket, i) => ({ ticket, history: histories[i] }));
      this.render();
    } catch (error) {
      $("#found").replaceChildren(h("p", { class: "error" }, error.message));
    }
  }

  render() {
    const box = $("#found");
    if (!this.#number) return;
    if (!this.#found.length) {
      box.replaceChildren(
        h("p", { class: "empty" }, t(`Талон «${this.#number}» сьогодні не видавали`, `No ticket “${this.#number}” today`)),
      );
      return;
    }
    box.replaceChildren(...this.#found.map((f) => this.#card(f.ticket, f.history)));
  }

  #card(ticket, history) {
    const facts = [
      ["service", t("Послуга", "Service"), named(ticket.service)],
      ticket.status === "waiting" ? ["ahead", t("Перед ним", "People ahead"), String(ticket.position)] : null,
      ticket.estimate
        ? ["estimate", t("Очікування", "Estimate"), t(ticket.estimate.text_uk, ticket.estimate.text_en)]
        : null,
      ticket.counter_number ? ["window", t("Вікно", "Window"), String(ticket.counter_number)] : null,
      ["issued", t("Видано", "Issued"), clockTime(ticket.issued_at)],
      ticket.priority ? ["priority", t("Пільга", "Priority"), this.lookups.priority(ticket.priority)] : null,
      ticket.note ? ["note", t("Примітка", "Note"), ticket.note] : null,
    ].filter(Boolean);
    const actions = [];
    if (["waiting", "called", "serving"].includes(ticket.status)) {
      actions.push(this.#button(t("Перенаправити", "Redirect"), () => this.#redirect(ticket)));
    }
    if (["waiting", "parked"].includes(ticket.status)) {
      actions.push(this.#button(t("Скасувати талон", "Cancel the ticket"), () => this.#cancel(ticket)));
    }
    if (ticket.status === "parked") {
      actions.push(this.#button(t("Повернути в чергу", "Back to the queue"), () => this.#unpark(ticket)));
    }
    return h(
      "article",
      { class: "found-ticket", dataset: { ticket: ticket.number, status: ticket.status } },
      h(
        "h3",
        {},
        ticket.number,
        " ",
        h("span", { class: "status" }, ticketStatus(ticket.status)),
        ticket.booked_for ? [" ", h("span", { class: "badge booked" }, bookedMark(ticket.booked_for))] : null,
      ),
      h(
        "dl",
        { class: "facts" },
        facts.map(([key, term, value]) => h("div", { dataset: { fact: key } }, h("dt", {}, term), h("dd", {}, value))),
      ),
      h("h4", {}, t("Історія", "History")),
      historyList(history, this.lookups),
      actions.length ? h("div", { class: "actions" }, actions) : null,
      h("p", { class: "error", role: "alert", hidden: true }),
    );
  }

  #button(label, run) {
    const button = h("button", { type: "button" }, label);
    button.addEventListener("click", async () => {
      button.disabled = true;
      try {
        await run();
      } catch (error) {
        const line = button.closest("article").querySelector(".error");
        line.textContent = error.message;
        line.hidden = false;
      } finally {
        button.disabled = false;
      }
    });
    return button;
  }

  async #redirect(ticket) {
    if (await this.redirect.open(ticket)) await this.search();
  }

  async #cancel(ticket) {
    const dialog = $("#confirm-dialog");
    dialog.querySelector("[data-slot=title]").textContent = t(`Скасувати талон ${ticket.number}?`, `Cancel ticket ${ticket.number}?`);
    dialog.querySelector("[data-slot=text]").textContent = t(
      "Талон вийде з черги. Відвідувач зможе отримати новий.",
      "The ticket leaves the queue. The visitor can take a new one.",
    );
    dialog.querySelector("[data-slot=ok]").textContent = t("Скасувати талон", "Cancel the ticket");
    dialog.querySelector("[data-slot=reason-field]").hidden = false;
    $("#confirm-reason").value = "";
    if ((await ask(dialog)) !== "ok") return;
    const reason = $("#confirm-reason").value.trim();
    await api(`/tickets/${ticket.id}/cancel`, { method: "POST", body: { reason } });
    await this.search();
  }

  async #unpark(ticket) {
    await api(`/tickets/${ticket.id}/unpark`, { method: "POST" });
    await this.search();
  }
}

// The redirect dialog, the same at the window and at reception: to another service or to
// another window, keeping the arrival time by default, with a note for whoever is next.

import { api } from "./api.js";
import { h } from "./dom.js";
import { named } from "./format.js";
import { onLangChange, t } from "./i18n.js";

export class RedirectDialog {
  #dialog;
  #form;
  #ticket = null;
  #resolve = null;
  #categories = [];
  #counters = [];
  #exceptCounter = null;

  /** @param {HTMLDialogElement} dialog  the template's #redirect-dialog */
  constructor(dialog) {
    this.#dialog = dialog;
    this.#form = dialog.querySelector("form");
    this.#form.addEventListener("submit", (event) => {
      event.preventDefault(); // the dialog closes once the server agrees
      this.#submit();
    });
    this.#form.addEventListener("change", () => this.#showTarget());
    dialog.querySelector("[data-action=close]").addEventListener("click", () => dialog.close());
    dialog.addEventListener("close", () => this.#done(null));
    onLangChange(() => this.#fill());
  }

  /** The office's catalogue (GET /offices/{id}/services). */
  setCatalog(catalog) {
    this.#categories = catalog.categories ?? [];
    this.#fill();
  }

  /** The office's windows (snapshot counters); ``exceptId`` is the caller's own. */
  setCounters(counters, exceptId = null) {
    this.#counters = [...counters].sort((a, b) => a.number - b.number);
    this.#exceptCounter = exceptId;
    this.#fill();
  }

  /** Ask where to; resolves with the redirected ticket, or null if cancelled. */
  open(ticket) {
    this.#ticket = ticket;
    this.#form.reset();
    this.#error("");
    this.#dialog.querySelector("[data-slot=number]").textContent = ticket.number;
    const services = this.#form.elements.service_id;
    const other = [...services.options].find((o) => Number(o.value) !== ticket.service?.id);
    if (other) services.value = other.value;
    this.#showTarget();
    this.#dialog.showModal();
    return new Promise((resolve) => {
      this.#resolve = resolve;
    });
  }

  #done(result) {
    const resolve = this.#resolve;
    this.#resolve = null;
    resolve?.(result);
  }

  #showTarget() {
    const target = this.#form.elements.target.value;
    for (const part of this.#form.querySelectorAll("[data-when]")) {
      part.hidden = part.dataset.when !== target;
    }
  }

  #fill() {
    const services = this.#form.elements.service_id;
    const chosenService = services.value;
    services.replaceChildren(
      ...this.#categories.map((category) =>
        h(
          "optgroup",
          { label: named(category) },
          category.services
            .filter((s) => s.active && !s.referral)
            .map((s) => h("option", { value: s.id }, named(s))),
        ),
      ),
    );
    if (chosenService) services.value = chosenService;
    const counters = this.#form.elements.counter_id;
    const chosenCounter = counters.value;
    counters.replaceChildren(
      ...this.#counters
        .filter((c) => c.id !== this.#exceptCounter)
        .map((c) => {
          const who = c.operator_name ? ` — ${c.operator_name}` : ` — ${t("зачинене", "closed")}`;
          return h("option", { value: c.id }, `${t("Вікно", "Window")} ${c.number}${who}`);
        }),
    );
    if (chosenCounter) counters.value = chosenCounter;
  }

  #error(message) {
    const line = this.#dialog.querySelector("[data-slot=error]");
    line.textContent = message;
    line.hidden = !message;
  }

  async #submit() {
    const form = this.#form.elements;
    const body = { keep_arrival: form.keep_arrival.checked, note: form.note.value.trim() };
    if (form.target.value === "counter") {
      if (!form.counter_id.value) return this.#error(t("Оберіть вікно.", "Choose a window."));
      body.counter_id = Number(form.counter_id.value);
    } else {
      if (!form.service_id.value) return this.#error(t("Оберіть послугу.", "Choose a service."));
      body.service_id = Number(form.service_id.value);
    }
    const button = this.#form.querySelector("button[type=submit]");
    button.disabled = true;
    try {
      const ticket = await api(`/tickets/${this.#ticket.id}/redirect`, { method: "POST", body });
      this.#done(ticket);
      this.#dialog.close();
    } catch (error) {
      this.#error(error.message);
    } finally {
      button.disabled = false;
    }
  }
}

// Issuing a ticket at reception: find the service by words, an optional priority category
// with the document seen, a note, the visitor's language; then the number large, its QR
// code and printing on a kiosk's printer.

import { api } from "./api.js";
import { config } from "./config.js";
import { $, h, randomKey } from "./dom.js";
import { named } from "./format.js";
import { onLangChange, t, translate } from "./i18n.js";

const SHOWN = 40; // matches listed at once; more words narrow them down

const words = (text) => text.toLowerCase().split(/\s+/).filter(Boolean);

export class IssueForm {
  #services = [];
  #chosen = null;
  #key = null; // one Idempotency-Key per ticket: a retried submit cannot issue twice
  #ticket = null;
  #job = null;

  /** @param {Map<number, string>} kiosks  kiosk names by device id */
  constructor(kiosks) {
    this.kiosks = kiosks;
    this.form = $("#issue-form");
    this.form.addEventListener("submit", (event) => {
      event.preventDefault();
      this.#submit();
    });
    this.form.addEventListener("input", () => {
      this.#key = null;
    });
    $("#service-search").addEventListener("input", () => this.#renderOptions());
    $("#service-search").addEventListener("keydown", (event) => {
      if (event.key !== "Enter") return;
      event.preventDefault(); // Enter picks the first match instead of submitting
      const first = $("#service-options input");
      if (first) {
        first.checked = true;
        this.#choose(Number(first.value));
        $("#priority").focus();
      }
    });
    $("#service-options").addEventListener("change", (event) => this.#choose(Number(event.target.value)));
    $("#priority").addEventListener("change", () => this.#priorityChanged());
    $("#print").addEventListener("click", () => this.#print());
    onLangChange(() => {
      this.#renderOptions();
      this.#renderChosen();
    });
  }

  /** The office's catalogue: issuable services and the priority categories. */
  setCatalog(catalog) {
    this.#services = catalog.categories
      .flatMap((category) => category.services.map((s) => ({ ...s, category })))
      .filter((s) => s.active && !s.referral)
      .sort((a, b) => Number(b.popular) - Number(a.popular));
    const select = $("#priority");
    for (const p of catalog.priorities) {
      select.append(h("option", { value: p.code, "data-en": p.name_en }, p.name_uk));
    }
    translate(select);
    this.#renderOptions();
  }

  #renderOptions() {
    const query = words($("#service-search").value);
    const matches = this.#services.filter((s) => {
      const text = `${s.name_uk} ${s.name_en} ${s.code} ${s.prefix} ${named(s.category)}`.toLowerCase();
      return query.every((word) => text.includes(word));
    });
    $("#service-none").hidden = matches.length > 0;
    $("#service-options").replaceChildren(
      ...matches.slice(0, SHOWN).map((s) =>
        h(
          "label",
          { class: "option" },
          h("input", { type: "radio", name: "service", value: s.id, checked: s.id === this.#chosen }),
          h("span", {}, named(s)),
          h("span", { class: "prefix" }, s.prefix),
        ),
      ),
    );
  }

  #choose(id) {
    this.#chosen = id;
    this.#key = null;
    this.#renderChosen();
  }

  #renderChosen() {
    const service = this.#services.find((s) => s.id === this.#chosen);
    $("#service-chosen").textContent = service ? `${t("Обрано:", "Chosen:")} ${named(service)}` : "";
  }

  #priorityChanged() {
    const box = $("#document-seen");
    box.disabled = !$("#priority").value;
    if (box.disabled) box.checked = false;
  }

  #error(message) {
    const line = $("#issue-error");
    line.textContent = message;
    line.hidden = !message;
  }

  async #submit() {
    this.#error("");
    if (!this.#chosen) {
      this.#error(t("Оберіть послугу.", "Choose a service."));
      $("#service-search").focus();
      return;
    }
    const f = this.form.elements;
    const body = {
      service_id: this.#chosen,
      priority: f.priority.value || null,
      document_seen: f.priority.value ? f.document_seen.checked : false,
      note: f.note.value.trim(),
      language: f.language.value,
    };
    this.#key ??= randomKey();
    const button = this.form.querySelector("button[type=submit]");
    button.disabled = true;
    try {
      const ticket = await api(`/offices/${config.officeId}/tickets`, {
        method: "POST",
        body,
        headers: { "Idempotency-Key": this.#key },
      });
      this.#key = null;
      this.show(ticket);
      this.form.reset();
      this.#chosen = null;
      this.#priorityChanged();
      this.#renderOptions();
      this.#renderChosen();
    } catch (error) {
      this.#error(error.message);
    } finally {
      button.disabled = false;
    }
  }

  /** Show a ticket just issued (here, or by checking in a booked visitor): number, QR, print. */
  show(ticket) {
    this.#ticket = ticket;
    this.#job = null;
    $("#issued").hidden = false;
    $("#issued-number").textContent = ticket.number;
    $("#issued-service").textContent = named(ticket.service);
    $("#issued-qr").src = `${config.qrBase}${encodeURIComponent(ticket.track_token)}.svg`;
    $("#print-status").textContent = "";
    this.loadPrinters();
  }

  /** Kiosks with a printer: all of them for a manager; for reception, those it has seen. */
  async loadPrinters() {
    let printers = [];
    try {
      const devices = await api(`/offices/${config.officeId}/devices`);
      printers = devices.filter((d) => d.kind === "kiosk" && d.printer && !d.revoked);
      for (const d of printers) this.kiosks.set(d.id, d.name);
    } catch (error) {
      if (error.status !== 403) throw error;
      const jobs = await api(`/offices/${config.officeId}/print-jobs`).catch(() => []);
      const ids = new Set([...jobs.map((j) => j.device_id), ...this.kiosks.keys()]);
      printers = [...ids].map((id) => ({ id, name: this.kiosks.get(id) ?? `№ ${id}` }));
    }
    const select = $("#printer");
    select.replaceChildren(...printers.map((p) => h("option", { value: p.id }, p.name)));
    $("#print-box").hidden = printers.length === 0;
  }

  async #print() {
    const deviceId = Number($("#printer").value);
    if (!this.#ticket || !deviceId) return;
    const status = $("#print-status");
    try {
      this.#job = await api(`/tickets/${this.#ticket.id}/print`, { method: "POST", body: { device_id: deviceId } });
      status.textContent = this.#jobText(this.#job.status, this.#job.reason);
    } catch (error) {
      status.textContent = error.message;
    }
  }

  /** A print.finished event: how the job of the ticket on screen went. */
  printFinished(data) {
    if (!this.#job || data.job_id !== this.#job.id) return;
    $("#print-status").textContent = this.#jobText(data.printed ? "printed" : "failed", data.reason);
  }

  #jobText(status, reason) {
    switch (status) {
      case "printed":
        return t("Надруковано", "Printed");
      case "failed":
        return t(`Не надруковано (${reason || "помилка"}). Покажіть QR-код.`, `Not printed (${reason || "error"}). Show the QR code.`);
      default:
        return t("Друкується…", "Printing…");
    }
  }
}

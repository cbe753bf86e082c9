// Appointments (попередній запис): the office's booking rules, read from and saved to
// /config/offices/{id}/booking; which services may be booked is each service's own
// "bookable" box, listed here for a look.

import { api } from "./api.js";
import { config } from "./config.js";
import { $ } from "./dom.js";
import { named } from "./format.js";
import { t } from "./i18n.js";
import { FormError, fillForm, onSubmit, readForm } from "./manage_forms.js";
import { byPosition, list, onData } from "./manage_store.js";

const path = `/config/offices/${config.officeId}/booking`;
const form = $("#booking-form");
const NUMBERS = ["horizon_days", "early_min", "grace_min", "live_share_pct", "per_phone_month", "head_start_min", "contact_days"];

/** The field a refusal names by its key in brackets ("(grace_min)", "(opens_at_min)"), or null. */
function namedField(message) {
  const names = [...NUMBERS, "opens_at"].sort((a, b) => b.length - a.length);
  const name = names.find((n) => new RegExp(`\\(${n}(_min)?\\)`).test(message));
  return name ? form.elements.namedItem(name) : null;
}

async function save() {
  form.querySelector("[data-slot=status]").textContent = ""; // an earlier "saved" no longer holds
  const body = readForm(form);
  for (const name of NUMBERS) {
    if (body[name] === null) throw new FormError(t("Вкажіть число.", "Enter a number."), form.elements.namedItem(name));
  }
  const time = /^(\d{1,2})[:.](\d{2})$/.exec(body.opens_at);
  if (!time) throw new FormError(t("Вкажіть час так: 06:00.", "Give the time like 06:00."), form.elements.namedItem("opens_at"));
  body.opens_at = `${time[1].padStart(2, "0")}:${time[2]}`;
  let rules;
  try {
    rules = await api(path, { method: "PATCH", body });
  } catch (error) {
    // The rules' refusal names the setting (and its key): point at the field.
    const field = error.status === 422 ? namedField(error.message) : null;
    if (!field) throw error;
    throw new FormError(error.message, field);
  }
  fillForm(form, rules);
  return t("Налаштування попереднього запису збережено.", "The appointment settings are saved.");
}

/** Read the rules into the form (unless the person is changing them). */
export async function loadBooking() {
  const rules = await api(path);
  if (!form.dataset.dirty) fillForm(form, rules);
}

function renderServices() {
  const bookable = [...list("services")].filter((s) => s.bookable && s.active).sort(byPosition);
  $("#bookable-services").textContent = bookable.length
    ? t(`Доступні для запису: ${bookable.map(named).join(", ")}.`, `Bookable: ${bookable.map(named).join(", ")}.`)
    : t(
        "Жодна послуга ще не доступна для запису: позначте це у формі послуги (вкладка «Сфери та послуги»).",
        "No service is bookable yet: tick it in the service's form (the “Spheres and services” tab).",
      );
}

/** Wire the appointment settings' form. */
export function startBooking() {
  onSubmit(form, save);
  onData(renderServices);
}

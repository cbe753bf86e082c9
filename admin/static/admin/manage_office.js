// The office: names, address, time zone, the weekly hours, special days (holidays and
// shortened days) and the information line of the hall displays.

import { api } from "./api.js";
import { config } from "./config.js";
import { $, h } from "./dom.js";
import { t } from "./i18n.js";
import { FormError, confirmed, fillForm, formatIntervals, intervalsOf, onSubmit, readForm, refresh, rowButton } from "./manage_forms.js";
import { onData } from "./manage_store.js";
import { notify } from "./shell.js";

const officePath = `/config/offices/${config.officeId}`;
const form = $("#office-form");
const exceptionForm = $("#exception-form");

/** "25.12.2026, пт" in the person's language. */
export function dayName(iso) {
  const date = new Date(`${iso}T12:00:00Z`);
  return new Intl.DateTimeFormat(t("uk-UA", "en-GB"), {
    timeZone: "UTC",
    weekday: "short",
    day: "2-digit",
    month: "2-digit",
    year: "numeric",
  }).format(date);
}

const hoursText = (intervals) => (intervals.length ? formatIntervals(intervals) : t("зачинено", "closed"));

function render(data) {
  const office = data.office;
  // Never overwrite what the person is typing: only a form without changes follows the server.
  if (!form.dataset.dirty) fillForm(form, office);
  const brand = document.querySelector(".brand span");
  if (brand) {
    brand.dataset.uk = office.name_uk;
    brand.dataset.en = office.name_en || office.name_uk;
    brand.textContent = t(brand.dataset.uk, brand.dataset.en);
  }
  const today = new Intl.DateTimeFormat("en-CA", { timeZone: office.timezone || config.timezone }).format(new Date());
  const days = [...office.exceptions].sort((a, b) => a.day.localeCompare(b.day));
  $("#exceptions tbody").replaceChildren(
    ...days.map((e) =>
      h(
        "tr",
        { "data-day": e.day, class: e.day < today ? "past" : "" },
        h("th", { scope: "row" }, dayName(e.day)),
        h("td", {}, hoursText(e.intervals)),
        h("td", {}, t(e.note_uk, e.note_en || e.note_uk)),
        h(
          "td",
          { class: "row-actions" },
          rowButton(t("Змінити", "Edit"), dayName(e.day), () => editException(e)),
          rowButton(t("Видалити", "Delete"), dayName(e.day), () => deleteException(e), "small quiet"),
        ),
      ),
    ),
  );
  $("#exceptions-empty").hidden = days.length > 0;
}

function editException(e) {
  fillForm(exceptionForm, { ...e, kind: e.intervals.length ? "short" : "closed" });
  showKind();
  exceptionForm.querySelector("[name=day]").focus();
}

async function deleteException(e) {
  const sure = await confirmed({
    title: t(`Видалити особливий день ${dayName(e.day)}?`, `Delete the special day ${dayName(e.day)}?`),
    text: t("Цього дня ЦНАП працюватиме за звичайним графіком.", "The centre keeps its usual hours on that day."),
    ok: t("Видалити", "Delete"),
  });
  if (!sure) return;
  try {
    await api(`${officePath}/exceptions/${e.day}`, { method: "DELETE" });
    notify(t(`Особливий день ${dayName(e.day)} видалено.`, `Special day ${dayName(e.day)} deleted.`));
    await refresh();
  } catch (error) {
    notify(error.message, "error");
  }
}

function showKind() {
  const short = exceptionForm.querySelector("[name=kind]:checked")?.value === "short";
  exceptionForm.querySelector("[data-when=short]").hidden = !short;
}

async function saveOffice() {
  await api(officePath, { method: "PATCH", body: readForm(form) });
  return t("Відомості про ЦНАП збережено.", "The centre's details are saved.");
}

async function saveException() {
  const day = exceptionForm.querySelector("[name=day]");
  if (!day.value) throw new FormError(t("Оберіть дату.", "Choose the date."), day);
  const short = exceptionForm.querySelector("[name=kind]:checked")?.value === "short";
  const hours = exceptionForm.querySelector("[name=intervals]");
  const intervals = short ? intervalsOf(hours) : [];
  if (short && intervals.length === 0) {
    throw new FormError(t("Вкажіть години роботи цього дня, напр. 08:00–15:00.", "Give the hours of that day, e.g. 08:00–15:00."), hours);
  }
  const body = {
    intervals,
    note_uk: exceptionForm.querySelector("[name=note_uk]").value.trim(),
    note_en: exceptionForm.querySelector("[name=note_en]").value.trim(),
  };
  await api(`${officePath}/exceptions/${day.value}`, { method: "PUT", body });
  const name = dayName(day.value);
  fillForm(exceptionForm, { kind: "closed" });
  showKind();
  return t(`Особливий день ${name} збережено.`, `Special day ${name} saved.`);
}

/** Wire the office's forms. */
export function startOffice() {
  onSubmit(form, saveOffice);
  onSubmit(exceptionForm, saveException);
  for (const radio of exceptionForm.querySelectorAll("[name=kind]")) radio.addEventListener("change", showKind);
  onData(render);
}

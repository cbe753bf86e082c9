// Windows (counters) and the priority categories: short lists, each row edited in a dialog.

import { api } from "./api.js";
import { config } from "./config.js";
import { $, h } from "./dom.js";
import { named } from "./format.js";
import { t } from "./i18n.js";
import { FormError, confirmed, onSubmit, openDialog, readForm, refresh, rowButton } from "./manage_forms.js";
import { byPosition, list, onData } from "./manage_store.js";
import { notify } from "./shell.js";

const counterDialog = $("#counter-dialog");
const counterForm = counterDialog.querySelector("form");
const priorityDialog = $("#priority-dialog");
const priorityForm = priorityDialog.querySelector("form");
const editing = { counter: null, priority: null };

const windowName = (c) => t(`Вікно ${c.number}`, `Window ${c.number}`);

function render() {
  const counters = [...list("counters")].sort((a, b) => a.number - b.number);
  $("#counters tbody").replaceChildren(
    ...counters.map((c) =>
      h(
        "tr",
        { "data-counter": String(c.number) },
        h("th", { scope: "row" }, String(c.number)),
        h("td", {}, c.name_uk),
        h("td", {}, c.name_en),
        h("td", {}, c.zone || "—"),
        h(
          "td",
          { class: "row-actions" },
          rowButton(t("Змінити", "Edit"), windowName(c), () => editCounter(c)),
          rowButton(t("Видалити", "Delete"), windowName(c), () => deleteCounter(c), "small quiet"),
        ),
      ),
    ),
  );
  const priorities = [...list("priorities")].sort(byPosition);
  $("#priorities tbody").replaceChildren(
    ...priorities.map((p) =>
      h(
        "tr",
        { "data-priority": p.code, class: p.active === false ? "inactive" : "" },
        h("th", { scope: "row" }, named(p)),
        h("td", {}, String(p.head_start_min)),
        h("td", {}, p.document_check ? t("так", "yes") : t("ні", "no")),
        h("td", {}, p.active === false ? h("span", { class: "badge off" }, t("не діє", "not in use")) : h("span", { class: "badge" }, t("діє", "in use"))),
        h("td", { class: "row-actions" }, rowButton(t("Змінити", "Edit"), named(p), () => editPriority(p))),
      ),
    ),
  );
}

function editCounter(counter) {
  editing.counter = counter;
  const next = list("counters").reduce((top, c) => Math.max(top, c.number), 0) + 1;
  const data = counter ?? { number: next, name_uk: `Вікно ${next}`, name_en: `Window ${next}`, zone: "" };
  openDialog(counterDialog, counter ? windowName(counter) : t("Нове вікно", "New window"), data);
}

async function saveCounter() {
  const body = readForm(counterForm);
  if (!body.number) throw new FormError(t("Вкажіть номер вікна.", "Give the window's number."), counterForm.elements.namedItem("number"));
  const counter = editing.counter;
  if (counter) await api(`/config/counters/${counter.id}`, { method: "PATCH", body });
  else await api(`/config/offices/${config.officeId}/counters`, { method: "POST", body });
  return counter ? t(`Вікно ${body.number} збережено.`, `Window ${body.number} saved.`) : t(`Вікно ${body.number} додано.`, `Window ${body.number} added.`);
}

async function deleteCounter(counter) {
  const sure = await confirmed({
    title: t(`Видалити вікно ${counter.number}?`, `Delete window ${counter.number}?`),
    text: t("Вікно, у якому вже обслуговували відвідувачів, видалити не можна — лише перейменувати.", "A window that has served visitors cannot be deleted, only renamed."),
    ok: t("Видалити", "Delete"),
  });
  if (!sure) return;
  try {
    await api(`/config/counters/${counter.id}`, { method: "DELETE" });
    notify(t(`Вікно ${counter.number} видалено.`, `Window ${counter.number} deleted.`));
    await refresh();
  } catch (error) {
    notify(error.message, "error");
  }
}

function editPriority(priority) {
  editing.priority = priority;
  openDialog(priorityDialog, named(priority), { ...priority, active: priority.active !== false });
}

async function savePriority() {
  const body = readForm(priorityForm);
  if (body.head_start_min === null) {
    throw new FormError(t("Вкажіть фору у хвилинах (0 — без фори).", "Give the head start in minutes (0: none)."), priorityForm.elements.namedItem("head_start_min"));
  }
  await api(`/config/priorities/${encodeURIComponent(editing.priority.code)}`, { method: "PATCH", body });
  const name = t(body.name_uk, body.name_en || body.name_uk);
  return t(`Категорію «${name}» збережено.`, `Category “${name}” saved.`);
}

export function startCounters() {
  $("#add-counter").addEventListener("click", () => editCounter(null));
  onSubmit(counterForm, saveCounter);
  onSubmit(priorityForm, savePriority);
  onData(render);
}

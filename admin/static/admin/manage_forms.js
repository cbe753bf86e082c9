// The settings page's forms: values in and out by the fields' names ("card.fee_uk" is
// nested, data-type says how to read a value), one way to save (the server's message
// beside the form, a short status note on success, then the settings are read again),
// dialogs and confirmations.

import { $, ask, h } from "./dom.js";
import { t } from "./i18n.js";
import { reload } from "./manage_store.js";
import { notify } from "./shell.js";

/** A problem found before sending: its message, and the field to fix. */
export class FormError extends Error {
  constructor(message, field = null) {
    super(message);
    this.field = field;
  }
}

const INTERVAL = /^(\d{1,2})[:.](\d{2})\s*[-–—]\s*(\d{1,2})[:.](\d{2})$/;
const hhmm = (h, m) => `${h.padStart(2, "0")}:${m}`;

/** "08:00–12:00, 13:00–17:00" -> [["08:00", "12:00"], ["13:00", "17:00"]]; "" -> []. */
export function parseIntervals(text, field = null) {
  const parts = text.split(/[,;]/).map((part) => part.trim()).filter(Boolean);
  return parts.map((part) => {
    const match = INTERVAL.exec(part);
    if (!match) {
      throw new FormError(
        t(`Не вдалося прочитати години «${part}». Пишіть так: 08:00–17:00.`, `Cannot read the hours “${part}”. Write them like 08:00–17:00.`),
        field,
      );
    }
    return [hhmm(match[1], match[2]), hhmm(match[3], match[4])];
  });
}

/** The intervals typed into ``el``; a refusal names the field ("Субота: …"). */
export function intervalsOf(el) {
  try {
    return parseIntervals(el.value, el);
  } catch (error) {
    const label = el.labels?.[0]?.textContent.trim();
    throw new FormError(label ? `${label}: ${error.message}` : error.message, el);
  }
}

/** [["08:00", "17:00"]] -> "08:00–17:00". */
export const formatIntervals = (intervals) => (intervals ?? []).map(([from, to]) => `${from}–${to}`).join(", ");

const getPath = (data, path) => path.split(".").reduce((value, key) => (value == null ? undefined : value[key]), data);

function setPath(data, path, value) {
  const keys = path.split(".");
  const last = keys.pop();
  let target = data;
  for (const key of keys) target = target[key] ??= {};
  target[last] = value;
}

const isList = (el) => el.type === "checkbox" && el.hasAttribute("value");
const named = (form) => [...form.elements].filter((el) => el.name && !el.disabled);

/** The form's values as an object: nested by dotted names, typed by data-type. */
export function readForm(form) {
  const data = {};
  for (const el of named(form)) {
    const type = el.dataset.type;
    if (isList(el)) {
      const list = getPath(data, el.name) ?? [];
      if (el.checked) list.push(el.value);
      setPath(data, el.name, list);
    } else if (el.type === "checkbox") {
      setPath(data, el.name, el.checked);
    } else if (el.type === "radio") {
      if (el.checked) setPath(data, el.name, el.value);
    } else if (type === "int" || type === "int?") {
      const text = el.value.trim();
      setPath(data, el.name, text === "" ? null : Number(text));
    } else if (type === "lines") {
      setPath(data, el.name, el.value.split("\n").map((line) => line.trim()).filter(Boolean));
    } else if (type === "intervals") {
      setPath(data, el.name, intervalsOf(el));
    } else {
      setPath(data, el.name, el.value.trim());
    }
  }
  return data;
}

/** Put ``data`` into the form's fields (missing values empty the field). */
export function fillForm(form, data) {
  for (const el of form.elements) {
    if (!el.name) continue;
    const value = getPath(data, el.name);
    const type = el.dataset.type;
    if (isList(el)) el.checked = Array.isArray(value) && value.includes(el.value);
    else if (el.type === "checkbox") el.checked = Boolean(value);
    else if (el.type === "radio") el.checked = el.value === value;
    else if (type === "lines") el.value = (value ?? []).join("\n");
    else if (type === "intervals") el.value = formatIntervals(value);
    else el.value = value ?? "";
  }
  delete form.dataset.dirty;
  clearErrors(form);
}

export function clearErrors(form) {
  const slot = form.querySelector("[data-slot=error]");
  if (slot) {
    slot.hidden = true;
    slot.textContent = "";
  }
  for (const el of form.querySelectorAll("[aria-invalid]")) el.removeAttribute("aria-invalid");
}

/** The fields a 422 names ("Невірні дані запиту — name_uk: …; card.fee_uk: …"). */
function fieldsOf(form, message) {
  const listed = message.split(" — ").slice(1).join(" — ");
  return listed
    .split("; ")
    .map((item) => item.split(":")[0].trim())
    .map((path) => {
      // "card.documents_uk.0" is the field "card.documents_uk".
      for (let parts = path.split("."); parts.length; parts.pop()) {
        const el = form.elements.namedItem(parts.join("."));
        if (el) return el instanceof RadioNodeList ? el[0] : el;
      }
      return null;
    })
    .filter(Boolean);
}

/** Show what went wrong beside the form, and point at the field to fix. */
export function showError(form, error) {
  const slot = form.querySelector("[data-slot=error]");
  const fields = error instanceof FormError ? [error.field].filter(Boolean) : error.status === 422 ? fieldsOf(form, error.message) : [];
  // A conflict names its field in its code ("prefix_taken"): point there too.
  if (!fields.length && typeof error.code === "string") {
    const words = error.code.split(/[_.]/);
    const el = named(form).find((field) => field.type !== "checkbox" && words.includes(field.name.split(".").pop()));
    if (el) fields.push(el);
  }
  for (const el of fields) el.setAttribute("aria-invalid", "true");
  if (slot) {
    slot.textContent = error.message;
    slot.hidden = false;
  } else {
    notify(error.message, "error");
  }
  fields[0]?.focus();
  slot?.scrollIntoView({ block: "nearest" }); // the message, even when its field is far up
}

/**
 * Save with ``run`` (it resolves to the success note): the server's refusal stays beside
 * the form; on success a dialog closes, the note is shown and the settings are re-read.
 */
export async function save(form, run) {
  const submit = form.querySelector("button[type=submit]");
  clearErrors(form);
  if (submit) submit.disabled = true;
  let note;
  try {
    note = await run();
  } catch (error) {
    showError(form, error);
    return false;
  } finally {
    if (submit) submit.disabled = false;
  }
  delete form.dataset.dirty;
  const dialog = form.closest("dialog");
  if (dialog) dialog.close("saved");
  const status = form.querySelector("[data-slot=status]");
  if (!dialog && status) flash(status, note);
  else notify(note);
  await refresh();
  return true;
}

/** Read the settings again, telling the person when that fails. */
export async function refresh() {
  try {
    await reload();
  } catch (error) {
    notify(error.message, "error");
  }
}

const timers = new WeakMap();

/** A short status note that goes away by itself. */
export function flash(el, message) {
  el.textContent = message;
  clearTimeout(timers.get(el));
  timers.set(el, setTimeout(() => (el.textContent = ""), 8000));
}

/** Submitting ``form`` saves with ``run``; typing in it marks it as changed. */
export function onSubmit(form, run) {
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    save(form, run);
  });
  form.addEventListener("input", () => {
    form.dataset.dirty = "1";
  });
}

/** Open ``dialog`` with ``title`` and the values of ``data``; focus its first field. */
export function openDialog(dialog, title, data) {
  const form = dialog.querySelector("form");
  dialog.querySelector("[data-slot=title]").textContent = title;
  fillForm(form, data);
  dialog.showModal();
  const first = [...form.elements].find((el) => el.name && !el.disabled && el.type !== "hidden" && el.checkVisibility());
  first?.focus();
  return form;
}

/** Ask before something that cannot be undone; true when the person agrees. */
export async function confirmed({ title, text, ok }) {
  const dialog = $("#confirm-dialog");
  dialog.querySelector("[data-slot=title]").textContent = title;
  dialog.querySelector("[data-slot=text]").textContent = text;
  dialog.querySelector("[data-slot=ok]").textContent = ok;
  return (await ask(dialog)) === "ok";
}

/** Show the [data-part] parts of ``root`` listed in ``parts``, hide the others of ``names``. */
export function showParts(root, names, parts) {
  for (const el of root.querySelectorAll("[data-part]")) {
    if (names.includes(el.dataset.part)) el.hidden = !parts.includes(el.dataset.part);
  }
}

/** A button for a table row: its visible word and, for screen readers, what it acts on. */
export function rowButton(word, about, onclick, kind = "small") {
  return h("button", { type: "button", class: kind, "aria-label": `${word}: ${about}`, onclick }, word);
}

const UK = { а: "a", б: "b", в: "v", г: "h", ґ: "g", д: "d", е: "e", є: "ie", ж: "zh", з: "z", и: "y", і: "i", ї: "i", й: "i", к: "k", л: "l", м: "m", н: "n", о: "o", п: "p", р: "r", с: "s", т: "t", у: "u", ф: "f", х: "kh", ц: "ts", ч: "ch", ш: "sh", щ: "shch", ь: "", ю: "iu", я: "ia", "'": "", "’": "", ʼ: "" };
const WORD_START = { є: "ye", ї: "yi", й: "y", ю: "yu", я: "ya" };

/** A code from a name: Ukrainian transliterated (the official 2010 table), lower case. */
export function slug(text) {
  let out = "";
  let previous = " ";
  for (const char of text.toLowerCase()) {
    const start = !/[\p{L}'’ʼ]/u.test(previous);
    out += (start && WORD_START[char]) || (UK[char] ?? char);
    previous = char;
  }
  return out.replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 40).replace(/-+$/, "");
}

/** ``base`` or ``base-2``, ``base-3``… whichever ``taken`` does not hold yet. */
export function unique(base, taken) {
  let code = base || "item";
  for (let n = 2; taken.has(code); n += 1) code = `${base || "item"}-${n}`;
  return code;
}

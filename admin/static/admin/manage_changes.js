// The change log: who changed which setting, when, and what the new values are.

import { api } from "./api.js";
import { config } from "./config.js";
import { $, h } from "./dom.js";
import { named } from "./format.js";
import { t } from "./i18n.js";
import { kindWord } from "./manage_devices.js";
import { dayName } from "./manage_office.js";
import { roleWords } from "./manage_staff.js";
import { list } from "./manage_store.js";
import { notify } from "./shell.js";

const LIMIT = 50;
const state = { entries: null, loading: false };
// "Додано послугу" / "Service added": the action first in Ukrainian (the impersonal
// -но form takes the accusative), the thing first in English.
const ENTITIES = {
  office: ["відомості ЦНАП", "Centre details"],
  exception: ["особливий день", "Special day"],
  category: ["сферу", "Sphere"],
  service: ["послугу", "Service"],
  counter: ["вікно", "Window"],
  user: ["працівника", "Person"],
  device: ["пристрій", "Device"],
  priority: ["пільгову категорію", "Priority category"],
  booking: ["налаштування запису", "Appointment settings"],
};
const ACTIONS = {
  created: ["Додано", "added"],
  updated: ["Змінено", "changed"],
  deleted: ["Видалено", "deleted"],
  registered: ["Зареєстровано", "registered"],
  revoked: ["Відкликано", "revoked"],
};
const FIELDS = {
  name: ["назва", "name"],
  name_uk: ["назва", "name"],
  name_en: ["назва англ.", "English name"],
  display_name: ["ім'я", "name"],
  username: ["логін", "username"],
  roles: ["ролі", "roles"],
  skills: ["навички", "skills"],
  active: ["діє", "active"],
  address_uk: ["адреса", "address"],
  address_en: ["адреса англ.", "English address"],
  timezone: ["часовий пояс", "time zone"],
  schedule: ["графік", "hours"],
  info_uk: ["рядок на табло", "display line"],
  info_en: ["рядок на табло англ.", "English display line"],
  intervals: ["години", "hours"],
  note_uk: ["примітка", "note"],
  note_en: ["примітка англ.", "English note"],
  code: ["код", "code"],
  prefix: ["літера талона", "ticket letter"],
  category_id: ["сфера", "sphere"],
  card: ["картка", "card"],
  referral: ["інший орган", "another body"],
  daily_cap: ["ліміт на день", "daily cap"],
  target_wait_min: ["допустиме очікування, хв", "target wait, min"],
  avg_service_min: ["середній час, хв", "average time, min"],
  popular: ["популярна", "popular"],
  position: ["порядок", "order"],
  number: ["номер", "number"],
  zone: ["зона", "zone"],
  head_start_min: ["фора, хв", "head start, min"],
  document_check: ["перевірка документа", "document check"],
  kind: ["тип", "kind"],
  printer_url: ["принтер", "printer"],
  icon: ["значок", "icon"],
  day: ["дата", "date"],
  description_uk: ["опис", "description"],
  description_en: ["опис англ.", "English description"],
  documents_uk: ["документи", "documents"],
  documents_en: ["документи англ.", "English documents"],
  fee_uk: ["вартість", "fee"],
  fee_en: ["вартість англ.", "English fee"],
  term_uk: ["строк", "term"],
  term_en: ["строк англ.", "English term"],
  legal_basis_uk: ["правова підстава", "legal basis"],
  legal_basis_en: ["правова підстава англ.", "English legal basis"],
  body_uk: ["орган", "body"],
  body_en: ["орган англ.", "English body"],
  hours_uk: ["години", "hours"],
  hours_en: ["години англ.", "English hours"],
  phone: ["телефон", "phone"],
  bookable: ["попередній запис", "bookable"],
  enabled: ["запис приймається", "appointments on"],
  horizon_days: ["днів наперед", "days ahead"],
  opens_at: ["новий день о", "new day at"],
  early_min: ["реєстрація за, хв", "check-in before, min"],
  grace_min: ["допустиме запізнення, хв", "allowed lateness, min"],
  live_share_pct: ["частка живої черги, %", "live queue share, %"],
  per_phone_month: ["записів на телефон за місяць", "bookings per phone a month"],
  contact_days: ["зберігати телефони, днів", "keep phones, days"],
};
const DAYS = { mon: ["пн", "Mon"], tue: ["вт", "Tue"], wed: ["ср", "Wed"], thu: ["чт", "Thu"], fri: ["пт", "Fri"], sat: ["сб", "Sat"], sun: ["нд", "Sun"] };
const TIERS = { primary: ["основна", "primary"], secondary: ["додаткова", "secondary"] };
// Values never worth showing in a log line.
const HIDDEN = new Set(["password", "password_hash", "token", "token_hash"]);

const when = (iso) =>
  new Intl.DateTimeFormat(t("uk-UA", "en-GB"), { timeZone: config.timezone, dateStyle: "short", timeStyle: "medium" }).format(new Date(iso));
const word = (table, key) => (table[key] ? t(...table[key]) : key);
const find = (name, id) => list(name).find((item) => String(item.id) === String(id) || item.code === id);

/** What the log's own lines called each thing ("service:12" -> its name), newest last:
 * a deleted sphere or window keeps its name in the log. */
function namesInLog(entries) {
  const names = new Map();
  for (const e of [...entries].reverse()) {
    const c = e.changes ?? {};
    const name = c.name_uk ?? c.display_name ?? c.name ?? (c.number !== undefined ? t(`Вікно ${c.number}`, `Window ${c.number}`) : undefined);
    if (name !== undefined) names.set(`${e.entity}:${e.entity_id}`, String(name));
  }
  return names;
}

/** The thing's name as it is now, else as the log last named it. */
function subject(entry, names) {
  const id = entry.entity_id;
  const current = {
    service: () => named(find("services", id)),
    category: () => named(find("categories", id)),
    priority: () => named(find("priorities", id)),
    counter: () => {
      const number = find("counters", id)?.number;
      return number ? t(`Вікно ${number}`, `Window ${number}`) : "";
    },
    user: () => find("users", id)?.display_name,
    device: () => find("devices", id)?.name,
    exception: () => (/^\d{4}-\d{2}-\d{2}$/.test(id) ? dayName(id) : String(id)),
  }[entry.entity];
  return current?.() || names.get(`${entry.entity}:${id}`) || "";
}

/** "08:00" from "08:00" or from minutes after midnight (480). */
const hhmm = (x) => (typeof x === "number" ? `${String(Math.floor(x / 60)).padStart(2, "0")}:${String(x % 60).padStart(2, "0")}` : x);
const isInterval = (v) => Array.isArray(v) && v.length === 2 && v.every((x) => typeof x === "string" || typeof x === "number");

function what(entry) {
  if (entry.action === "printer_configured") return t("Налаштовано принтер термінала", "Kiosk printer set");
  const action = ACTIONS[entry.action];
  const thing = ENTITIES[entry.entity];
  if (!action || !thing) return `${entry.entity} ${entry.action}`;
  return t(`${action[0]} ${thing[0]}`, `${thing[1]} ${action[1]}`);
}

/** A new value in words. */
function shown(key, v) {
  if (v === null || v === undefined || v === "") return "—";
  if (typeof v === "boolean") return v ? t("так", "yes") : t("ні", "no");
  if (key === "category_id") return named(find("categories", v)) || String(v);
  if (key === "roles" && Array.isArray(v)) return roleWords(v);
  if (key === "kind") return kindWord(v);
  if (key === "skills" && Array.isArray(v)) {
    return v.map((s) => `${find("services", s.service_id)?.prefix ?? s.service_id} (${word(TIERS, s.tier)})`).join(", ") || "—";
  }
  if (Array.isArray(v)) {
    if (key === "intervals" || (v.length && v.every(isInterval))) return v.map(([a, b]) => `${hhmm(a)}–${hhmm(b)}`).join(", ") || t("зачинено", "closed");
    return v.map((x) => shown("", x)).join("; ");
  }
  if (typeof v === "object") {
    return Object.entries(v)
      .filter(([, x]) => x !== "" && x !== null && !(Array.isArray(x) && x.length === 0))
      .map(([k, x]) => `${DAYS[k] ? word(DAYS, k) : word(FIELDS, k)}: ${DAYS[k] ? shown("intervals", x) : shown(k, x)}`)
      .join("; ");
  }
  return String(v);
}

function details(entry) {
  const items = Object.entries(entry.changes ?? {})
    .filter(([key, v]) => !HIDDEN.has(key) && !(entry.action === "created" && (v === null || v === "" || (Array.isArray(v) && !v.length))))
    .map(([key, v]) => {
      const text = shown(key, v);
      return h("li", {}, h("span", { class: "key" }, word(FIELDS, key)), ": ", text.length > 160 ? `${text.slice(0, 157)}…` : text);
    });
  return items.length ? h("ul", { class: "changes" }, ...items) : "";
}

function render() {
  if (!state.entries) return;
  const names = namesInLog(state.entries);
  $("#changes tbody").replaceChildren(
    ...state.entries.map((e) =>
      h(
        "tr",
        { "data-entity": e.entity, "data-action": e.action },
        h("td", { class: "nowrap" }, when(e.at)),
        h("td", {}, e.actor_name || (e.actor === "system" ? t("система", "system") : e.actor) || "—"),
        h("th", { scope: "row" }, what(e), h("span", { class: "row-note" }, subject(e, names))),
        h("td", {}, details(e)),
      ),
    ),
  );
  $("#changes-empty").hidden = state.entries.length > 0;
}

/** Read the latest changes (when the log is on screen: nobody waits for an unseen list). */
export async function loadChanges() {
  if ($("#panel-changes").hidden || state.loading) return;
  state.loading = true;
  try {
    state.entries = await api(`/config/offices/${config.officeId}/changes?limit=${LIMIT}`);
    render();
  } catch (error) {
    notify(error.message, "error");
  } finally {
    state.loading = false;
  }
}

export function startChanges() {
  $("#refresh-changes").addEventListener("click", loadChanges);
  return render;
}

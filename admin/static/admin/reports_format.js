// The words and numbers of the reports page: which figures a report has, what they are
// called in each language, and numbers in the person's style (1,5 in Ukrainian, 1.5 in
// English).

import { lang, t } from "./i18n.js";

/** The figures of a report, in the order and words of the CSV and XLSX exports. */
export const FIGURES = [
  { key: "visitors", uk: "Відвідувачі", en: "Visitors" },
  { key: "served", uk: "Обслуговано", en: "Served" },
  { key: "no_shows", uk: "Неявки", en: "No-shows" },
  { key: "cancelled", uk: "Скасовано", en: "Cancelled" },
  { key: "expired", uk: "Закрито наприкінці дня", en: "Expired" },
  { key: "in_progress", uk: "Ще в черзі", en: "In progress" },
  { key: "redirects", uk: "Перенаправлення", en: "Redirects" },
  { key: "wait_avg", uk: "Очікування, середнє, хв", en: "Wait, average, min", decimal: true },
  { key: "wait_median", uk: "Очікування, медіана, хв", en: "Wait, median, min", decimal: true },
  { key: "wait_p90", uk: "Очікування, 90-й перцентиль, хв", en: "Wait, 90th percentile, min", decimal: true },
  { key: "service_avg", uk: "Обслуговування, середнє, хв", en: "Service, average, min", decimal: true },
  { key: "service_p90", uk: "Обслуговування, 90-й перцентиль, хв", en: "Service, 90th percentile, min", decimal: true },
  { key: "within_target_pct", uk: "У межах цільового очікування, %", en: "Within the target wait, %", decimal: true },
  { key: "ratings", uk: "Оцінок", en: "Ratings" },
  { key: "rating_avg", uk: "Середня оцінка", en: "Average rating", decimal: true },
  { key: "loyalty", uk: "Індекс лояльності", en: "Loyalty index", decimal: true },
];

// The same words as the CSV and XLSX exports (queue_server/api/report_exports.py).
const OUTCOMES = {
  consultation: ["Консультація", "Consultation"],
  documents_accepted: ["Прийнято документи", "Documents accepted"],
  result_issued: ["Видано результат", "Result issued"],
  refused: ["Відмова", "Refused"],
  redirected_elsewhere: ["Перенаправлено до іншого органу", "Redirected elsewhere"],
  other: ["Інше", "Other"],
};

/** Every outcome the server knows, in a fixed order. */
export const OUTCOME_KEYS = Object.keys(OUTCOMES);

/** An outcome in words. */
export function outcomeName(key) {
  const words = OUTCOMES[key];
  return words ? t(...words) : key;
}

/** Short weekday names, Monday first (the server's weekday 0). */
export const weekdays = () =>
  t("Пн Вт Ср Чт Пт Сб Нд", "Mon Tue Wed Thu Fri Sat Sun").split(" ");

/** The locale for Intl and Chart.js. */
export const locale = () => t("uk-UA", "en-GB");

/** A count: "1 234" / "1,234". */
export function count(value) {
  if (value === null || value === undefined) return "—";
  return new Intl.NumberFormat(locale()).format(value);
}

/** A number with one decimal: "4,5" / "4.5"; "—" without one. */
export function decimal(value) {
  if (value === null || value === undefined || !Number.isFinite(value)) return "—";
  return new Intl.NumberFormat(locale(), {
    minimumFractionDigits: 1,
    maximumFractionDigits: 1,
  }).format(value);
}

/** A figure of a report in words: ``figure`` is one of FIGURES. */
export const figureValue = (figure, figures) =>
  figure.decimal ? decimal(figures[figure.key]) : count(figures[figure.key] ?? 0);

/** A figure's name in the current language. */
export const figureName = (figure) => t(figure.uk, figure.en);

/** The name of a group (service, administrator, office, ...) in the current language. */
export const groupLabel = (group) => t(group.label_uk, group.label_en || group.label_uk);

const asDate = (iso) => new Date(`${iso}T12:00:00Z`);

/** "15 листопада 2026 р." / "15 November 2026". */
export const longDate = (iso) =>
  new Intl.DateTimeFormat(locale(), { dateStyle: "long", timeZone: "UTC" }).format(asDate(iso));

/** "15.11" / "15/11" with the weekday: for a chart's axis and a table's rows. */
export const shortDate = (iso) =>
  new Intl.DateTimeFormat(locale(), {
    weekday: "short",
    day: "2-digit",
    month: "2-digit",
    timeZone: "UTC",
  }).format(asDate(iso));

/** "1 день" / "30 днів" / "1 day" / "30 days". */
export function days(n) {
  if (lang() === "en") return `${n} ${n === 1 ? "day" : "days"}`;
  const tens = n % 100;
  const ones = n % 10;
  const word = tens >= 11 && tens <= 14 ? "днів" : ones === 1 ? "день" : ones >= 2 && ones <= 4 ? "дні" : "днів";
  return `${n} ${word}`;
}

/** Today's date in the office's time zone, "2026-11-15". */
export function today(timezone) {
  return new Intl.DateTimeFormat("en-CA", { timeZone: timezone || "Europe/Kyiv" }).format(new Date());
}

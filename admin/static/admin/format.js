// Times, durations and the words for states, in the person's language.

import { config } from "./config.js";
import { t } from "./i18n.js";

const clock = new Intl.DateTimeFormat("uk-UA", {
  hour: "2-digit",
  minute: "2-digit",
  timeZone: config.timezone || "Europe/Kyiv",
});

/** "14:05" in the office's time zone; "—" without a time. */
export const clockTime = (iso) => (iso ? clock.format(new Date(iso)) : "—");

/** Seconds from ``fromIso`` to ``toIso`` (or now). */
export const secondsSince = (fromIso, toIso) =>
  Math.max(0, ((toIso ? Date.parse(toIso) : Date.now()) - Date.parse(fromIso)) / 1000);

/** "7 хв", "1 год 5 хв"; "< 1 хв" under a minute. */
export function duration(seconds) {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return "—";
  const total = Math.floor(seconds / 60);
  if (total < 1) return t("< 1 хв", "< 1 min");
  if (total < 60) return t(`${total} хв`, `${total} min`);
  const hours = Math.floor(total / 60);
  return t(`${hours} год ${total % 60} хв`, `${hours} h ${total % 60} min`);
}

const STATUS = {
  waiting: ["очікує", "waiting"],
  called: ["викликано", "called"],
  serving: ["обслуговується", "being served"],
  done: ["обслуговано", "served"],
  no_show: ["не з'явився", "did not come"],
  parked: ["відкладено", "set aside"],
  cancelled: ["скасовано", "cancelled"],
  expired: ["прострочено", "expired"],
};

/** A ticket's status in words. */
export function ticketStatus(status) {
  const words = STATUS[status];
  return words ? t(...words) : status;
}

/** A service's name in the current language. */
export const named = (item) => (item ? t(item.name_uk, item.name_en || item.name_uk) : "");

/** The mark of a booked visitor's ticket: "Попередній запис · 10:30" (the office's time). */
export const bookedMark = (iso) => t(`Попередній запис · ${clockTime(iso)}`, `Appointment · ${clockTime(iso)}`);

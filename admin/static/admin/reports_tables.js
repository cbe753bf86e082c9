// The report as text: the headline figures, the breakdown, the heatmap of the load, the
// outcomes and refusals, and the plain tables beside each chart (the same numbers, so the
// charts are readable without sight and can be copied into a letter).

import { $, h } from "./dom.js";
import { lang, t } from "./i18n.js";
import {
  FIGURES,
  OUTCOME_KEYS,
  count,
  figureName,
  figureValue,
  groupLabel,
  outcomeName,
  shortDate,
  weekdays,
} from "./reports_format.js";

// The breakdown's first column and caption, per group_by.
const GROUP_HEADS = {
  office: ["ЦНАП", "Office", "За підрозділами", "By office"],
  service: ["Послуга", "Service", "За послугами", "By service"],
  operator: ["Адміністратор", "Administrator", "За адміністраторами", "By administrator"],
  day: ["День", "Day", "За днями", "By day"],
  hour: ["Година", "Hour", "За годинами доби", "By hour of day"],
  weekday: ["День тижня", "Weekday", "За днями тижня", "By weekday"],
};

const colHead = (text) => h("th", { scope: "col" }, text);

/**
 * Fill ``table`` with a caption, a header row and body rows; ``rows`` are arrays whose
 * first cell is the row's header.
 */
export function fillTable(table, caption, heads, rows) {
  table.replaceChildren(
    h("caption", {}, caption),
    h("thead", {}, h("tr", {}, ...heads.map(colHead))),
    h(
      "tbody",
      {},
      ...rows.map(([head, ...cells]) =>
        h("tr", {}, h("th", { scope: "row" }, head), ...cells.map((c) => h("td", {}, c))),
      ),
    ),
  );
}

/** The headline figures as a definition list; each value carries data-figure=<key>. */
export function renderFigures(total) {
  $("#figures").replaceChildren(
    ...FIGURES.map((f) =>
      h(
        "div",
        {},
        h("dt", {}, figureName(f)),
        h("dd", { dataset: { figure: f.key } }, figureValue(f, total)),
      ),
    ),
  );
}

/** A group's name; a day reads as a date in the person's style. */
const label = (report, group) =>
  report.group_by === "day" && /^\d{4}-\d\d-\d\d$/.test(group.key) ? shortDate(group.key) : groupLabel(group);

/** One row per group and the total row, with every figure as a column. */
export function renderBreakdown(report) {
  const [uk, en, captionUk, captionEn] = GROUP_HEADS[report.group_by] ?? ["Група", "Group", "Розбивка", "Breakdown"];
  const row = (label, figures, key) =>
    h(
      "tr",
      { dataset: key === null ? {} : { key } },
      h("th", { scope: "row" }, label),
      ...FIGURES.map((f) => h("td", { dataset: { figure: f.key } }, figureValue(f, figures))),
    );
  const total = h("tfoot", {}, row(t("Усього", "Total"), report.total, null));
  total.firstChild.classList.add("total");
  $("#breakdown").replaceChildren(
    h("caption", {}, t(captionUk, captionEn)),
    h("thead", {}, h("tr", {}, colHead(t(uk, en)), ...FIGURES.map((f) => colHead(figureName(f))))),
    h("tbody", {}, ...report.groups.map((g) => row(label(report, g), g.figures, String(g.key)))),
    total,
  );
}

/** The hours worth showing: the working day (8–18) and every hour that had tickets. */
export function busyHours(heatmap) {
  const used = [];
  for (let hour = 0; hour < 24; hour += 1) {
    if (heatmap.some((row) => (row[hour] ?? 0) > 0)) used.push(hour);
  }
  const first = Math.min(8, ...used);
  const last = Math.max(17, ...used);
  return Array.from({ length: last - first + 1 }, (_, i) => first + i);
}

const HEAT = [11, 79, 156]; // the page's blue

/** The shade of a heatmap cell (share 0..1 of the busiest cell), and whether it is dark
 * enough for white text (WCAG contrast against black and white). */
export function shade(share) {
  const strength = 0.1 + 0.9 * share;
  const channels = HEAT.map((c) => Math.round(255 - (255 - c) * strength));
  const linear = channels.map((c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  const luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2];
  // White wins when 1.05 / (L + 0.05) > (L + 0.05) / 0.05, i.e. L < ~0.179.
  return { rgb: `rgb(${channels.join(", ")})`, dark: luminance < 0.179 };
}

/**
 * The load by weekday × hour as a table of cells shaded by how many tickets they had
 * (the darker, the more): a heatmap that is also its own table.
 */
export function renderHeatmap(heatmap) {
  const hours = busyHours(heatmap);
  const max = Math.max(1, ...heatmap.flat());
  const names = weekdays();
  const cell = (value) => {
    const td = h("td", { dataset: { value: String(value) } }, value ? count(value) : "");
    if (value) {
      const { rgb, dark } = shade(value / max);
      td.style.backgroundColor = rgb;
      td.style.color = dark ? "#fff" : "#111827";
    }
    return td;
  };
  $("#heatmap").replaceChildren(
    h("caption", {}, t("Талонів за днями тижня та годинами", "Tickets by weekday and hour")),
    h(
      "thead",
      {},
      h("tr", {}, h("td", {}), ...hours.map((hour) => colHead(String(hour).padStart(2, "0")))),
    ),
    h(
      "tbody",
      {},
      ...heatmap.map((row, day) =>
        h("tr", {}, h("th", { scope: "row" }, names[day]), ...hours.map((hour) => cell(row[hour] ?? 0))),
      ),
    ),
  );
}

/** The outcomes of the finished visits and the refusals with their reasons. */
export function renderOutcomes(total) {
  const outcomes = total.outcomes ?? {};
  const keys = [...OUTCOME_KEYS, ...Object.keys(outcomes).filter((k) => !OUTCOME_KEYS.includes(k))];
  const table = $("#outcomes");
  fillTable(
    table,
    t("За результатом", "By outcome"),
    [t("Результат", "Outcome"), t("Звернень", "Visits")],
    keys.map((key) => [outcomeName(key), count(outcomes[key] ?? 0)]),
  );
  keys.forEach((key, i) => {
    table.tBodies[0].rows[i].dataset.outcome = key;
  });
  const refusals = total.refusals ?? [];
  fillTable(
    $("#refusals"),
    t("Відмови та їх причини", "Refusals and their reasons"),
    [t("Причина", "Reason"), t("Кількість", "Count")],
    refusals.map((r) => [r.reason || t("(без причини)", "(no reason given)"), count(r.count)]),
  );
  $("#refusals-empty").hidden = refusals.length > 0;
}

// The appointments of the period's days, by what became of them (docs/reports.md).
const BOOKING_ROWS = [
  ["made", "Записів", "Bookings"],
  ["arrived", "Прийшли вчасно", "Arrived in time"],
  ["late", "Запізнилися (жива черга)", "Late (live queue)"],
  ["missed", "Не прийшли", "No-shows"],
  ["cancelled", "Скасовано", "Cancelled"],
  ["expected", "Ще очікуються", "Still expected"],
];

/** The appointments table; each value cell carries data-booking=<key>. */
export function renderBookings(bookings) {
  const table = $("#bookings");
  const pct = bookings.no_show_pct;
  fillTable(
    table,
    t("Попередній запис за днями періоду", "Appointments for the period's days"),
    [t("Показник", "Figure"), t("Кількість", "Count")],
    [
      ...BOOKING_ROWS.map(([key, uk, en]) => [t(uk, en), count(bookings[key] ?? 0)]),
      [t("Неявки, %", "No-shows, %"), pct === null ? "—" : `${pct.toLocaleString(lang())}%`],
    ],
  );
  [...BOOKING_ROWS.map(([key]) => key), "no_show_pct"].forEach((key, i) => {
    table.tBodies[0].rows[i].cells[1].dataset.booking = key;
  });
}

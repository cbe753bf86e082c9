// The report's charts (Chart.js, loaded by a classic <script> as window.Chart), each
// drawn beside a table of the same numbers: the load per half hour, the wait by day and the
// administrators side by side. No animation: a report is read, not watched.

import { t } from "./i18n.js";
import { fillTable } from "./reports_tables.js";
import { count, decimal, groupLabel, locale, shortDate } from "./reports_format.js";

const INK = "#111827";
const GRID = "#d8dee6";
const COLOURS = {
  blue: "#0b4f9c",
  blueSoft: "rgb(11 79 156 / 35%)",
  amber: "#b45309",
  red: "#a4161a",
  green: "#146c2e",
};
const charts = new Map();

function draw(canvas, label, config) {
  charts.get(canvas.id)?.destroy();
  canvas.setAttribute("aria-label", label);
  const Chart = window.Chart;
  if (typeof Chart !== "function") return; // the tables beside it still say it all
  Chart.defaults.font.size = 14;
  Chart.defaults.color = INK;
  const options = config.options ?? {};
  config.options = {
    animation: false,
    responsive: true,
    maintainAspectRatio: false,
    locale: locale(),
    interaction: { mode: "index", intersect: false },
    plugins: { legend: { position: "bottom" } },
    ...options,
  };
  charts.set(canvas.id, new Chart(canvas, config));
}

const axis = (title, extra = {}) => ({
  beginAtZero: true,
  title: { display: true, text: title },
  grid: { color: GRID },
  ...extra,
});

/** The tickets issued per 30-minute interval, over ``hours`` (from busyHours). */
export function drawLoad(canvas, table, load, hours) {
  const first = `${String(hours[0]).padStart(2, "0")}:00`;
  const last = `${String(hours[hours.length - 1]).padStart(2, "0")}:30`;
  const slots = load.filter((s) => s.slot >= first && s.slot <= last);
  const peak = slots.reduce((best, s) => (s.tickets > (best?.tickets ?? 0) ? s : best), null);
  const title = t("Талонів за 30 хвилин", "Tickets per 30 minutes");
  const summary = peak
    ? t(`найбільше ${peak.tickets} о ${peak.slot}`, `most: ${peak.tickets} at ${peak.slot}`)
    : t("талонів не було", "no tickets");
  draw(canvas, `${title}, ${first}–${last}: ${summary}`, {
    type: "line",
    data: {
      labels: slots.map((s) => s.slot),
      datasets: [
        {
          label: title,
          data: slots.map((s) => s.tickets),
          borderColor: COLOURS.blue,
          backgroundColor: COLOURS.blueSoft,
          fill: true,
          pointRadius: 2,
          tension: 0.2,
        },
      ],
    },
    options: { scales: { y: axis(t("талонів", "tickets"), { ticks: { precision: 0 } }) } },
  });
  fillTable(
    table,
    title,
    [t("Початок", "From"), t("Талонів", "Tickets")],
    slots.map((s) => [s.slot, count(s.tickets)]),
  );
}

/** Visitors per day (bars) with the average and 90th percentile wait (lines). */
export function drawTrend(canvas, table, byDay) {
  const title = t("Очікування та відвідувачі за днями", "Wait and visitors by day");
  const labels = byDay.map((d) => shortDate(d.day));
  const minutes = (key) => byDay.map((d) => d.figures[key]);
  const worst = byDay.reduce(
    (best, d) => ((d.figures.wait_p90 ?? -1) > (best?.figures.wait_p90 ?? -1) ? d : best),
    null,
  );
  const summary = worst?.figures.wait_p90 != null
    ? t(
        `найдовше очікування (90-й процентиль) ${decimal(worst.figures.wait_p90)} хв, ${shortDate(worst.day)}`,
        `longest wait (90th percentile) ${decimal(worst.figures.wait_p90)} min, ${shortDate(worst.day)}`,
      )
    : t("очікування не виміряно", "no wait measured");
  draw(canvas, `${title}: ${summary}`, {
    data: {
      labels,
      datasets: [
        {
          type: "line",
          label: t("Очікування, середнє (хв)", "Wait, average (min)"),
          data: minutes("wait_avg"),
          borderColor: COLOURS.amber,
          backgroundColor: COLOURS.amber,
          yAxisID: "minutes",
          order: 1,
        },
        {
          type: "line",
          label: t("Очікування, 90-й процентиль (хв)", "Wait, 90th percentile (min)"),
          data: minutes("wait_p90"),
          borderColor: COLOURS.red,
          backgroundColor: COLOURS.red,
          borderDash: [6, 4],
          yAxisID: "minutes",
          order: 2,
        },
        {
          type: "bar",
          label: t("Відвідувачів", "Visitors"),
          data: byDay.map((d) => d.figures.visitors),
          backgroundColor: COLOURS.blueSoft,
          borderColor: COLOURS.blue,
          borderWidth: 1,
          yAxisID: "visitors",
          order: 3,
        },
      ],
    },
    options: {
      scales: {
        minutes: axis(t("хвилин", "minutes"), { position: "left" }),
        visitors: axis(t("відвідувачів", "visitors"), {
          position: "right",
          ticks: { precision: 0 },
          grid: { drawOnChartArea: false },
        }),
      },
    },
  });
  fillTable(
    table,
    title,
    [t("День", "Day"), t("Відвідувачів", "Visitors"), t("Середнє (хв)", "Average (min)"), t("90-й проц. (хв)", "90th pct (min)")],
    byDay.map((d) => [shortDate(d.day), count(d.figures.visitors), decimal(d.figures.wait_avg), decimal(d.figures.wait_p90)]),
  );
}

/** The administrators side by side: served (bars) and their average service time. */
export function drawOperators(canvas, table, groups) {
  const title = t("Адміністратори: обслуговано та середній час", "Administrators: served and average time");
  const names = groups.map(groupLabel);
  const most = groups.reduce((best, g) => (g.figures.served > (best?.figures.served ?? -1) ? g : best), null);
  const summary = most
    ? t(`найбільше обслужив(ла) ${groupLabel(most)}: ${most.figures.served}`, `most served: ${groupLabel(most)}, ${most.figures.served}`)
    : "";
  // Taller with more people, so every name stays readable.
  canvas.parentElement.style.height = `${Math.max(16, 4 + groups.length * 2.6)}rem`;
  draw(canvas, `${title}: ${summary}`, {
    type: "bar",
    data: {
      labels: names,
      datasets: [
        {
          label: t("Обслуговано", "Served"),
          data: groups.map((g) => g.figures.served),
          backgroundColor: COLOURS.blue,
          xAxisID: "served",
        },
        {
          label: t("Обслуговування, середнє (хв)", "Service time, average (min)"),
          data: groups.map((g) => g.figures.service_avg),
          backgroundColor: COLOURS.green,
          xAxisID: "minutes",
        },
      ],
    },
    options: {
      indexAxis: "y",
      scales: {
        served: axis(t("обслуговано", "served"), { position: "bottom", ticks: { precision: 0 } }),
        minutes: axis(t("хвилин", "minutes"), { position: "top", grid: { drawOnChartArea: false } }),
      },
    },
  });
  fillTable(
    table,
    title,
    [t("Адміністратор", "Administrator"), t("Обслуговано", "Served"), t("Середній час (хв)", "Average time (min)")],
    groups.map((g) => [groupLabel(g), count(g.figures.served), decimal(g.figures.service_avg)]),
  );
}

/** Forget every chart (before the page shows something else in their place). */
export function clearCharts() {
  for (const chart of charts.values()) chart.destroy();
  charts.clear();
}

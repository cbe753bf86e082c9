// The manager's reports: choose a period, an office and a breakdown; see the headline
// figures, the breakdown table, the load, the wait by day, the administrators side by
// side, the outcomes and refusals; download the same report as CSV or XLSX. The choice
// is kept in the page's address, so a reload or a bookmark shows the same report.

import { api } from "./api.js";
import { config } from "./config.js";
import { $ } from "./dom.js";
import { lang, onLangChange, t } from "./i18n.js";
import { notify } from "./shell.js";
import { clearCharts, drawLoad, drawOperators, drawTrend } from "./reports_charts.js";
import { days, longDate, today } from "./reports_format.js";
import {
  busyHours,
  renderBookings,
  renderBreakdown,
  renderFigures,
  renderHeatmap,
  renderOutcomes,
} from "./reports_tables.js";

const FIELDS = ["period", "day", "last", "office_id", "group_by"];
const form = $("#report-form");
const state = { report: null, operators: null, query: "", request: 0 };

/** The form's choice from the page's address; the current month by default. */
function restore() {
  const params = new URLSearchParams(location.search);
  form.elements.day.value = today(config.timezone);
  for (const name of FIELDS) {
    const value = params.get(name);
    const field = form.elements[name];
    if (value === null || !field) continue;
    if (field.tagName === "SELECT" && ![...field.options].some((o) => o.value === value)) continue;
    field.value = value;
  }
  if (!form.elements.day.value) form.elements.day.value = today(config.timezone); // a bad ?day=
  periodChanged();
}

function periodChanged() {
  const custom = form.elements.period.value === "custom";
  $("#report-last-field").hidden = !custom;
  form.elements.last.required = custom;
  // A custom period starts on the chosen day; any other holds it.
  const label = $("#report-day-label");
  label.dataset.uk = custom ? "З" : "День періоду";
  label.dataset.en = custom ? "From" : "Day in the period";
  label.textContent = t(label.dataset.uk, label.dataset.en);
  if (custom && !form.elements.last.value) form.elements.last.value = form.elements.day.value;
}

/** The report's query string: the same for the page, the API and the exports. */
function query() {
  const f = form.elements;
  const params = new URLSearchParams({ period: f.period.value, day: f.day.value });
  if (f.period.value === "custom") params.set("last", f.last.value);
  if (f.office_id.value) params.set("office_id", f.office_id.value);
  params.set("group_by", f.group_by.value);
  return params;
}

function remember(params) {
  const address = new URLSearchParams(location.search);
  for (const name of FIELDS) address.delete(name);
  for (const [name, value] of params) address.set(name, value);
  history.replaceState(null, "", `${location.pathname}?${address}`);
}

async function show() {
  const params = query();
  if (params.get("period") === "custom" && params.get("last") < params.get("day")) {
    notify(t("Кінець періоду раніше за початок.", "The period ends before it starts."), "error");
    form.elements.last.focus();
    return;
  }
  const request = ++state.request;
  const button = $("#report-show");
  button.disabled = true;
  $("#report").setAttribute("aria-busy", "true");
  notify(t("Формуємо звіт…", "Preparing the report…"));
  try {
    const wanted = [api(`/reports?${params}`)];
    if (params.get("group_by") !== "operator") {
      const byOperator = new URLSearchParams(params);
      byOperator.set("group_by", "operator");
      wanted.push(api(`/reports?${byOperator}`));
    }
    const [report, operators] = await Promise.all(wanted);
    if (request !== state.request) return; // a newer choice is on its way
    state.report = report;
    state.operators = operators ?? report;
    state.query = params.toString();
    remember(params);
    render();
    notify("");
  } catch (error) {
    if (request === state.request) notify(error.message, "error");
  } finally {
    if (request === state.request) {
      button.disabled = false;
      $("#report").removeAttribute("aria-busy");
    }
  }
}

function renderHead(report) {
  const { kind, first, last } = report.period;
  const span = first === last ? longDate(first) : `${longDate(first)} – ${longDate(last)}`;
  const option = form.elements.period.querySelector(`option[value="${kind}"]`);
  const kindName = option ? option.textContent.trim() : kind;
  $("#report-title").textContent = `${kindName}: ${span} (${days(report.period.days)})`;
  const offices = report.offices.map((o) => t(o.name_uk, o.name_en || o.name_uk));
  $("#report-scope").textContent = offices.length ? offices.join(", ") : t("Жодного підрозділу", "No office");
  const exports = `${state.query}&lang=${lang()}`;
  $("#download-csv").href = `${config.apiBase}/reports.csv?${exports}`;
  $("#download-xlsx").href = `${config.apiBase}/reports.xlsx?${exports}`;
}

/** The report's days, with the quiet ones of a period up to a quarter filled in (so
 * a closed day shows as a gap, not as a line drawn straight across it). */
function everyDay(report) {
  const { first, last, days: length } = report.period;
  if (length > 92) return report.by_day;
  const known = new Map(report.by_day.map((d) => [d.day, d]));
  const out = [];
  for (let day = new Date(`${first}T12:00:00Z`); ; day.setUTCDate(day.getUTCDate() + 1)) {
    const iso = day.toISOString().slice(0, 10);
    if (iso > last) break;
    out.push(known.get(iso) ?? { day: iso, figures: { visitors: 0, wait_avg: null, wait_p90: null } });
  }
  return out;
}

function render() {
  const report = state.report;
  if (!report) return;
  $("#report").hidden = false;
  renderHead(report);
  const empty = report.total.visitors === 0;
  $("#report-empty").hidden = !empty;
  $("#report-body").hidden = empty;
  if (empty) {
    clearCharts();
    return;
  }
  // The body is visible before the charts are drawn, so they measure their real size.
  renderFigures(report.total);
  renderBreakdown(report);
  renderHeatmap(report.heatmap);
  drawLoad($("#load-chart"), $("#load-table"), report.load, busyHours(report.heatmap));
  drawTrend($("#trend-chart"), $("#trend-table"), everyDay(report));
  // The group without a key holds the tickets nobody called: not a person to compare.
  const people = (state.operators?.groups ?? []).filter((g) => g.key !== "");
  $("#operators-empty").hidden = people.length > 0;
  $("#operators-pair").hidden = people.length === 0;
  if (people.length) drawOperators($("#operators-chart"), $("#operators-table"), people);
  renderOutcomes(report.total);
  renderBookings(report.bookings);
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  show();
});
form.elements.period.addEventListener("change", periodChanged);
onLangChange(render);

restore();
show();

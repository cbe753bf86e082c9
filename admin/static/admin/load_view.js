// One office of the live load as a card: alerts on top, then every window with its
// administrator, then every service with a queue or visitors today. Built from
// GET /api/v1/load; the "for how long" cells tick every second (see tick()).

import { $, h } from "./dom.js";
import { clockTime, duration } from "./format.js";
import { t, translate } from "./i18n.js";
import { count, decimal } from "./reports_format.js";

const STATES = {
  closed: ["зачинене", "closed"],
  open: ["вільне", "free"],
  paused: ["перерва", "on a break"],
};
const ALERT_KINDS = {
  wait_over_target: ["Довге очікування", "Long wait"],
  idle_counter: ["Вікно простоює", "Window idle"],
  device_offline: ["Пристрій не на зв'язку", "Device offline"],
};

/** A window's state in words: serving says whether the visitor is called or being served. */
function stateWords(c) {
  if (c.state === "serving") {
    return c.ticket_status === "serving" ? t("обслуговує", "serving") : t("викликає", "calling");
  }
  const words = STATES[c.state];
  return words ? t(...words) : c.state;
}

/** "04:09", or "1:04:09" past an hour. */
export function elapsed(seconds) {
  const s = Math.max(0, Math.floor(seconds));
  const hours = Math.floor(s / 3600);
  const mm = String(Math.floor((s % 3600) / 60)).padStart(2, "0");
  const ss = String(s % 60).padStart(2, "0");
  return hours > 0 ? `${hours}:${mm}:${ss}` : `${mm}:${ss}`;
}

/** Update every ticking cell under ``root``; ``now`` is the server's time in ms. */
export function tick(root, now) {
  for (const cell of root.querySelectorAll("[data-since]")) {
    cell.textContent = elapsed((now - Date.parse(cell.dataset.since)) / 1000);
  }
}

function counterRow(c, idle) {
  const live = c.state !== "closed" && c.since;
  let breaks = c.paused_seconds_today ? duration(c.paused_seconds_today) : "—";
  if (c.state === "paused" && c.paused_reason) breaks = `${breaks} · ${c.paused_reason}`;
  return h(
    "tr",
    { dataset: { counter: c.number, state: c.state }, class: idle ? "idle" : "" },
    h("th", { scope: "row", class: "counter-no" }, String(c.number)),
    h(
      "td",
      { dataset: { cell: "state" } },
      h("span", { class: `state state-${c.state}` }, stateWords(c)),
    ),
    h("td", { dataset: { cell: "ticket" }, class: "ticket-no" }, c.ticket_number ?? ""),
    h(
      "td",
      { dataset: { cell: "for" } },
      live ? h("span", { class: "timer", dataset: { since: c.since } }, "") : "",
    ),
    h("td", { dataset: { cell: "operator" } }, c.operator_name ?? "—"),
    h("td", { dataset: { cell: "served" }, class: "num" }, count(c.served_today)),
    h("td", { dataset: { cell: "average" }, class: "num" }, decimal(c.service_avg_today)),
    h("td", { dataset: { cell: "breaks" } }, breaks),
  );
}

function serviceRow(s) {
  const pct = s.within_target_pct_today;
  return h(
    "tr",
    { dataset: { service: s.id }, class: s.over_target ? "above-target" : "" },
    h(
      "th",
      { scope: "row" },
      h("span", { class: "prefix" }, s.prefix),
      " ",
      t(s.name_uk, s.name_en || s.name_uk),
      s.over_target ? h("span", { class: "badge warn" }, t("понад норматив", "above target")) : null,
    ),
    h("td", { dataset: { cell: "waiting" }, class: "num big" }, count(s.waiting)),
    h("td", { dataset: { cell: "longest" }, class: "num" }, s.waiting ? decimal(s.longest_wait_min) : "—"),
    h("td", { dataset: { cell: "target" }, class: "num" }, count(s.target_wait_min)),
    h("td", { dataset: { cell: "within" }, class: "num" }, pct === null ? "—" : `${decimal(pct)} %`),
    h("td", { dataset: { cell: "served" }, class: "num" }, count(s.served_today)),
  );
}

function alertItem(a) {
  const kind = ALERT_KINDS[a.kind];
  return h(
    "li",
    { class: `load-alert ${a.kind}`, dataset: { kind: a.kind } },
    h("span", { class: "load-alert-kind" }, kind ? t(...kind) : a.kind),
    h("span", { class: "load-alert-text" }, t(a.message_uk, a.message_en || a.message_uk)),
  );
}

/** A new, empty card for an office (from the page's template, in the current language). */
export function newCard(officeId) {
  const card = $("#office-card").content.firstElementChild.cloneNode(true);
  card.dataset.office = officeId;
  const title = $("[data-slot=name]", card);
  title.id = `office-${officeId}-name`;
  card.setAttribute("aria-labelledby", title.id);
  translate(card);
  return card;
}

/** Fill ``card`` with one office of the live load. */
export function renderOffice(card, office) {
  const slot = (name) => $(`[data-slot=${name}]`, card);
  slot("name").textContent = t(office.name_uk, office.name_en || office.name_uk);
  slot("waiting").textContent = count(office.waiting);
  slot("airraid").hidden = !office.paused_since;
  slot("airraid-since").textContent = office.paused_since
    ? t(`з ${clockTime(office.paused_since)}`, `since ${clockTime(office.paused_since)}`)
    : "";

  const alerts = office.alerts ?? [];
  slot("alerts").replaceChildren(...alerts.map(alertItem));
  slot("alerts-empty").hidden = alerts.length > 0;
  slot("alert-count").textContent = alerts.length ? String(alerts.length) : "";
  card.dataset.alerts = String(alerts.length);

  const idle = new Set(alerts.filter((a) => a.kind === "idle_counter").map((a) => a.counter_id));
  $("[data-slot=counters] tbody", card).replaceChildren(
    ...office.counters.map((c) => counterRow(c, idle.has(c.id))),
  );
  const services = office.services ?? [];
  $("[data-slot=services] tbody", card).replaceChildren(...services.map(serviceRow));
  slot("services-empty").hidden = services.length > 0;
  slot("services-box").hidden = services.length === 0;
}

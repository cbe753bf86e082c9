// The browsing screens: start, services (most requested + spheres), search, one sphere.
// Each returns {title, node}; the controller puts the node on screen and moves focus
// to its heading.

import { openingWords, pick } from "./catalog.js";
import { h, localized, uid } from "./dom.js";
import { keyboard } from "./keyboard.js";

const MAX_RESULTS = 40;

/** The screen's frame: a heading, a scrolling body and the actions kept in reach. */
export function view(name, title, body, actions = null, heading = null) {
  const titleId = uid("title");
  const h1 = heading ?? h("h1", { class: "title", tabindex: "-1" }, title);
  h1.id = titleId;
  return h(
    "section",
    { class: `view view-${name}`, "aria-labelledby": titleId },
    // Focusable, so a keyboard can scroll a long card (axe: scrollable-region-focusable).
    h("div", { class: "body", tabindex: "0" }, h1, body),
    actions && h("div", { class: "actions" }, actions),
  );
}

/** "Центр зачинено. Відкриємося: завтра о 08:00", or null while the office is open. */
export function closedSentence(ctx) {
  const office = ctx.catalog.office;
  if (ctx.catalog.open) return null;
  const when = openingWords(office?.next_opening, ctx.nowMs, office?.timezone, ctx.lang, ctx.say);
  return when ? ctx.t("closedOpens", { when }) : ctx.t("closedUnknown");
}

export function start(ctx) {
  const office = ctx.catalog.office;
  const name = pick(office, "name", ctx.lang);
  const closed = closedSentence(ctx);
  const heading = localized("h1", { class: "title office-title", tabindex: "-1" }, name, ctx.lang);
  // Booked visitors check in from before their time, which may be before the opening.
  const checkIn = h(
    "button",
    { type: "button", class: "secondary wide appointment", id: "check-in-open", onclick: () => ctx.go("checkin") },
    ctx.t("checkInOpen"),
  );
  const body = closed
    ? [
        h("p", { class: "closed", id: "closed" }, closed),
        h(
          "button",
          { type: "button", class: "secondary wide", onclick: () => ctx.go("services") },
          ctx.t("browse"),
        ),
        checkIn,
      ]
    : [
        h("p", { class: "lead" }, ctx.t("welcome")),
        h(
          "button",
          { type: "button", class: "primary huge", id: "take", onclick: () => ctx.go("services") },
          ctx.t("take"),
        ),
        h("p", { class: "hint", id: "print-hint" }, ctx.t(ctx.canPrint ? "paper" : "onScreen")),
        checkIn,
      ];
  return { title: name.text, node: view("start", name.text, h("div", { class: "start" }, body), null, heading) };
}

function popularTile(ctx, service) {
  const nameId = uid("svc");
  const open = ctx.catalog.open;
  return h(
    "li",
    { class: "tile" },
    localized("h3", { class: "tile-name", id: nameId }, pick(service, "name", ctx.lang), ctx.lang),
    h(
      "div",
      { class: "tile-actions" },
      open &&
        h(
          "button",
          {
            type: "button",
            class: "primary",
            "data-issue": service.id,
            "aria-describedby": nameId,
            onclick: (event) => ctx.issue(service.id, null, event.currentTarget),
          },
          ctx.t("take"),
        ),
      h(
        "button",
        {
          type: "button",
          class: "secondary",
          "aria-describedby": nameId,
          onclick: () => ctx.go("card", { id: service.id }),
        },
        ctx.t("about"),
      ),
    ),
  );
}

export function services(ctx) {
  const title = ctx.t("servicesTitle");
  const popular = ctx.catalog.popular;
  const popularId = uid("popular");
  const spheresId = uid("spheres");
  const body = [
    h(
      "button",
      { type: "button", class: "search-open", onclick: () => ctx.go("search") },
      h("span", { class: "icon", "aria-hidden": "true" }, "⌕"),
      ctx.t("searchOpen"),
    ),
    popular.length > 0 &&
      h(
        "section",
        { "aria-labelledby": popularId },
        h("h2", { id: popularId }, ctx.t("popular")),
        h("ul", { class: "tiles popular" }, popular.map((s) => popularTile(ctx, s))),
      ),
    h(
      "section",
      { "aria-labelledby": spheresId },
      h("h2", { id: spheresId }, ctx.t("spheres")),
      h(
        "ul",
        { class: "tiles spheres" },
        ctx.catalog.categories.map((category) =>
          h(
            "li",
            {},
            h(
              "button",
              { type: "button", class: "sphere", onclick: () => ctx.go("sphere", { id: category.id }) },
              localized("span", { class: "sphere-name" }, pick(category, "name", ctx.lang), ctx.lang),
              h("span", { class: "sphere-count" }, ctx.t("services", { n: category.services.length })),
            ),
          ),
        ),
      ),
    ),
  ];
  return { title, node: view("services", title, body) };
}

/** One service in a list: its name and why it may not give a ticket. */
export function serviceRow(ctx, service) {
  const note = !service.active ? ctx.t("paused") : service.referral ? ctx.t("elsewhere") : null;
  return h(
    "li",
    {},
    h(
      "button",
      { type: "button", class: "row", onclick: () => ctx.go("card", { id: service.id }) },
      localized("span", { class: "row-name" }, pick(service, "name", ctx.lang), ctx.lang),
      note && h("span", { class: "row-note" }, note),
      h("span", { class: "row-arrow", "aria-hidden": "true" }, "›"),
    ),
  );
}

export function sphere(ctx, params) {
  const category = ctx.catalog.category(params.id);
  const name = pick(category, "name", ctx.lang);
  const heading = localized("h1", { class: "title", tabindex: "-1" }, name, ctx.lang);
  const body = [
    h("p", { class: "lead" }, ctx.t("sphereLead")),
    h("ul", { class: "rows" }, (category?.services ?? []).map((s) => serviceRow(ctx, ctx.catalog.service(s.id)))),
  ];
  return { title: name.text, node: view("sphere", name.text, body, null, heading) };
}

export function search(ctx) {
  const title = ctx.t("searchTitle");
  const inputId = uid("search");
  const statusId = uid("status");
  const input = h("input", {
    id: inputId,
    class: "search-input",
    type: "search",
    // Our own keyboard is on screen: no system keyboard over it on a touch device.
    inputmode: "none",
    autocomplete: "off",
    spellcheck: "false",
    "aria-describedby": statusId,
  });
  input.value = ctx.search.query;
  const status = h("p", { class: "search-status", id: statusId, role: "status" });
  const results = h("ul", { class: "rows results" });
  const update = () => {
    ctx.search.query = input.value;
    const found = ctx.catalog.search(input.value);
    status.textContent = !input.value.trim()
      ? ctx.t("searchHint")
      : found.length
        ? ctx.t("found", { n: found.length })
        : ctx.t("nothing");
    results.replaceChildren(...found.slice(0, MAX_RESULTS).map((s) => serviceRow(ctx, s)));
  };
  input.addEventListener("input", update);
  const edit = (change) => {
    if (change.clear) input.value = "";
    else if (change.remove) input.value = input.value.slice(0, -change.remove);
    else if (change.insert) input.value += change.insert;
    update();
  };
  const keys = h("div", { class: "keyboard-slot" });
  const drawKeys = () =>
    keys.replaceChildren(
      keyboard({
        lang: ctx.lang,
        layout: ctx.search.layout,
        edit,
        switchLayout: () => {
          ctx.search.layout = ctx.search.layout === "uk" ? "en" : "uk";
          drawKeys();
          keys.querySelector(".key-switch")?.focus(); // the pressed key was replaced
        },
      }),
    );
  drawKeys();
  update();
  const body = [
    h("label", { for: inputId, class: "search-label" }, ctx.t("searchLabel")),
    input,
    status,
    results,
  ];
  return { title, node: view("search", title, body, keys) };
}

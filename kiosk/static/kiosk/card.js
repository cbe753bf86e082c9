// A service's information card (documents, fee, term, legal basis), the directions to
// another office for a service the centre does not provide, and the priority choice.

import { pick } from "./catalog.js";
import { h, localized } from "./dom.js";
import { closedSentence, view } from "./screens.js";

function fact(ctx, label, item, field) {
  const value = pick(item, field, ctx.lang);
  if (!value.text.trim()) return null;
  return [h("dt", {}, ctx.t(label)), localized("dd", {}, value, ctx.lang)];
}

function documents(ctx, card) {
  const list = pick(card, "documents", ctx.lang);
  if (!list.text?.length) return null;
  return h(
    "section",
    { class: "documents" },
    h("h2", {}, ctx.t("documents")),
    h(
      "ul",
      { lang: list.lang !== ctx.lang ? list.lang : null },
      list.text.map((item) => h("li", {}, item)),
    ),
  );
}

function referral(ctx, service) {
  const where = service.referral;
  const phone = where.phone?.trim();
  return h(
    "section",
    { class: "referral" },
    h("h2", {}, ctx.t("referralTitle")),
    localized("p", { class: "referral-body" }, pick(where, "body", ctx.lang), ctx.lang),
    h(
      "dl",
      { class: "facts" },
      fact(ctx, "address", where, "address"),
      phone && [h("dt", {}, ctx.t("phone")), h("dd", { class: "phone" }, phone)],
      fact(ctx, "hours", where, "hours"),
    ),
    h("p", { class: "slip-status", id: "slip-status", role: "status" }),
  );
}

function actions(ctx, service) {
  if (service.referral) {
    if (!ctx.canPrint) return null;
    return h(
      "button",
      {
        type: "button",
        class: "primary wide",
        id: "print-slip",
        onclick: (event) => ctx.printSlip(service.id, event.currentTarget),
      },
      ctx.t("printSlip"),
    );
  }
  if (!service.active) return h("p", { class: "notice", id: "inactive" }, ctx.t("inactive"));
  const closed = closedSentence(ctx);
  if (closed) return h("p", { class: "notice" }, closed);
  return [
    h(
      "button",
      {
        type: "button",
        class: "primary huge",
        "data-issue": service.id,
        onclick: (event) => ctx.issue(service.id, null, event.currentTarget),
      },
      ctx.t("take"),
    ),
    ctx.catalog.priorities.length > 0 &&
      h(
        "button",
        {
          type: "button",
          class: "secondary wide",
          onclick: () => ctx.go("priority", { id: service.id }),
        },
        ctx.t("priorityAsk"),
      ),
  ];
}

export function card(ctx, params) {
  const service = ctx.catalog.service(params.id);
  const name = pick(service, "name", ctx.lang);
  const heading = localized("h1", { class: "title", tabindex: "-1" }, name, ctx.lang);
  const info = service.card ?? {};
  const description = pick(info, "description", ctx.lang);
  const facts = [fact(ctx, "fee", info, "fee"), fact(ctx, "term", info, "term"), fact(ctx, "basis", info, "legal_basis")];
  const body = [
    description.text.trim() && localized("p", { class: "description" }, description, ctx.lang),
    service.referral ? referral(ctx, service) : documents(ctx, info),
    facts.some(Boolean) && h("dl", { class: "facts" }, facts),
  ];
  return { title: name.text, node: view("card", name.text, body, actions(ctx, service), heading) };
}

export function priority(ctx, params) {
  const service = ctx.catalog.service(params.id);
  const title = ctx.t("priorityTitle");
  const body = [
    localized("p", { class: "for-service" }, pick(service, "name", ctx.lang), ctx.lang),
    h("p", { class: "lead" }, ctx.t("priorityLead")),
    h("p", { class: "notice check" }, ctx.t("priorityCheck")),
    h(
      "ul",
      { class: "rows" },
      ctx.catalog.priorities.map((category) =>
        h(
          "li",
          {},
          h(
            "button",
            {
              type: "button",
              class: "row",
              "data-issue": service.id,
              "data-priority": category.code,
              onclick: (event) => ctx.issue(service.id, category.code, event.currentTarget),
            },
            localized("span", { class: "row-name" }, pick(category, "name", ctx.lang), ctx.lang),
            h("span", { class: "row-arrow", "aria-hidden": "true" }, "›"),
          ),
        ),
      ),
    ),
  ];
  return { title, node: view("priority", title, body) };
}

// Visitors' feedback: low scores, comments and complaints, newest first, each with its
// review (who handles it, its status, the answer); for managers also the daily digest.
// The server decides who sees what: an administrator sees only what is assigned to them,
// never feedback about themselves.

import { api } from "./api.js";
import { config } from "./config.js";
import { $, h } from "./dom.js";
import { onLangChange, t } from "./i18n.js";
import { notify } from "./shell.js";

const STATUS = {
  new: () => t("нова", "new"),
  in_review: () => t("в роботі", "in review"),
  answered: () => t("опрацьовано", "answered"),
};
const FACES = ["", "😠", "🙁", "😐", "🙂", "😄"];
const state = { items: [], staff: [], digest: null };

const office = `/offices/${config.officeId}`;
const when = (iso) =>
  new Intl.DateTimeFormat(t("uk-UA", "en-GB"), {
    timeZone: config.timezone,
    dateStyle: "short",
    timeStyle: "short",
  }).format(new Date(iso));

async function load() {
  const chosen = $("#status-filter").value;
  const statuses = chosen === "open" ? ["new", "in_review"] : chosen ? [chosen] : [];
  const query = statuses.map((s) => `status=${s}`).join("&");
  try {
    state.items = await api(`${office}/feedback${query ? `?${query}` : ""}`);
    renderList();
  } catch (error) {
    notify(error.message, "error");
  }
}

function renderList() {
  const list = $("#feedback-list");
  list.replaceChildren(...state.items.map(item));
  $("#feedback-empty").hidden = state.items.length > 0;
}

function item(f) {
  const score = h("span", { class: "score", "aria-label": t(`оцінка ${f.score} з 5`, `score ${f.score} of 5`) },
    `${FACES[f.score]} ${f.score}/5`);
  const head = h(
    "p",
    { class: "feedback-head" },
    score,
    f.complaint ? h("span", { class: "badge warn" }, t("скарга", "complaint")) : null,
    h("span", { class: "badge" }, STATUS[f.status]()),
    ` ${when(f.created_at)} · ${t("талон", "ticket")} ${f.ticket_number} · `,
    t(f.service_name_uk, f.service_name_en || f.service_name_uk),
    f.operator_name ? ` · ${f.operator_name}` : "",
    f.recommend !== null ? ` · ${t("порекомендує", "would recommend")}: ${f.recommend}/10` : "",
  );
  const comment = f.comment ? h("blockquote", { class: "comment" }, f.comment) : null;
  return h("li", { class: "card feedback-item", dataset: { id: String(f.id) } }, head, comment, review(f));
}

function review(f) {
  const answerId = `answer-${f.id}`;
  const answer = h("textarea", { id: answerId, rows: "2", maxlength: "2000" });
  answer.value = f.answer;
  const parts = [];
  if (config.manager) {
    const assigneeId = `assignee-${f.id}`;
    const select = h(
      "select",
      { id: assigneeId, onchange: () => save(f, { assignee_id: select.value ? Number(select.value) : null }) },
      h("option", { value: "" }, t("— нікому —", "— nobody —")),
      ...state.staff.map((u) =>
        h("option", { value: String(u.id), selected: u.id === f.assignee_id }, u.display_name),
      ),
    );
    parts.push(h("p", { class: "field" }, h("label", { for: assigneeId }, t("Доручено", "Assigned to")), select));
  }
  parts.push(
    h("p", { class: "field" }, h("label", { for: answerId }, t("Відповідь відвідувачу / що зроблено", "Answer / what was done")), answer),
    h(
      "div",
      { class: "actions" },
      f.status === "new"
        ? h("button", { type: "button", onclick: () => save(f, { status: "in_review" }) }, t("Взяти в роботу", "Take it"))
        : null,
      h(
        "button",
        { type: "button", class: "primary", onclick: () => save(f, { status: "answered", answer: answer.value }) },
        t("Позначити опрацьованим", "Mark answered"),
      ),
    ),
  );
  return h("div", { class: "review" }, ...parts);
}

async function save(f, changes) {
  try {
    const updated = await api(`/feedback/${f.id}`, { method: "PATCH", body: changes });
    Object.assign(f, updated);
    notify(t(`Відгук щодо талона ${f.ticket_number} збережено.`, `Feedback on ticket ${f.ticket_number} saved.`));
    renderList();
  } catch (error) {
    notify(error.message, "error");
    renderList(); // put a refused choice back as it was
  }
}

// ---- the daily digest (managers) ----

function yesterday() {
  const local = new Intl.DateTimeFormat("en-CA", { timeZone: config.timezone }).format(new Date());
  const day = new Date(`${local}T12:00:00Z`);
  day.setUTCDate(day.getUTCDate() - 1);
  return day.toISOString().slice(0, 10);
}

async function loadDigest(day) {
  try {
    state.digest = await api(`${office}/feedback/digest?day=${day}`);
    renderDigest();
  } catch (error) {
    notify(error.message, "error");
  }
}

function renderDigest() {
  const d = state.digest;
  if (!d) return;
  const figure = (label, value) => [h("dt", {}, label), h("dd", {}, value)];
  $("#digest-figures").replaceChildren(
    ...figure(t("Оцінок", "Ratings"), String(d.count)),
    ...figure(t("Середня оцінка", "Average score"), d.average === null ? "—" : d.average.toFixed(2)),
    ...figure(t("Індекс лояльності", "Loyalty index"), d.loyalty_index === null ? "—" : String(d.loyalty_index)),
    ...figure(t("Скарг", "Complaints"), String(d.complaints)),
    ...figure(t("Чекають на відповідь (усього)", "Waiting for an answer (all days)"), String(d.unanswered)),
  );
  table($("#digest-services"), d.by_service);
  table($("#digest-admins"), d.by_administrator);
}

function table(el, rows) {
  const caption = el.querySelector("caption");
  const head = h(
    "thead",
    {},
    h("tr", {}, ...[t("Назва", "Name"), t("Оцінок", "Ratings"), t("Середня", "Average"), t("Лояльність", "Loyalty")].map((c) => h("th", { scope: "col" }, c))),
  );
  const body = h(
    "tbody",
    {},
    ...rows.map((r) =>
      h(
        "tr",
        {},
        h("th", { scope: "row" }, t(r.name_uk, r.name_en || r.name_uk)),
        h("td", {}, String(r.count)),
        h("td", {}, r.average === null ? "—" : r.average.toFixed(2)),
        h("td", {}, r.loyalty_index === null ? "—" : String(r.loyalty_index)),
      ),
    ),
  );
  el.replaceChildren(caption, head, body);
}

async function start() {
  $("#status-filter").addEventListener("change", load);
  if (config.manager) {
    const input = $("#digest-day");
    input.value = yesterday();
    $("#digest-form").addEventListener("submit", (event) => {
      event.preventDefault();
      loadDigest(input.value);
    });
    try {
      state.staff = await api(`${office}/staff`);
    } catch (error) {
      notify(error.message, "error");
    }
    loadDigest(input.value);
  }
  await load();
}

onLangChange(() => {
  renderList();
  renderDigest();
});
start();

// Staff: people with their roles, added, changed and deactivated (never deleted: their
// past work stays theirs), and an administrator's skills — the services they provide,
// each primary or secondary — ticked by sphere.

import { api } from "./api.js";
import { config } from "./config.js";
import { $, h } from "./dom.js";
import { named } from "./format.js";
import { t } from "./i18n.js";
import { FormError, confirmed, onSubmit, openDialog, readForm, refresh, rowButton, showParts } from "./manage_forms.js";
import { byPosition, list, onData, store } from "./manage_store.js";
import { notify } from "./shell.js";

const userDialog = $("#user-dialog");
const userForm = userDialog.querySelector("form");
const skillsDialog = $("#skills-dialog");
const skillsForm = skillsDialog.querySelector("form");
const editing = { user: null, skills: null };
const ROLES = {
  administrator: ["адміністратор", "administrator"],
  reception: ["рецепція", "reception"],
  manager: ["керівник", "manager"],
  admin: ["адміністратор системи", "system administrator"],
};

/** The roles in words: "адміністратор, рецепція". */
export const roleWords = (roles) => roles.map((r) => (ROLES[r] ? t(...ROLES[r]) : r)).join(", ");

function skillWords(skills) {
  if (!skills.length) return "—";
  const primary = skills.filter((s) => s.tier === "primary").length;
  const secondary = skills.length - primary;
  return t(`основних: ${primary}, додаткових: ${secondary}`, `primary: ${primary}, secondary: ${secondary}`);
}

function render() {
  const users = [...list("users")].sort((a, b) => Number(b.active) - Number(a.active) || a.display_name.localeCompare(b.display_name, "uk"));
  $("#users tbody").replaceChildren(
    ...users.map((u) =>
      h(
        "tr",
        { "data-user": u.username, class: u.active ? "" : "inactive" },
        h("th", { scope: "row" }, u.display_name),
        h("td", {}, u.username),
        h("td", {}, roleWords(u.roles)),
        h("td", {}, u.roles.includes("administrator") ? skillWords(u.skills) : "—"),
        h("td", {}, u.active ? t("працює", "active") : h("span", { class: "badge off" }, t("деактивовано", "deactivated"))),
        h(
          "td",
          { class: "row-actions" },
          rowButton(t("Змінити", "Edit"), u.display_name, () => editUser(u)),
          u.roles.includes("administrator") ? rowButton(t("Навички", "Skills"), u.display_name, () => editSkills(u)) : null,
          u.active
            ? rowButton(t("Деактивувати", "Deactivate"), u.display_name, () => setActive(u, false), "small quiet")
            : rowButton(t("Активувати", "Activate"), u.display_name, () => setActive(u, true), "small quiet"),
        ),
      ),
    ),
  );
}

// ---- people ----

function editUser(user) {
  editing.user = user;
  const superuser = store.me?.roles?.includes("admin") || user?.roles.includes("admin");
  showParts(userForm, ["new", "edit", "superuser"], [user ? "edit" : "new", ...(superuser ? ["superuser"] : [])]);
  userForm.elements.namedItem("username").disabled = Boolean(user);
  const title = user ? user.display_name : t("Новий працівник", "New person");
  openDialog(userDialog, title, user ?? { roles: ["administrator"], active: true });
}

async function saveUser() {
  const body = readForm(userForm);
  const user = editing.user;
  // The server checks the name, the username and the password in words a person can act
  // on; an empty password when editing means "keep the old one".
  if (user && !body.password) delete body.password;
  if (!body.roles.length) {
    throw new FormError(t("Оберіть хоча б одну роль.", "Choose at least one role."), userForm.querySelector("[name=roles]"));
  }
  if (user) {
    await api(`/config/users/${user.id}`, { method: "PATCH", body });
    return t(`Дані працівника ${body.display_name} збережено.`, `${body.display_name} saved.`);
  }
  await api(`/config/offices/${config.officeId}/users`, { method: "POST", body });
  return t(`Працівника ${body.display_name} додано.`, `${body.display_name} added.`);
}

async function setActive(user, active) {
  if (!active) {
    const sure = await confirmed({
      title: t(`Деактивувати ${user.display_name}?`, `Deactivate ${user.display_name}?`),
      text: t("Працівник більше не зможе увійти. Історію його роботи буде збережено; активувати можна знову.", "The person can no longer log in. Their past work is kept; you can activate them again."),
      ok: t("Деактивувати", "Deactivate"),
    });
    if (!sure) return;
  }
  try {
    await api(`/config/users/${user.id}`, { method: "PATCH", body: { active } });
    notify(active ? t(`${user.display_name}: доступ відновлено.`, `${user.display_name} activated.`) : t(`${user.display_name}: деактивовано.`, `${user.display_name} deactivated.`));
    await refresh();
  } catch (error) {
    notify(error.message, "error");
  }
}

// ---- skills ----

function editSkills(user) {
  editing.skills = user;
  $("#skills-filter").value = "";
  openDialog(skillsDialog, t(`Навички: ${user.display_name}`, `Skills: ${user.display_name}`), {});
  renderSkills(user);
  $("#skills-filter").focus();
}

function renderSkills(user) {
  const tiers = new Map(user.skills.map((s) => [s.service_id, s.tier]));
  const services = [...list("services")].sort(byPosition);
  const groups = [...list("categories")].sort(byPosition).map((sphere) => {
    const own = services.filter((s) => s.category_id === sphere.id && !s.referral);
    if (!own.length) return null;
    return h(
      "fieldset",
      { class: "skill-group", "data-sphere": String(sphere.id) },
      h("legend", {}, named(sphere)),
      ...own.map((s) => skillRow(s, tiers.get(s.id))),
    );
  });
  skillsForm.querySelector("[data-slot=skills]").replaceChildren(...groups.filter(Boolean));
  filterSkills();
}

function skillRow(service, tier) {
  const id = `skill-${service.id}`;
  const box = h("input", { type: "checkbox", id, "data-service": String(service.id), checked: Boolean(tier) });
  const select = h(
    "select",
    { "aria-label": t(`Рівень: ${named(service)}`, `Tier: ${named(service)}`), disabled: !tier, "data-tier": String(service.id) },
    h("option", { value: "primary", selected: tier !== "secondary" }, t("основна", "primary")),
    h("option", { value: "secondary", selected: tier === "secondary" }, t("додаткова", "secondary")),
  );
  box.addEventListener("change", () => {
    select.disabled = !box.checked;
    countSkills();
  });
  const label = h("label", { for: id }, `${service.prefix} · ${named(service)}`, service.active ? null : h("span", { class: "hint" }, ` (${t("не надається", "suspended")})`));
  return h("div", { class: "skill", "data-words": `${service.name_uk} ${service.name_en} ${service.prefix}`.toLowerCase() }, box, label, select);
}

function filterSkills() {
  const filter = $("#skills-filter").value.trim().toLowerCase();
  for (const group of skillsForm.querySelectorAll(".skill-group")) {
    let shown = 0;
    for (const row of group.querySelectorAll(".skill")) {
      row.hidden = Boolean(filter) && !row.dataset.words.includes(filter);
      if (!row.hidden) shown += 1;
    }
    group.hidden = shown === 0;
  }
  countSkills();
}

function countSkills() {
  const chosen = skillsForm.querySelectorAll("input[data-service]:checked").length;
  skillsForm.querySelector("[data-slot=count]").textContent = t(`Обрано послуг: ${chosen}`, `Services chosen: ${chosen}`);
}

async function saveSkills() {
  const user = editing.skills;
  const skills = [...skillsForm.querySelectorAll("input[data-service]:checked")].map((box) => ({
    service_id: Number(box.dataset.service),
    tier: skillsForm.querySelector(`select[data-tier="${box.dataset.service}"]`).value,
  }));
  await api(`/config/users/${user.id}/skills`, { method: "PUT", body: { skills } });
  return t(`Навички ${user.display_name} збережено (послуг: ${skills.length}).`, `Skills of ${user.display_name} saved (${skills.length} services).`);
}

export function startStaff() {
  $("#add-user").addEventListener("click", () => editUser(null));
  $("#skills-filter").addEventListener("input", filterSkills);
  skillsDialog.addEventListener("close", () => (editing.skills = null));
  onSubmit(userForm, saveUser);
  onSubmit(skillsForm, saveSkills);
  onData(render);
}

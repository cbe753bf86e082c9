// Spheres and services: the list grouped by sphere (as the kiosk shows it), a service with
// its information card in both languages, and spheres added, renamed and deleted.

import { api } from "./api.js";
import { config } from "./config.js";
import { $, h } from "./dom.js";
import { named } from "./format.js";
import { t } from "./i18n.js";
import { FormError, confirmed, onSubmit, openDialog, readForm, refresh, rowButton, showParts, slug, unique } from "./manage_forms.js";
import { byPosition, list, nextPosition, onData } from "./manage_store.js";
import { notify } from "./shell.js";

const sphereDialog = $("#sphere-dialog");
const serviceDialog = $("#service-dialog");
const sphereForm = sphereDialog.querySelector("form");
const serviceForm = serviceDialog.querySelector("form");
const open = new Set(); // spheres the person opened stay open across re-draws
const editing = { sphere: null, service: null };
const EMPTY_CARD = {
  description_uk: "",
  description_en: "",
  documents_uk: [],
  documents_en: [],
  fee_uk: "",
  fee_en: "",
  term_uk: "",
  term_en: "",
  legal_basis_uk: "",
  legal_basis_en: "",
};

const words = (s) => `${s.name_uk} ${s.name_en} ${s.prefix} ${s.code}`.toLowerCase();

function render() {
  const filter = $("#service-filter").value.trim().toLowerCase();
  const spheres = [...list("categories")].sort(byPosition);
  const services = [...list("services")].sort(byPosition);
  const parts = spheres.map((sphere) => {
    const own = services.filter((s) => s.category_id === sphere.id);
    const shown = filter ? own.filter((s) => words(s).includes(filter)) : own;
    if (filter && shown.length === 0 && !named(sphere).toLowerCase().includes(filter)) return null;
    return sphereBlock(sphere, own.length, shown, Boolean(filter));
  });
  const blocks = parts.filter(Boolean);
  $("#catalog").replaceChildren(...blocks);
  $("#catalog-empty").hidden = blocks.length > 0;
  fillSphereSelect();
}

function sphereBlock(sphere, total, services, filtered) {
  const block = h(
    "details",
    { class: "sphere card", "data-sphere": String(sphere.id), open: filtered || open.has(sphere.id) },
    h(
      "summary",
      {},
      h("span", { class: "sphere-name" }, named(sphere)),
      h("span", { class: "count" }, t(`послуг: ${total}`, `services: ${total}`)),
    ),
    h(
      "div",
      { class: "actions" },
      h("button", { type: "button", class: "small", onclick: () => editService(null, sphere.id) }, t("Додати послугу до сфери", "Add a service to the sphere")),
      rowButton(t("Змінити сферу", "Edit the sphere"), named(sphere), () => editSphere(sphere)),
      rowButton(t("Видалити сферу", "Delete the sphere"), named(sphere), () => deleteSphere(sphere, total), "small quiet"),
    ),
    services.length ? serviceTable(sphere, services) : h("p", { class: "empty" }, t("У цій сфері ще немає послуг.", "No services in this sphere yet.")),
  );
  block.addEventListener("toggle", () => (block.open ? open.add(sphere.id) : open.delete(sphere.id)));
  return block;
}

function serviceTable(sphere, services) {
  const head = [t("Літера", "Letter"), t("Послуга", "Service"), t("Стан", "Status"), t("Ліміт на день", "Daily cap"), t("Очікування, хв", "Target wait, min"), t("Обслуговування, хв", "Service, min")];
  return h(
    "table",
    { class: "list services" },
    h("caption", { class: "sr-only" }, t(`Послуги сфери «${named(sphere)}»`, `Services of “${named(sphere)}”`)),
    h("thead", {}, h("tr", {}, ...head.map((c) => h("th", { scope: "col" }, c)), h("th", { scope: "col" }, h("span", { class: "sr-only" }, t("Дії", "Actions"))))),
    h("tbody", {}, ...services.map(serviceRow)),
  );
}

function serviceRow(s) {
  const badges = [
    s.active ? null : h("span", { class: "badge off" }, t("не надається", "suspended")),
    s.popular ? h("span", { class: "badge mine" }, t("популярна", "popular")) : null,
    s.referral ? h("span", { class: "badge warn" }, t("надає інший орган", "another body")) : null,
    s.bookable ? h("span", { class: "badge booked" }, t("попередній запис", "bookable")) : null,
    s.active && !s.referral ? h("span", { class: "badge" }, t("надається", "provided")) : null,
  ];
  return h(
    "tr",
    { "data-service": String(s.id), class: s.active ? "" : "inactive" },
    h("td", { class: "prefix" }, s.prefix),
    h("th", { scope: "row" }, named(s)),
    h("td", {}, ...badges),
    h("td", {}, s.daily_cap ?? "—"),
    h("td", {}, s.target_wait_min ?? "—"),
    h("td", {}, s.avg_service_min ?? "—"),
    h("td", { class: "row-actions" }, rowButton(t("Змінити", "Edit"), named(s), () => editService(s))),
  );
}

function fillSphereSelect() {
  const select = $("#service-sphere");
  const chosen = select.value;
  select.replaceChildren(...[...list("categories")].sort(byPosition).map((c) => h("option", { value: String(c.id) }, named(c))));
  if (chosen) select.value = chosen;
}

// ---- spheres ----

function editSphere(sphere) {
  editing.sphere = sphere;
  const data = sphere ?? { position: nextPosition(list("categories")) };
  const title = sphere ? t(`Сфера «${named(sphere)}»`, `Sphere “${named(sphere)}”`) : t("Нова сфера", "New sphere");
  openDialog(sphereDialog, title, data);
}

async function saveSphere() {
  const body = readForm(sphereForm);
  const sphere = editing.sphere;
  const taken = new Set(list("categories").filter((c) => c !== sphere).map((c) => c.code));
  if (!body.code) body.code = unique(slug(body.name_en || body.name_uk), taken);
  if (sphere) {
    await api(`/config/categories/${sphere.id}`, { method: "PATCH", body });
  } else {
    const created = await api(`/config/offices/${config.officeId}/categories`, { method: "POST", body });
    open.add(created.id);
  }
  const name = t(body.name_uk, body.name_en || body.name_uk);
  return sphere ? t(`Сферу «${name}» збережено.`, `Sphere “${name}” saved.`) : t(`Сферу «${name}» додано.`, `Sphere “${name}” added.`);
}

async function deleteSphere(sphere, total) {
  if (total > 0) {
    notify(
      t(
        `У сфері «${named(sphere)}» є послуги (${total}): перенесіть їх до іншої сфери, тоді її можна видалити.`,
        `The sphere “${named(sphere)}” has services (${total}): move them to another sphere first.`,
      ),
      "error",
    );
    return;
  }
  const sure = await confirmed({
    title: t(`Видалити сферу «${named(sphere)}»?`, `Delete the sphere “${named(sphere)}”?`),
    text: t("Вона зникне з термінала.", "It disappears from the kiosk."),
    ok: t("Видалити", "Delete"),
  });
  if (!sure) return;
  try {
    await api(`/config/categories/${sphere.id}`, { method: "DELETE" });
    notify(t(`Сферу «${named(sphere)}» видалено.`, `Sphere “${named(sphere)}” deleted.`));
    await refresh();
  } catch (error) {
    notify(error.message, "error");
  }
}

// ---- services ----

function editService(service, sphereId = null) {
  editing.service = service;
  const category = service?.category_id ?? sphereId ?? [...list("categories")].sort(byPosition)[0]?.id;
  if (category === undefined) {
    notify(t("Спочатку додайте сферу: кожна послуга належить до сфери.", "Add a sphere first: every service belongs to one."), "error");
    return;
  }
  const siblings = list("services").filter((s) => s.category_id === category);
  const data = service
    ? { ...service, card: { ...EMPTY_CARD, ...service.card }, has_referral: Boolean(service.referral) }
    : { category_id: category, active: true, popular: false, bookable: false, target_wait_min: 15, position: nextPosition(siblings), card: EMPTY_CARD, has_referral: false };
  fillSphereSelect();
  const title = service ? t(`Послуга «${named(service)}»`, `Service “${named(service)}”`) : t("Нова послуга", "New service");
  openDialog(serviceDialog, title, data);
  $("#service-sphere").value = String(category);
  showReferral();
}

function showReferral() {
  const on = serviceForm.elements.namedItem("has_referral").checked;
  showParts(serviceForm, ["referral"], on ? ["referral"] : []);
}

async function saveService() {
  const { has_referral: hasReferral, ...body } = readForm(serviceForm);
  const service = editing.service;
  if (!hasReferral) body.referral = null;
  else if (!body.referral.body_uk) {
    throw new FormError(t("Вкажіть орган, який надає послугу.", "Name the body that provides the service."), serviceForm.elements.namedItem("referral.body_uk"));
  }
  const taken = new Set(list("services").filter((s) => s !== service).map((s) => s.code));
  if (!body.code) body.code = unique(slug(body.name_en || body.name_uk), taken);
  if (service) {
    await api(`/config/services/${service.id}`, { method: "PATCH", body });
  } else {
    await api(`/config/offices/${config.officeId}/services`, { method: "POST", body });
  }
  open.add(body.category_id);
  const name = t(body.name_uk, body.name_en || body.name_uk);
  return service ? t(`Послугу «${name}» збережено.`, `Service “${name}” saved.`) : t(`Послугу «${name}» додано.`, `Service “${name}” added.`);
}

export function startCatalog() {
  $("#add-sphere").addEventListener("click", () => editSphere(null));
  $("#add-service").addEventListener("click", () => editService(null));
  $("#service-filter").addEventListener("input", render);
  serviceForm.elements.namedItem("has_referral").addEventListener("change", showReferral);
  onSubmit(sphereForm, saveSphere);
  onSubmit(serviceForm, saveService);
  onData(render);
}

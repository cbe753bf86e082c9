// Devices: kiosks, hall displays and rating pads. Registering one shows its link (with the
// token) exactly once; a device is renamed, a display given its zone, a kiosk its printer,
// and a lost or replaced device revoked.

import { api } from "./api.js";
import { config } from "./config.js";
import { $, h } from "./dom.js";
import { t } from "./i18n.js";
import { FormError, confirmed, flash, onSubmit, openDialog, readForm, refresh, rowButton, showParts } from "./manage_forms.js";
import { list, onData } from "./manage_store.js";
import { notify } from "./shell.js";

const form = $("#device-form");
const deviceDialog = $("#device-dialog");
const deviceForm = deviceDialog.querySelector("form");
const printerDialog = $("#printer-dialog");
const printerForm = printerDialog.querySelector("form");
const editing = { device: null, printer: null, issued: null };
const KINDS = {
  kiosk: ["термінал", "kiosk"],
  display: ["табло", "display"],
  rating_pad: ["планшет оцінювання", "rating pad"],
};
const PRINTER = {
  ok: ["працює", "ready"],
  paper_low: ["папір закінчується", "paper low"],
  paper_out: ["немає паперу", "out of paper"],
  offline: ["не на зв'язку", "offline"],
  unknown: ["стан невідомий", "status unknown"],
};

/** "табло", "термінал" … */
export const kindWord = (kind) => (KINDS[kind] ? t(...KINDS[kind]) : String(kind ?? ""));

/** The server's root (where /kiosk, /display and /rate live), absolute. */
const root = () => location.origin + String(config.apiBase ?? "").replace(/\/api\/v1\/?$/, "");

/** The address a device opens: its page with its token. (A display's zone is not in it:
 * the server gives the display the zone set here, and a change reaches it at once.) */
export function deviceLink(kind, token, counterId = null) {
  const key = encodeURIComponent(token);
  if (kind === "kiosk") return `${root()}/kiosk/?token=${key}`;
  if (kind === "display") return `${root()}/display/?token=${key}`;
  return `${root()}/rate/${counterId}?token=${key}`;
}

const when = (iso) =>
  new Intl.DateTimeFormat(t("uk-UA", "en-GB"), { timeZone: config.timezone, dateStyle: "short", timeStyle: "short" }).format(new Date(iso));

function printerText(device) {
  if (device.kind !== "kiosk") return "—";
  const p = device.printer;
  if (!p) return t("немає (талон на екрані як QR-код)", "none (tickets as QR codes on screen)");
  const status = PRINTER[p.status] ? t(...PRINTER[p.status]) : p.status ?? "";
  return `${p.url} · ${p.paper_mm} ${t("мм", "mm")}${status ? ` · ${status}` : ""}`;
}

function render() {
  const devices = [...list("devices")].sort((a, b) => Number(a.revoked) - Number(b.revoked) || a.kind.localeCompare(b.kind) || a.name.localeCompare(b.name, "uk"));
  $("#devices tbody").replaceChildren(...devices.map(row));
  $("#devices-empty").hidden = devices.length > 0;
  // A link whose device was revoked meanwhile is worth nothing: take it off the screen.
  if (devices.some((d) => d.id === editing.issued && d.revoked)) hideIssued(false);
  const select = $("#device-counter");
  const chosen = select.value;
  select.replaceChildren(
    h("option", { value: "" }, t("— оберіть вікно —", "— choose the window —")),
    ...[...list("counters")].sort((a, b) => a.number - b.number).map((c) => h("option", { value: String(c.id) }, t(`Вікно ${c.number}`, `Window ${c.number}`))),
  );
  select.value = chosen;
}

function row(d) {
  const kind = kindWord(d.kind);
  const actions = d.revoked
    ? [h("span", { class: "badge off" }, t("відкликано", "revoked"))]
    : [
        rowButton(t("Змінити", "Edit"), d.name, () => editDevice(d)),
        d.kind === "kiosk" ? rowButton(t("Принтер", "Printer"), d.name, () => editPrinter(d)) : null,
        rowButton(t("Відкликати", "Revoke"), d.name, () => revoke(d), "small quiet"),
      ];
  return h(
    "tr",
    { "data-device": String(d.id), class: d.revoked ? "inactive" : "" },
    h("th", { scope: "row" }, d.name),
    h("td", {}, kind),
    h("td", {}, d.kind === "display" ? d.zone || t("усі вікна", "all windows") : "—"),
    h("td", {}, d.last_seen_at ? when(d.last_seen_at) : t("ще не підключався", "not yet connected")),
    h("td", {}, printerText(d)),
    h("td", { class: "row-actions" }, ...actions),
  );
}

function showKind() {
  const kind = form.elements.namedItem("kind").value;
  for (const el of form.querySelectorAll("[data-kind]")) {
    el.hidden = el.dataset.kind !== kind;
    for (const input of el.querySelectorAll("input, select")) input.disabled = el.hidden;
  }
}

async function register() {
  const body = readForm(form);
  const field = (name) => form.elements.namedItem(name);
  if (!body.name) throw new FormError(t("Вкажіть назву пристрою.", "Give the device a name."), field("name"));
  if (body.kind === "rating_pad" && !body.counter_id) {
    throw new FormError(t("Оберіть вікно, біля якого стоїть планшет.", "Choose the window the pad stands at."), field("counter_id"));
  }
  const device = await api(`/offices/${config.officeId}/devices`, { method: "POST", body: { kind: body.kind, name: body.name } });
  const zone = body.kind === "display" ? body.zone : "";
  showIssued(device, deviceLink(device.kind, device.token, body.counter_id));
  form.reset();
  showKind();
  if (zone) {
    // The token is on screen already: a refused zone must not hide it.
    try {
      await api(`/config/devices/${device.id}`, { method: "PATCH", body: { name: device.name, zone } });
    } catch (error) {
      notify(error.message, "error");
    }
  }
  return t(`Пристрій «${device.name}» зареєстровано. Скопіюйте його посилання нижче.`, `Device “${device.name}” registered. Copy its link below.`);
}

function showIssued(device, link) {
  editing.issued = device.id;
  const box = $("#device-issued");
  box.querySelector("[data-slot=name]").textContent = device.name;
  $("#device-link").value = link;
  $("#copied").textContent = "";
  box.hidden = false;
  box.querySelector("h2").focus();
}

function hideIssued(focus = true) {
  editing.issued = null;
  $("#device-link").value = "";
  $("#device-issued").hidden = true;
  if (focus) form.elements.namedItem("name").focus();
}

async function copyLink() {
  const input = $("#device-link");
  input.focus();
  input.select();
  let copied = false;
  try {
    await navigator.clipboard.writeText(input.value);
    copied = true;
  } catch {
    copied = document.execCommand?.("copy") ?? false; // plain http on the office network
  }
  flash(
    $("#copied"),
    copied ? t("Скопійовано.", "Copied.") : t("Посилання виділено: натисніть Ctrl+C, щоб скопіювати.", "The link is selected: press Ctrl+C to copy it."),
  );
}

function editDevice(device) {
  editing.device = device;
  showParts(deviceForm, ["zone"], device.kind === "display" ? ["zone"] : []);
  openDialog(deviceDialog, device.name, device);
}

async function saveDevice() {
  const body = readForm(deviceForm);
  if (!body.name) throw new FormError(t("Вкажіть назву пристрою.", "Give the device a name."), deviceForm.elements.namedItem("name"));
  if (editing.device.kind !== "display") delete body.zone;
  await api(`/config/devices/${editing.device.id}`, { method: "PATCH", body });
  return t(`Пристрій «${body.name}» збережено.`, `Device “${body.name}” saved.`);
}

async function revoke(device) {
  const sure = await confirmed({
    title: t(`Відкликати «${device.name}»?`, `Revoke “${device.name}”?`),
    text: t("Пристрій одразу перестане працювати. Щоб підключити його знову, зареєструйте його як новий.", "The device stops working at once. To connect it again, register it as a new one."),
    ok: t("Відкликати", "Revoke"),
  });
  if (!sure) return;
  try {
    await api(`/devices/${device.id}`, { method: "DELETE" });
    notify(t(`Пристрій «${device.name}» відкликано.`, `Device “${device.name}” revoked.`));
    await refresh();
  } catch (error) {
    notify(error.message, "error");
  }
}

function editPrinter(device) {
  editing.printer = device;
  const data = device.printer ?? { url: "", codepage: "cp1251", paper_mm: 80, raster: false };
  printerForm.querySelector("[data-action=remove-printer]").hidden = !device.printer;
  openDialog(printerDialog, t(`Принтер термінала «${device.name}»`, `Printer of the kiosk “${device.name}”`), data);
}

async function savePrinter() {
  const body = readForm(printerForm);
  if (!body.url) throw new FormError(t("Вкажіть адресу принтера.", "Give the printer's address."), printerForm.elements.namedItem("url"));
  await api(`/devices/${editing.printer.id}/printer`, { method: "PUT", body });
  return t(`Принтер термінала «${editing.printer.name}» збережено.`, `Printer of “${editing.printer.name}” saved.`);
}

async function removePrinter() {
  const device = editing.printer;
  printerDialog.close();
  const sure = await confirmed({
    title: t(`Прибрати принтер термінала «${device.name}»?`, `Remove the printer of “${device.name}”?`),
    text: t("Термінал показуватиме талони на екрані як QR-код.", "The kiosk shows tickets on screen as QR codes."),
    ok: t("Прибрати", "Remove"),
  });
  if (!sure) return;
  try {
    await api(`/devices/${device.id}/printer`, { method: "DELETE" });
    notify(t(`Принтер термінала «${device.name}» прибрано.`, `Printer of “${device.name}” removed.`));
    await refresh();
  } catch (error) {
    notify(error.message, "error");
  }
}

export function startDevices() {
  form.elements.namedItem("kind").addEventListener("change", showKind);
  showKind();
  $("#copy-link").addEventListener("click", copyLink);
  $("#hide-link").addEventListener("click", () => hideIssued());
  printerForm.querySelector("[data-action=remove-printer]").addEventListener("click", removePrinter);
  onSubmit(form, register);
  onSubmit(deviceForm, saveDevice);
  onSubmit(printerForm, savePrinter);
  onData(render);
}

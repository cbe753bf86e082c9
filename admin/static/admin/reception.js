// The reception desk: the office board, the alerts and today's appointments live from the
// websocket, issuing and finding tickets, checking booked visitors in, and the air-raid
// pause of the whole centre.

import { Alerts } from "./alerts.js";
import { api } from "./api.js";
import { renderBoard } from "./board.js";
import { BookingsPanel } from "./bookings.js";
import { config } from "./config.js";
import { $, ask, debounced, wireCloseButtons } from "./dom.js";
import { FindPanel } from "./find.js";
import { clockTime, named } from "./format.js";
import { onLangChange, t } from "./i18n.js";
import { IssueForm } from "./issue.js";
import { RedirectDialog } from "./redirect.js";
import { followOffice, notify } from "./shell.js";

const state = { board: null, paused: false, boards: 0 };
const services = new Map();
const priorities = new Map();
const kiosks = new Map(); // device id -> kiosk name, learnt from alerts and devices
const lookups = {
  service: (id) => named(services.get(id)) || `#${id}`,
  counter: (id) => String(state.board?.counters.find((c) => c.id === id)?.number ?? id),
  priority: (code) => named(priorities.get(code)) || code,
};

const redirect = new RedirectDialog($("#redirect-dialog"));
const alerts = new Alerts(kiosks);
const issue = new IssueForm(kiosks);
const find = new FindPanel(redirect, lookups);
const bookings = new BookingsPanel((ticket) => issue.show(ticket));

function showBoard(board) {
  state.board = board;
  state.boards += 1;
  renderBoard(board);
  redirect.setCounters(board.counters);
  showPause(board.paused_since);
}

function showPause(since) {
  state.paused = Boolean(since);
  $("#airraid").hidden = !state.paused;
  $("#airraid-since").textContent = since ? t(`(з ${clockTime(since)})`, `(since ${clockTime(since)})`) : "";
  $("#air-raid").hidden = state.paused;
  $("#all-clear").hidden = !state.paused;
}

const readBoard = debounced(async () => {
  try {
    showBoard(await api(`/offices/${config.officeId}/queue`));
  } catch (error) {
    notify(error.message, "error");
  }
}, 300, 1000);
const readFound = debounced(() => find.search(), 300, 1000);

async function airRaid() {
  const dialog = $("#confirm-dialog");
  dialog.querySelector("[data-slot=title]").textContent = t("Оголосити повітряну тривогу?", "Announce an air raid alert?");
  dialog.querySelector("[data-slot=text]").textContent = t(
    "Усі виклики буде призупинено, табло покажуть і оголосять повідомлення про укриття. Талони зберігають своє місце в черзі.",
    "All calls pause; the hall screens show and announce the shelter message. Tickets keep their place in the queue.",
  );
  dialog.querySelector("[data-slot=ok]").textContent = t("Так, тривога", "Yes, air raid");
  dialog.querySelector("[data-slot=reason-field]").hidden = true;
  if ((await ask(dialog)) !== "ok") return;
  await pauseOffice("pause", { reason: "air_raid" });
}

async function pauseOffice(action, body) {
  try {
    const office = await api(`/offices/${config.officeId}/${action}`, { method: "POST", body });
    showPause(office.paused_since);
    notify(
      office.paused_since
        ? t("Оголошено повітряну тривогу: виклики призупинено", "Air raid alert: calls are paused")
        : t("Відбій тривоги: виклики відновлено", "All clear: calls go on"),
    );
    readBoard();
  } catch (error) {
    notify(error.message, "error");
  }
}

$("#air-raid").addEventListener("click", airRaid);
$("#all-clear").addEventListener("click", () => pauseOffice("resume"));
wireCloseButtons();
onLangChange(() => {
  if (state.board) showBoard(state.board);
  alerts.render();
});

const live = followOffice((message) => {
  const type = message.type;
  if (type === "snapshot") {
    showBoard(message.data);
    alerts.load().catch((error) => notify(error.message, "error"));
    bookings.apply(message);
    return;
  }
  if (type === "office.paused" || type === "office.resumed") showPause(type === "office.paused" ? message.data.at : null);
  if (type.startsWith("alert.")) alerts.apply(message);
  if (type === "print.finished") issue.printFinished(message.data ?? {});
  if (type.startsWith("booking.")) bookings.apply(message);
  if (/^(ticket|counter|office)\./.test(type)) readBoard();
  if (type.startsWith("ticket.") && find.shows(message.data?.ticket_id)) readFound();
});
setInterval(readBoard, 30_000); // waiting times grow without any event
setInterval(bookings.loadSoon, 5 * 60_000); // a new day begins without any event

api(`/offices/${config.officeId}/services`)
  .then((catalog) => {
    for (const category of catalog.categories) {
      for (const service of category.services) services.set(service.id, service);
    }
    for (const priority of catalog.priorities) priorities.set(priority.code, priority);
    issue.setCatalog(catalog);
    redirect.setCatalog(catalog);
  })
  .catch((error) => notify(error.message, "error"));

// A read-only view for tests and for a look from the browser's console.
Object.defineProperty(window, "qmsAdmin", {
  value: Object.freeze({
    get connected() {
      return live.connected;
    },
    get lastSeq() {
      return live.lastSeq;
    },
    get boards() {
      return state.boards;
    },
    get beeps() {
      return alerts.beeps;
    },
    get paused() {
      return state.paused;
    },
    get bookingReads() {
      return bookings.reads;
    },
  }),
});

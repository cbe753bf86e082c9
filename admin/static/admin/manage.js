// The manager's settings page: the office and its hours, spheres and services with their
// cards, windows, staff and skills, devices, priority categories, appointments and the
// change log, one tab each. Every section draws itself from one read of
// GET /config/offices/{id} (the appointment rules have their own); every save shows the
// server's answer beside its form and reads the settings again.

import { api } from "./api.js";
import { $, wireCloseButtons } from "./dom.js";
import { onLangChange } from "./i18n.js";
import { loadBooking, startBooking } from "./manage_booking.js";
import { startCatalog } from "./manage_catalog.js";
import { loadChanges, startChanges } from "./manage_changes.js";
import { startCounters } from "./manage_counters.js";
import { startDevices } from "./manage_devices.js";
import { startOffice } from "./manage_office.js";
import { startStaff } from "./manage_staff.js";
import { onData, redraw, reload, store } from "./manage_store.js";
import { notify } from "./shell.js";

const tabs = [...document.querySelectorAll("[role=tab]")];

/** Show the tab ``key`` ("office", "services" …) and remember it in the address. */
function select(key, focus = false) {
  const tab = tabs.find((t) => t.dataset.tab === key) ?? tabs[0];
  for (const other of tabs) {
    const on = other === tab;
    other.setAttribute("aria-selected", String(on));
    other.tabIndex = on ? 0 : -1;
    $(`#${other.getAttribute("aria-controls")}`).hidden = !on;
  }
  if (focus) tab.focus();
  if (location.hash !== `#${tab.dataset.tab}`) history.replaceState(null, "", `#${tab.dataset.tab}`);
  if (tab.dataset.tab === "changes") loadChanges();
}

function wireTabs() {
  for (const [index, tab] of tabs.entries()) {
    tab.addEventListener("click", () => select(tab.dataset.tab));
    tab.addEventListener("keydown", (event) => {
      const step = { ArrowRight: 1, ArrowLeft: -1, Home: -index, End: tabs.length - 1 - index }[event.key];
      if (step === undefined) return;
      event.preventDefault();
      select(tabs[(index + step + tabs.length) % tabs.length].dataset.tab, true);
    });
  }
  addEventListener("hashchange", () => select(location.hash.slice(1)));
  select(location.hash.slice(1));
}

async function start() {
  wireCloseButtons();
  startOffice();
  startCatalog();
  startCounters();
  startStaff();
  startDevices();
  startBooking();
  const redrawChanges = startChanges();
  onData(() => loadChanges()); // a save is the newest line of the log
  onLangChange(() => {
    redraw();
    redrawChanges();
  });
  wireTabs();
  try {
    [store.me] = await Promise.all([api("/auth/me"), reload(), loadBooking()]);
  } catch (error) {
    notify(error.message, "error");
  } finally {
    $("#loading").hidden = true;
  }
}

start();

// A read-only view for tests and for a look from the browser's console.
Object.defineProperty(window, "qmsManage", {
  value: Object.freeze({
    get loaded() {
      return store.data !== null;
    },
  }),
});

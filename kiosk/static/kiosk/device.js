// The kiosk as a device: its heartbeat (alive? can the printer print? still connected?),
// the «Потрібна допомога» call to reception, and the short messages about both.

import { say } from "./texts.js";

const TOAST_MS = 10_000;

export class DeviceLink {
  /**
   * @param {object} options
   * @param {import("./api.js").KioskApi} options.api
   * @param {HTMLElement} options.toast  a role=status element for short messages
   * @param {HTMLElement} options.badge  the "no connection" badge
   * @param {() => string} options.lang  the visitor's language now
   * @param {(printer: object) => void} options.onPrinter  the printer's state changed
   * @param {(office: object) => void} options.onOffice  the office: open, paused
   * @param {() => void} options.onRevoked  the token no longer opens the API
   */
  constructor({ api, toast, badge, lang, onPrinter, onOffice, onRevoked }) {
    Object.assign(this, { api, toast, badge, lang, onPrinter, onOffice, onRevoked });
    this.online = true;
    this.canPrint = null;
    this.toastTimer = null;
  }

  /** Report now, then every ``everyMs``. */
  start(everyMs) {
    this.check();
    setInterval(() => this.check(), everyMs);
  }

  async check() {
    const response = await this.api.me(this.lang());
    this.online = !response.network;
    if (response.ok && response.data?.office) this.onOffice(response.data.office);
    if (response.ok && response.data?.printer) {
      const printer = response.data.printer;
      if (printer.can_print !== this.canPrint) {
        this.canPrint = printer.can_print;
        this.onPrinter(printer);
      }
    } else if (response.status === 401 || response.status === 403) {
      this.onRevoked();
    }
    // 404: a server without device endpoints; the printer stays as the page was given it.
    this.showOnline();
  }

  showOnline() {
    this.badge.hidden = this.online;
    this.badge.textContent = say(this.lang(), "offline");
  }

  async askForHelp() {
    const lang = this.lang();
    this.say(say(lang, "helpSending"));
    const response = await this.api.help(lang);
    // Without the help endpoint (or the network) the visitor is sent to reception instead.
    this.say(say(lang, response.ok ? "helpSent" : "helpFailed"));
  }

  /** A short message for TOAST_MS; read out by screen readers (role=status). */
  say(text) {
    clearTimeout(this.toastTimer);
    this.toast.textContent = text;
    this.toastTimer = setTimeout(() => this.clear(), TOAST_MS);
  }

  clear() {
    clearTimeout(this.toastTimer);
    this.toast.textContent = ""; // an empty status takes no room and says nothing
  }
}

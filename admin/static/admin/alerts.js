// Alerts at reception: a visitor asked for help at a kiosk, a kiosk's printer cannot
// print. New ones arrive live with a short beep and stay until someone acknowledges them.

import { api } from "./api.js";
import { config } from "./config.js";
import { $, h } from "./dom.js";
import { clockTime } from "./format.js";
import { t } from "./i18n.js";

let audio = null;

/** Two short tones from the Web Audio API: no sound files, nothing to download. */
function beep() {
  try {
    audio ??= new AudioContext();
    if (audio.state === "suspended") audio.resume();
    const start = audio.currentTime + 0.01;
    for (const [offset, pitch] of [
      [0, 880],
      [0.22, 660],
    ]) {
      const tone = audio.createOscillator();
      const gain = audio.createGain();
      tone.frequency.value = pitch;
      gain.gain.setValueAtTime(0.0001, start + offset);
      gain.gain.exponentialRampToValueAtTime(0.25, start + offset + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, start + offset + 0.18);
      tone.connect(gain).connect(audio.destination);
      tone.start(start + offset);
      tone.stop(start + offset + 0.2);
    }
    return true;
  } catch {
    return false; // no audio device: the list still shows the alert
  }
}

// Browsers start audio only after a gesture: unlock it on the first click or key.
function unlock() {
  try {
    audio ??= new AudioContext();
    if (audio.state === "suspended") audio.resume();
  } catch {
    // no audio device
  }
}
for (const type of ["pointerdown", "keydown"]) window.addEventListener(type, unlock, { once: true });

export class Alerts {
  /** @param {Map<number, string>} kiosks  kiosk names by device id, shared with printing */
  constructor(kiosks) {
    this.kiosks = kiosks;
    this.items = new Map();
    this.beeps = 0;
  }

  /** Read the open alerts again (on start and after a reconnect). */
  async load() {
    const alerts = await api(`/offices/${config.officeId}/alerts`);
    this.items = new Map(alerts.map((a) => [a.id, a]));
    for (const a of alerts) this.#learn(a);
    this.render();
  }

  /** An alert.raised or alert.acknowledged event. */
  apply(message) {
    const data = message.data ?? {};
    if (message.type === "alert.raised" && !this.items.has(data.alert_id)) {
      const alert = { id: data.alert_id, kind: data.kind, device_id: data.device_id, detail: data.detail, raised_at: data.at };
      this.items.set(alert.id, alert);
      this.#learn(alert);
      this.render();
      if (beep()) this.beeps += 1;
    } else if (message.type === "alert.acknowledged" && this.items.delete(data.alert_id)) {
      this.render();
    }
  }

  #learn(alert) {
    if (alert.kind === "help" && alert.device_id && alert.detail) this.kiosks.set(alert.device_id, alert.detail);
  }

  /** The alert in plain words. */
  text(alert) {
    const kiosk = this.kiosks.get(alert.device_id) ?? `№ ${alert.device_id ?? "?"}`;
    if (alert.kind === "help") {
      return t(`Термінал «${alert.detail || kiosk}» — потрібна допомога`, `Kiosk “${alert.detail || kiosk}” needs help`);
    }
    const problem =
      alert.detail === "paper_out"
        ? t("закінчився папір", "out of paper")
        : alert.detail === "offline"
          ? t("не відповідає", "not responding")
          : alert.detail;
    return t(`Принтер термінала «${kiosk}» — ${problem}`, `Printer of kiosk “${kiosk}”: ${problem}`);
  }

  async #acknowledge(alert, button) {
    button.disabled = true;
    try {
      await api(`/alerts/${alert.id}/ack`, { method: "POST" });
      this.items.delete(alert.id);
      this.render();
      // The button is gone with its alert: keep the keyboard in the list.
      ($("#alerts button") ?? $("#alerts-title")).focus();
    } catch (error) {
      button.disabled = false;
      button.textContent = error.message;
    }
  }

  render() {
    const alerts = [...this.items.values()].sort((a, b) => a.id - b.id);
    $("#alerts-empty").hidden = alerts.length > 0;
    $("#alert-count").textContent = alerts.length ? `(${alerts.length})` : "";
    $("#alerts").replaceChildren(
      ...alerts.map((alert) => {
        const text = this.text(alert);
        const ack = h(
          "button",
          { type: "button", class: "small", "aria-label": t(`Прийнято: ${text}`, `Acknowledge: ${text}`) },
          t("Прийнято", "Acknowledge"),
        );
        ack.addEventListener("click", () => this.#acknowledge(alert, ack));
        return h(
          "li",
          { class: `alert ${alert.kind}`, dataset: { alert: alert.id, kind: alert.kind } },
          h("time", { datetime: alert.raised_at }, clockTime(alert.raised_at)),
          h("span", { class: "alert-text" }, text),
          ack,
        );
      }),
    );
  }
}

// The call signal on the phone: a short two-tone beep made with Web Audio (no sound file
// to download), and a vibration. Browsers refuse sound until the visitor has touched the
// page, so the state tells the page when to ask for one tap.

const TONES = [
  { hz: 880, start: 0, length: 0.18 },
  { hz: 1175, start: 0.24, length: 0.18 },
  { hz: 880, start: 0.6, length: 0.18 },
  { hz: 1175, start: 0.84, length: 0.28 },
];
const VIBRATION_MS = [400, 150, 400, 150, 600];

export class Beeper {
  /** @param {(state: "on" | "blocked" | "none") => void} onState */
  constructor(onState) {
    this.onState = onState;
    const Context = window.AudioContext || window.webkitAudioContext;
    this.context = Context ? new Context() : null;
    if (this.context) {
      this.context.onstatechange = () => this.onState(this.state);
      const unlock = () => this.context.resume().catch(() => {});
      for (const type of ["pointerdown", "touchend", "keydown"]) {
        window.addEventListener(type, unlock, { passive: true, capture: true });
      }
      unlock();
    }
    queueMicrotask(() => this.onState(this.state));
  }

  get state() {
    if (!this.context) return "none";
    return this.context.state === "running" ? "on" : "blocked";
  }

  /** Beep if the browser lets us; whether it did. */
  beep() {
    if (this.state !== "on") return false;
    const now = this.context.currentTime + 0.02;
    for (const tone of TONES) {
      const oscillator = this.context.createOscillator();
      const gain = this.context.createGain();
      oscillator.type = "sine";
      oscillator.frequency.value = tone.hz;
      // A short ramp in and out: a hard edge clicks in the speaker.
      gain.gain.setValueAtTime(0.0001, now + tone.start);
      gain.gain.exponentialRampToValueAtTime(0.5, now + tone.start + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, now + tone.start + tone.length);
      oscillator.connect(gain).connect(this.context.destination);
      oscillator.start(now + tone.start);
      oscillator.stop(now + tone.start + tone.length + 0.02);
    }
    return true;
  }
}

/** Vibrate if the phone can and the browser allows it; whether it did. */
export function vibrate() {
  try {
    return typeof navigator.vibrate === "function" && navigator.vibrate(VIBRATION_MS) === true;
  } catch {
    return false;
  }
}

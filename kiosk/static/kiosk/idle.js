// The idle reset: a kiosk left untouched asks «Ви ще тут?» and then returns to its start,
// so the next visitor never inherits somebody else's language, mode or half-chosen service.

export class IdleTimer {
  /**
   * @param {object} options
   * @param {number} options.idleMs  untouched time before the reset
   * @param {number} options.warnMs  the warning shows this long before the reset
   * @param {() => boolean} options.armed  false while nothing needs resetting or a
   *   ticket must stay on screen
   * @param {(secondsLeft: number) => void} options.onWarn  show or update the warning
   * @param {() => void} options.onCancel  hide the warning
   * @param {() => void} options.onReset  go back to the start
   */
  constructor({ idleMs, warnMs, armed, onWarn, onCancel, onReset }) {
    this.idleMs = idleMs;
    this.warnMs = Math.min(warnMs, idleMs);
    this.armed = armed;
    this.onWarn = onWarn;
    this.onCancel = onCancel;
    this.onReset = onReset;
    this.lastTouch = Date.now();
    this.warning = false;
    this.timer = null;
  }

  start() {
    const touched = () => this.touch();
    // Capture: a tap that a screen handles (and maybe re-renders) still counts.
    for (const type of ["pointerdown", "keydown", "wheel", "touchstart"]) {
      window.addEventListener(type, touched, { capture: true, passive: true });
    }
    this.timer = setInterval(() => this.check(), 250);
  }

  /** Somebody is here: cancel the warning and count from now. */
  touch() {
    this.lastTouch = Date.now();
    if (this.warning) {
      this.warning = false;
      this.onCancel();
    }
  }

  check() {
    if (!this.armed()) {
      // Nothing to reset (or a ticket is on screen): the count starts again when it is.
      this.touch();
      return;
    }
    const left = this.idleMs - (Date.now() - this.lastTouch);
    if (left <= 0) {
      this.warning = false;
      this.lastTouch = Date.now();
      this.onCancel();
      this.onReset();
    } else if (left <= this.warnMs) {
      this.warning = true;
      this.onWarn(Math.ceil(left / 1000));
    }
  }
}

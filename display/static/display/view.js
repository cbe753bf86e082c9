// What the screen shows: the newest call (highlighted while fresh), the last calls, the
// clock and the status pills. Texts come from the page's template; this only fills slots.

const SHOWN_CALLS = 7;

/** Time and date in the office's time zone (the browser's zone if it is unknown). */
export function officeClock(timezone) {
  const format = (options) => {
    try {
      return new Intl.DateTimeFormat("uk-UA", { ...options, timeZone: timezone });
    } catch {
      return new Intl.DateTimeFormat("uk-UA", options);
    }
  };
  const time = format({ hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
  const day = format({ year: "numeric", month: "2-digit", day: "2-digit" });
  return { time: (ms) => time.format(new Date(ms)), day: (ms) => day.format(new Date(ms)) };
}

/** Milliseconds of an ISO time from Python (which writes microseconds); NaN if unreadable. */
export function parseTime(text) {
  return Date.parse(String(text).replace(/(\.\d{3})\d+/, "$1"));
}

export class BoardView {
  #freshTicket = undefined;
  #freshTimer = null;

  constructor(highlightSeconds) {
    const $ = (id) => document.getElementById(id);
    this.now = $("now");
    this.list = $("calls");
    this.row = $("call-row");
    this.clock = $("clock");
    this.link = $("link");
    this.sound = $("sound");
    this.pause = $("pause");
    this.board = $("board");
    this.highlightMs = highlightSeconds * 1000;
  }

  /** Show these calls, newest first. */
  showCalls(calls) {
    const newest = calls[0];
    if (newest) {
      fill(this.now, newest);
      this.now.dataset.state = "call";
      this.now.dataset.kind = newest.recall ? "recall" : "call";
    } else {
      this.now.dataset.state = "empty";
    }
    const fresh = newest !== undefined && newest.ticketId === this.#freshTicket;
    if (!fresh) this.unhighlight();
    this.list.replaceChildren(
      ...calls.slice(0, SHOWN_CALLS).map((call, index) => {
        const row = this.row.content.firstElementChild.cloneNode(true);
        fill(row, call);
        if (index === 0 && fresh) row.dataset.fresh = "";
        return row;
      }),
    );
  }

  /** Draw the eye to the newest call for a few seconds. */
  highlight(ticketId) {
    this.unhighlight();
    this.#freshTicket = ticketId;
    void this.now.offsetWidth; // restart the pulse animation
    this.now.dataset.fresh = "";
    this.list.firstElementChild?.setAttribute("data-fresh", "");
    this.#freshTimer = setTimeout(() => this.unhighlight(), this.highlightMs);
  }

  unhighlight() {
    clearTimeout(this.#freshTimer);
    this.#freshTicket = undefined;
    delete this.now.dataset.fresh;
    this.list.firstElementChild?.removeAttribute("data-fresh");
  }

  showTime(text) {
    if (this.clock.textContent !== text) this.clock.textContent = text;
  }

  showConnected(connected) {
    this.link.dataset.state = connected ? "online" : "offline";
  }

  showSound(state) {
    this.sound.dataset.state = state;
  }

  /** The air-raid pause covers the board until the all-clear. */
  showPaused(paused) {
    this.pause.hidden = !paused;
    this.board.toggleAttribute("data-paused", paused);
  }
}

function fill(node, call) {
  node.querySelector('[data-slot="number"]').textContent = call.number;
  node.querySelector('[data-slot="counter"]').textContent = String(call.counterNumber);
}

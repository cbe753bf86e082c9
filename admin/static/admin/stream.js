// The office's websocket, authenticated by the staff session cookie: reconnects with
// exponential backoff and jitter, and treats a socket that has been silent (no event, no
// heartbeat) for too long as lost. Adapted from the hall display's stream.js (the UIs do
// not share code).

const MIN_DELAY_MS = 500;
const MAX_DELAY_MS = 15000;
const PROBE_AFTER_FAILURES = 3;

export class OfficeStream {
  #socket = null;
  #timer = null;
  #failures = 0;
  #heardAt = 0;
  #online = false;

  /**
   * @param {object} options
   * @param {string} options.url  ws:// or wss:// address without a query
   * @param {() => number} options.since  the last seq the page has applied
   * @param {number} options.silenceMs  silence after which the socket counts as lost
   * @param {(message: object) => void} options.onMessage
   * @param {(online: boolean) => void} options.onStatus
   * @param {() => void} [options.onFailing]  called while connecting keeps failing
   */
  constructor(options) {
    this.options = options;
  }

  start() {
    this.#connect();
    setInterval(() => this.#watch(), 1000);
    // The network is back: do not wait for the backoff timer.
    window.addEventListener("online", () => this.#online || this.reconnectNow());
  }

  /** Drop the socket and connect again at once: a fresh snapshot follows. */
  reconnectNow() {
    this.#drop();
    this.#connect();
  }

  #connect() {
    clearTimeout(this.#timer);
    this.#timer = null;
    let socket;
    try {
      // The session cookie goes with the handshake: no token in the address.
      socket = new WebSocket(`${this.options.url}?since=${this.options.since()}`);
    } catch {
      this.#retry();
      return;
    }
    this.#socket = socket;
    this.#heardAt = performance.now();
    socket.onmessage = (event) => {
      if (socket !== this.#socket) return; // a socket we already gave up on
      this.#heardAt = performance.now();
      let message;
      try {
        message = JSON.parse(event.data);
      } catch {
        return;
      }
      if (message.type === "snapshot") this.#failures = 0;
      this.#status(true);
      this.options.onMessage(message);
    };
    socket.onclose = () => {
      if (socket !== this.#socket) return;
      this.#socket = null;
      this.#status(false);
      this.#retry();
    };
  }

  #retry() {
    if (this.#timer !== null) return;
    const base = Math.min(MAX_DELAY_MS, MIN_DELAY_MS * 2 ** this.#failures);
    const delay = Math.min(MAX_DELAY_MS, base * (0.75 + Math.random() * 0.5));
    this.#failures += 1;
    this.#timer = setTimeout(() => this.#connect(), delay);
    if (this.#failures >= PROBE_AFTER_FAILURES) this.options.onFailing?.();
  }

  /** A half-open connection never closes by itself: give up on a silent socket. */
  #watch() {
    if (this.#socket === null) return;
    if (performance.now() - this.#heardAt > this.options.silenceMs) {
      this.#drop();
      this.#retry();
    }
  }

  #drop() {
    const socket = this.#socket;
    this.#socket = null;
    this.#status(false);
    if (socket !== null) {
      socket.onmessage = socket.onclose = null;
      try {
        socket.close();
      } catch {
        // closing a socket that never opened may throw; it is gone either way
      }
    }
  }

  #status(online) {
    if (online === this.#online) return;
    this.#online = online;
    this.options.onStatus(online);
  }
}

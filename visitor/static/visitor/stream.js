// The ticket's websocket: reconnects with exponential back-off and jitter, and treats a
// socket that has been silent (no message, no heartbeat) for too long as lost, because a
// phone that walks out of Wi-Fi leaves a half-open connection that never closes itself.

const MIN_DELAY_MS = 500;
const MAX_DELAY_MS = 15000;

export class TrackStream {
  #socket = null;
  #timer = null;
  #failures = 0;
  #heardAt = 0;
  #online = null; // unknown until the first connection opens or fails

  /**
   * @param {object} options
   * @param {string} options.url  ws:// or wss:// address of /ws/track/{token}
   * @param {number} options.silenceMs  silence after which the socket counts as lost
   * @param {(message: object) => void} options.onMessage
   * @param {(online: boolean) => void} options.onStatus
   */
  constructor(options) {
    this.options = options;
  }

  get online() {
    return this.#online === true;
  }

  start() {
    this.#connect();
    setInterval(() => this.#watch(), 1000);
    // Back on the network, or back from the background: do not wait for the back-off.
    window.addEventListener("online", () => this.online || this.reconnectNow());
    document.addEventListener("visibilitychange", () => {
      if (document.visibilityState === "visible" && !this.online) this.reconnectNow();
    });
  }

  /** Drop the socket and connect again at once: the server sends the ticket again. */
  reconnectNow() {
    this.#drop();
    this.#connect();
  }

  #connect() {
    clearTimeout(this.#timer);
    this.#timer = null;
    let socket;
    try {
      socket = new WebSocket(this.options.url);
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
      if (message.type === "ticket") this.#failures = 0;
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
  }

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

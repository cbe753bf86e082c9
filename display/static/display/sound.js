// Announcements: a queue played one at a time, each announcement's recorded segments
// scheduled back-to-back with Web Audio, so calls never overlap.
//
// Segment files: "chime" is <base>chime.ogg; English segments are named "en-..." and live
// in <base>en/; every other segment is Ukrainian, in <base>uk/.

const SEGMENT_NAME = /^[a-z0-9][a-z0-9-]{0,63}$/;
const CACHED_SEGMENTS = 64; // decoded segments kept (least recently used dropped)
const MAX_QUEUED = 10; // a longer backlog is stale: the oldest is dropped
const MAX_ANNOUNCEMENT_MS = 30000; // a stuck playback never blocks the queue
const PLAYED_LOG = 50;

export class Announcer {
  #queue = [];
  #busy = false;
  #buffers = new Map();

  /**
   * @param {object} options
   * @param {string} options.baseUrl  the sound library, ending with "/"
   * @param {(state: "on" | "off" | "blocked") => void} options.onState
   */
  constructor({ baseUrl, onState }) {
    this.baseUrl = baseUrl;
    this.onState = onState;
    this.played = []; // what became of each announcement: {seq, segments, missing, state, ...}
    const Context = window.AudioContext || window.webkitAudioContext;
    this.context = Context ? new Context() : null;
    if (this.context) {
      this.context.onstatechange = () => this.#report();
      // Autoplay may be refused until somebody touches the screen.
      const unlock = () => this.context.resume().catch(() => {});
      for (const type of ["pointerdown", "touchstart", "keydown"]) {
        window.addEventListener(type, unlock, { passive: true });
      }
      unlock();
      this.#load("chime").catch(() => {});
    }
    this.#report();
  }

  get idle() {
    return !this.#busy && this.#queue.length === 0;
  }

  /** Queue an announcement (segment names); false if there is nothing to play it with. */
  say(seq, names) {
    const segments = names.map(String).filter((name) => SEGMENT_NAME.test(name));
    if (!this.context || segments.length === 0) return false;
    if (this.#queue.length >= MAX_QUEUED) this.#queue.shift();
    this.#queue.push({ seq, segments });
    this.#next();
    return true;
  }

  async #next() {
    if (this.#busy) return;
    const announcement = this.#queue.shift();
    if (!announcement) return;
    this.#busy = true;
    try {
      await Promise.race([this.#play(announcement), sleep(MAX_ANNOUNCEMENT_MS)]);
    } catch (error) {
      console.warn("announcement failed", error);
    } finally {
      this.#busy = false;
      this.#next();
    }
  }

  async #play({ seq, segments }) {
    const context = this.context;
    // state: loading -> playing -> done, or refused (autoplay refused: shown, not spoken)
    const entry = { seq, segments: segments.length, missing: 0, state: "loading" };
    entry.startedMs = entry.endedMs = performance.now();
    this.played.push(entry);
    if (this.played.length > PLAYED_LOG) this.played.shift();
    if (context.state !== "running") {
      entry.state = "refused";
      return;
    }
    try {
      const buffers = await Promise.all(segments.map((name) => this.#load(name).catch(() => null)));
      entry.missing = buffers.filter((buffer) => buffer === null).length;
      let at = context.currentTime + 0.05;
      let last = null;
      for (const buffer of buffers) {
        if (buffer === null) continue;
        const source = context.createBufferSource();
        source.buffer = buffer;
        source.connect(context.destination);
        source.start(at);
        at += buffer.duration;
        last = source;
      }
      entry.state = "playing";
      entry.startedMs = performance.now();
      if (last === null) return;
      const remainingMs = (at - context.currentTime) * 1000;
      await new Promise((resolve) => {
        last.onended = resolve;
        setTimeout(resolve, remainingMs + 1000); // a context that stopped ticking
      });
    } finally {
      entry.endedMs = performance.now();
      if (entry.state !== "refused") entry.state = "done";
    }
  }

  #url(name) {
    if (name === "chime") return `${this.baseUrl}chime.ogg`;
    return `${this.baseUrl}${name.startsWith("en-") ? "en" : "uk"}/${name}.ogg`;
  }

  #load(name) {
    const url = this.#url(name);
    let buffer = this.#buffers.get(url);
    if (buffer) {
      this.#buffers.delete(url); // re-inserted below: the most recently used goes last
    } else {
      buffer = fetch(url)
        .then((response) => {
          if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
          return response.arrayBuffer();
        })
        .then((bytes) => this.context.decodeAudioData(bytes));
      buffer.catch(() => this.#buffers.delete(url)); // try again next time
    }
    this.#buffers.set(url, buffer);
    if (this.#buffers.size > CACHED_SEGMENTS) {
      this.#buffers.delete(this.#buffers.keys().next().value);
    }
    return buffer;
  }

  #report() {
    if (!this.context) this.onState("off");
    else this.onState(this.context.state === "running" ? "on" : "blocked");
  }
}

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

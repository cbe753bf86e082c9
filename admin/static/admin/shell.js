// What every staff page has: the УКР/ENG switch, the logout button, the connection badge,
// the notice line, and the office's live stream with seq bookkeeping.

import { api, toLogin } from "./api.js";
import { config } from "./config.js";
import { setLang, t, translate } from "./i18n.js";
import { OfficeStream } from "./stream.js";

let logoutGuard = null;

/** ``guard`` runs before logging out; it may refuse by resolving to false. */
export function setLogoutGuard(guard) {
  logoutGuard = guard;
}

/** A short message for the person in the page's status line ("error" shows it in red). */
export function notify(message, kind = "info") {
  const line = document.getElementById("notice");
  if (!line) return;
  line.textContent = message;
  line.dataset.kind = kind;
}

/** Log out of this session, or (``everywhere``) of every session of this person. */
async function logout(button, everywhere = false) {
  button.disabled = true;
  try {
    if (logoutGuard && !(await logoutGuard())) return;
    await api(everywhere ? "/auth/logout-everywhere" : "/auth/logout", { method: "POST" });
    location.assign(config.loginUrl);
  } catch (error) {
    notify(error.message, "error");
  } finally {
    button.disabled = false;
  }
}

/**
 * Follow the office's websocket; ``onMessage`` gets each message once, in seq order
 * (snapshots always). Returns a live view of the stream's state for tests.
 */
export function followOffice(onMessage) {
  const state = { connected: false, lastSeq: 0, received: 0, stale: false };
  const scheme = location.protocol === "https:" ? "wss:" : "ws:";
  const stream = new OfficeStream({
    url: `${scheme}//${location.host}${config.wsPath}`,
    since: () => state.lastSeq,
    silenceMs: config.heartbeatSeconds * 2500,
    onMessage(message) {
      state.received += 1;
      if (message.version && message.version !== config.version && !state.stale) {
        state.stale = true; // an upgrade: ask, never reload under someone's hands
        notify(t("Сервер оновлено — перезавантажте сторінку (F5).", "The server was updated: reload the page (F5)."));
      }
      if (message.type === "snapshot") {
        if (message.heartbeat > 0) stream.options.silenceMs = message.heartbeat * 2500;
        state.lastSeq = Number(message.seq) || 0;
        onMessage(message);
        return;
      }
      const seq = Number(message.seq);
      if (!Number.isSafeInteger(seq) || seq <= state.lastSeq) return; // replay overlap
      state.lastSeq = seq;
      if (message.type !== "heartbeat") onMessage(message);
    },
    onStatus(online) {
      state.connected = online;
      const pill = document.getElementById("link");
      if (pill) pill.dataset.state = online ? "online" : "offline";
    },
    async onFailing() {
      // Refused again and again: if the session ended, the page redirects to the login.
      try {
        const response = await fetch(location.href, { cache: "no-store" });
        if (response.redirected && new URL(response.url).pathname === config.loginUrl) toLogin();
      } catch {
        // the server is away; the stream keeps retrying
      }
    },
  });
  stream.start();
  return state;
}

for (const button of document.querySelectorAll(".lang [data-lang]")) {
  button.addEventListener("click", () => setLang(button.dataset.lang));
}
document.getElementById("logout")?.addEventListener("click", (event) => {
  logout(event.currentTarget);
});
document.getElementById("logout-everywhere")?.addEventListener("click", (event) => {
  logout(event.currentTarget, true);
});
translate(document);

// The JSON API with the staff session cookie; an error carries the server's message in
// the person's language, to be shown as is. Every change (POST, PUT, PATCH, DELETE) also
// sends the session's CSRF token, which the server keeps in the readable cookie qms_csrf.

import { config } from "./config.js";
import { lang, t } from "./i18n.js";

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

/** To the login page, coming back here afterwards. */
export function toLogin() {
  const next = location.pathname + location.search;
  location.assign(`${config.loginUrl}?next=${encodeURIComponent(next)}`);
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** The session's CSRF token, read at each request: a login in another tab renews it. */
export function csrfToken() {
  for (const pair of document.cookie.split(";")) {
    const [name, ...value] = pair.trim().split("=");
    if (name === "qms_csrf") return decodeURIComponent(value.join("="));
  }
  return "";
}

/**
 * Call the API; resolves with the JSON body (null for 204), rejects with an ApiError.
 * @param {string} path  below /api/v1, e.g. "/auth/me"
 * @param {{method?: string, body?: any, headers?: Record<string, string>}} [options]
 */
export async function api(path, { method = "GET", body, headers = {} } = {}) {
  const sent = { "Content-Type": "application/json", "Accept-Language": lang(), ...headers };
  if (!SAFE_METHODS.has(method.toUpperCase())) sent["X-CSRF-Token"] = csrfToken();
  let response;
  try {
    response = await fetch(config.apiBase + path, {
      method,
      credentials: "same-origin",
      cache: "no-store",
      headers: sent,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(
      0,
      "network",
      t("Немає з'єднання з сервером. Спробуйте ще раз.", "No connection to the server. Please try again."),
    );
  }
  if (response.status === 204) return null;
  let data = null;
  try {
    data = await response.json();
  } catch {
    data = null;
  }
  if (response.ok) return data;
  // The session ended (logged out in another tab, expired): log in again, then come back.
  if (response.status === 401 && path !== "/auth/login") toLogin();
  const error = data?.error ?? {};
  throw new ApiError(
    response.status,
    error.code ?? "error",
    error.message ?? t(`Помилка сервера (${response.status}).`, `Server error (${response.status}).`),
  );
}

// The JSON API with the staff session cookie; an error carries the server's message in
// the person's language, to be shown as is.

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

/**
 * Call the API; resolves with the JSON body (null for 204), rejects with an ApiError.
 * @param {string} path  below /api/v1, e.g. "/auth/me"
 * @param {{method?: string, body?: any, headers?: Record<string, string>}} [options]
 */
export async function api(path, { method = "GET", body, headers = {} } = {}) {
  let response;
  try {
    response = await fetch(config.apiBase + path, {
      method,
      credentials: "same-origin",
      cache: "no-store",
      headers: { "Content-Type": "application/json", "Accept-Language": lang(), ...headers },
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

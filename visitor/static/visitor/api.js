// JSON calls to the server: never throw, always say what happened.

const REQUEST_TIMEOUT_MS = 8000;

/**
 * One request: resolves to {ok, status, data, code, message, network}.
 * ``data`` is the parsed body of a success (null for 204); ``code`` and ``message`` come
 * from the server's {"error": {"code", "message"}} body, in ``lang``.
 */
export async function request(url, { method = "GET", body, token, lang = "uk" } = {}) {
  const headers = { Accept: "application/json", "Accept-Language": lang };
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), REQUEST_TIMEOUT_MS);
  try {
    const response = await fetch(url, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: "no-store",
      credentials: "omit", // the token is the only credential these pages use
      signal: abort.signal,
    });
    const data = response.status === 204 ? null : await response.json().catch(() => null);
    const error = data && typeof data.error === "object" ? data.error : null;
    return {
      ok: response.ok,
      status: response.status,
      data: response.ok ? data : null,
      code: error?.code ?? (response.ok ? null : `http_${response.status}`),
      message: error?.message ?? "",
      network: false,
    };
  } catch {
    return { ok: false, status: 0, data: null, code: "network", message: "", network: true };
  } finally {
    clearTimeout(timer);
  }
}

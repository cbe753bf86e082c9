// The kiosk's calls to the JSON API: every one with the device token and the visitor's
// language; a ticket is retried with the same Idempotency-Key (a check-in with the same
// code), so a lost answer never becomes a second ticket.

const REQUEST_TIMEOUT_MS = 8000;
const ISSUE_BACKOFF_MS = [700, 1800]; // waits before the 2nd and 3rd attempts
const RETRYABLE = new Set([502, 503, 504]); // a proxy without its server: like no network
const PRINT_POLL_MS = 1000;
const PRINT_WAIT_MS = 15000;

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** A random key for one tap; crypto.randomUUID needs HTTPS, getRandomValues does not. */
export function newKey() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return "kiosk-" + Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

export class KioskApi {
  constructor({ base, token, officeId }) {
    this.base = base;
    this.token = token;
    this.officeId = officeId;
  }

  /** {ok, status, data, code, message, network}: never throws. */
  async request(method, path, { body, lang = "uk", key, timeoutMs = REQUEST_TIMEOUT_MS } = {}) {
    const headers = {
      Authorization: `Bearer ${this.token}`,
      Accept: "application/json",
      "Accept-Language": lang,
    };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    if (key) headers["Idempotency-Key"] = key;
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), timeoutMs);
    try {
      const response = await fetch(this.base + path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        cache: "no-store",
        signal: abort.signal,
      });
      const data = await response.json().catch(() => null);
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

  catalog(lang) {
    return this.request("GET", `/offices/${this.officeId}/services`, { lang });
  }

  /** Up to 3 attempts of ``send()`` while the network fails; the last answer. */
  async retried(send, onRetry) {
    let result;
    for (let attempt = 0; attempt <= ISSUE_BACKOFF_MS.length; attempt += 1) {
      if (attempt > 0) {
        onRetry?.(attempt);
        await sleep(ISSUE_BACKOFF_MS[attempt - 1]);
      }
      result = await send();
      if (!result.network && !RETRYABLE.has(result.status)) return result;
    }
    return { ...result, network: true };
  }

  /** Issue a ticket; up to 3 attempts with the same key when the network fails. */
  issueTicket({ serviceId, priority = null, lang, key, onRetry }) {
    const body = { service_id: serviceId, priority, language: lang, print: true };
    const path = `/offices/${this.officeId}/tickets`;
    return this.retried(() => this.request("POST", path, { body, lang, key }), onRetry);
  }

  /**
   * Check a booked visitor in by the booking's code: a ticket like ``issueTicket``'s plus
   * ``booking`` and ``late``. Retried like a ticket: the same code always gives the same
   * ticket (200 instead of 201 when it was given already), so a lost answer costs nothing.
   */
  checkIn({ code, lang, onRetry }) {
    const body = { code, print: true };
    const path = `/offices/${this.officeId}/check-in`;
    return this.retried(() => this.request("POST", path, { body, lang }), onRetry);
  }

  printJob(id, lang) {
    return this.request("GET", `/print-jobs/${id}`, { lang });
  }

  /**
   * Follow a print job until it is printed or failed, for at most 15 s:
   * "printed" | "failed" | "timeout". ``onChange`` sees every new state.
   */
  async followPrintJob(job, { lang, onChange } = {}) {
    const started = Date.now();
    let current = job;
    for (;;) {
      if (current.status === "printed" || current.status === "failed") return current.status;
      if (Date.now() - started >= PRINT_WAIT_MS) return "timeout";
      await sleep(PRINT_POLL_MS);
      const result = await this.printJob(current.id, lang);
      if (result.ok && result.data) {
        if (result.data.status !== current.status) onChange?.(result.data);
        current = result.data;
      } else if (!result.network && result.status !== 429) {
        return "failed"; // the job is gone or the server will not tell: do not promise paper
      }
    }
  }

  referralSlip(serviceId, lang) {
    return this.request("POST", `/services/${serviceId}/referral-slip`, {
      body: { language: lang },
      lang,
    });
  }

  me(lang) {
    return this.request("GET", "/devices/me", { lang });
  }

  help(lang) {
    return this.request("POST", "/devices/me/help", { lang });
  }
}


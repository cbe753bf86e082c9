// The check-in of a booked visitor: the booking's 8 digits from the on-screen keypad, from
// a keyboard, or from a QR scanner that types like one (digits, maybe a dash, then Enter).
// A refusal stays on this screen beside the code, so the visitor can correct it.

import { h } from "./dom.js";
import { digitPad } from "./keyboard.js";
import { view } from "./screens.js";

export const CODE_DIGITS = 8;
const EMPTY = "••••-••••";

/** The code as it is typed, grouped like the confirmation: "123", "1234-5", "1234-5678". */
export function formatCode(digits) {
  return digits.length > 4 ? `${digits.slice(0, 4)}-${digits.slice(4)}` : digits;
}

/** [title, message, advice] of a refusal; the message is the server's when it has one. */
function refusal(ctx, error) {
  if (error.network) return [ctx.t("checkInFailed"), ctx.t("checkInOffline"), null];
  const message = error.message || ctx.t("genericText");
  switch (error.code) {
    case "booking_not_found":
      return [ctx.t("checkInNotFound"), message, ctx.t("checkInRetry")];
    case "booking_refused":
      return [ctx.t("checkInRefused"), message, null];
    case "office_closed":
      return [ctx.t("closedTitle"), message, null];
    case "too_many_requests":
      return [ctx.t("waitTitle"), message, null];
    case "invalid_input": // the kiosk sends 8 digits only: the validator's words help nobody
      return [ctx.t("checkInFailed"), ctx.t("checkInDigits"), ctx.t("checkInRetry")];
    default:
      return [ctx.t("checkInFailed"), ctx.t("genericText"), null];
  }
}

function paintError(element, ctx, error) {
  element.hidden = !error;
  if (!error) {
    element.replaceChildren();
    return;
  }
  const [title, message, advice] = refusal(ctx, error);
  // The server answered in the language of the request; the visitor may have switched since.
  const foreign = message === error.message && error.lang && error.lang !== ctx.lang;
  // Spaces between the parts: the screen reader reads the text content as one sentence.
  element.replaceChildren(
    h("strong", { class: "check-in-error-title" }, title),
    " ",
    h("span", { id: "check-in-message", lang: foreign ? error.lang : null }, message),
    advice && " ",
    advice && h("span", { class: "check-in-advice" }, advice),
  );
}

/**
 * The check-in screen. ``ctx.code`` ({digits, error}) outlives a redraw (a language
 * switch keeps the typed code); ``onKey`` gets the page's key presses while it is shown.
 */
export function checkIn(ctx) {
  const entry = ctx.code;
  const title = ctx.t("checkInTitle");
  const typed = h("output", { id: "check-in-code", class: "code-typed", "aria-describedby": "check-in-hint" });
  const rest = h("span", { class: "code-rest", "aria-hidden": "true" });
  const error = h("div", { class: "notice check-in-error", id: "check-in-error", role: "alert" });
  const submit = h(
    "button",
    { type: "button", class: "primary wide", id: "check-in-submit", onclick: () => ctx.checkIn(submit) },
    ctx.t("checkInSubmit"),
  );
  const paint = () => {
    const shown = formatCode(entry.digits);
    typed.textContent = shown;
    rest.textContent = EMPTY.slice(shown.length);
    submit.disabled = entry.digits.length !== CODE_DIGITS;
    paintError(error, ctx, entry.error);
  };
  const edit = (change) => {
    if (change.clear) entry.digits = "";
    else if (change.remove) entry.digits = entry.digits.slice(0, -change.remove);
    else if (change.insert && entry.digits.length < CODE_DIGITS) entry.digits += change.insert;
    entry.error = null; // a changed code: the old refusal is about another one
    paint();
  };

  // A scanner types fast and ends with Enter; so may a visitor at a keyboard. Typed digits
  // slide: after 8, the newest 8 stay, so a scan over a half-typed code gives the scan.
  let typing = false;
  const onKey = (event) => {
    if (event.ctrlKey || event.altKey || event.metaKey || event.isComposing) return;
    const key = event.key;
    if (/^[0-9]$/.test(key)) {
      event.preventDefault();
      typing = true;
      entry.digits = (entry.digits + key).slice(-CODE_DIGITS);
      entry.error = null;
      paint();
    } else if (key === "-" || (key === " " && typing)) {
      event.preventDefault(); // the code's own separators
    } else if (key === "Backspace") {
      event.preventDefault();
      typing = false;
      edit({ remove: 1 });
    } else if (key === "Enter") {
      // Enter on a focused key of the keypad presses that key, unless digits were just typed.
      if (!typing && event.target instanceof HTMLButtonElement) return;
      event.preventDefault();
      typing = false;
      if (entry.digits.length === CODE_DIGITS) {
        ctx.checkIn(submit);
      } else {
        entry.error = { code: "invalid_input" };
        paint();
        error.scrollIntoView({ block: "nearest" });
      }
    } else {
      typing = false;
    }
  };

  paint();
  const body = [
    h("p", { class: "check-in-hint", id: "check-in-hint" }, ctx.t("checkInHint")),
    h("label", { for: "check-in-code", class: "code-label" }, ctx.t("checkInLabel")),
    h("div", { class: "code-field" }, typed, rest),
    error,
  ];
  const actions = [digitPad({ lang: ctx.lang, edit }), submit];
  return { title, node: view("checkin", title, body, actions), onKey };
}

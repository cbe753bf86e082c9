// Small DOM helpers: elements are built with textContent only, so a visitor's note or a
// kiosk's name can never become markup.

/**
 * An element with attributes and children (strings become text nodes).
 * @param {string} tag
 * @param {Record<string, any>} [attrs]  class, dataset, on<event>, or plain attributes
 * @param {...any} children
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === false || value === null || value === undefined) continue;
    if (key === "class") el.className = value;
    else if (key === "dataset") Object.assign(el.dataset, value);
    else if (key.startsWith("on")) el.addEventListener(key.slice(2), value);
    else el.setAttribute(key, value === true ? "" : String(value));
  }
  el.append(...children.flat().filter((c) => c !== null && c !== undefined && c !== false));
  return el;
}

export const $ = (selector, root = document) => root.querySelector(selector);

/** Show the [data-when] parts of ``root`` that match ``state``, hide the others. */
export function showWhen(root, state) {
  for (const el of root.querySelectorAll("[data-when]")) el.hidden = el.dataset.when !== state;
}

/** ``run`` once things calm down: ``waitMs`` after the last call, at most ``maxMs`` late. */
export function debounced(run, waitMs = 300, maxMs = 1000) {
  let timer = null;
  let first = 0;
  return () => {
    const now = performance.now();
    if (timer === null) first = now;
    clearTimeout(timer);
    const delay = Math.max(0, Math.min(waitMs, first + maxMs - now));
    timer = setTimeout(() => {
      timer = null;
      run();
    }, delay);
  };
}

/** A dialog's answer: the value of the button that closed it ("" when cancelled). */
export function ask(dialog) {
  return new Promise((resolve) => {
    dialog.returnValue = "";
    dialog.addEventListener("close", () => resolve(dialog.returnValue), { once: true });
    dialog.showModal();
  });
}

/** Buttons with data-action="close" close their dialog without an answer. */
export function wireCloseButtons(root = document) {
  for (const button of root.querySelectorAll("dialog [data-action=close]")) {
    button.addEventListener("click", () => button.closest("dialog").close(""));
  }
}

/** A random key for Idempotency-Key; crypto.randomUUID needs https, this does not. */
export function randomKey() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

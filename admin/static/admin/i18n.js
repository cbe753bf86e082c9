// Ukrainian first, English on request: the choice is kept in localStorage. Static text
// carries its English in data-en (attributes in data-en-<name>); scripts build their text
// with t(uk, en) and re-render when the language changes.

const KEY = "qms.admin.lang";
const ATTRIBUTES = ["placeholder", "alt", "title", "aria-label"];
const listeners = [];
let current = stored();

function stored() {
  try {
    return localStorage.getItem(KEY) === "en" ? "en" : "uk";
  } catch {
    return "uk";
  }
}

/** "uk" or "en". */
export const lang = () => current;

/** The text in the current language. */
export const t = (uk, en) => (current === "en" ? en : uk);

/** Call ``listener`` after every language switch (to re-render script-built text). */
export function onLangChange(listener) {
  listeners.push(listener);
}

export function setLang(value) {
  current = value === "en" ? "en" : "uk";
  try {
    localStorage.setItem(KEY, current);
  } catch {
    // storage disabled: the switch holds until the page reloads
  }
  translate(document);
  for (const listener of listeners) listener(current);
}

/** Put the static text of ``root`` into the current language. */
export function translate(root = document) {
  document.documentElement.lang = current;
  for (const el of root.querySelectorAll("[data-en]")) {
    if (el.dataset.uk === undefined) el.dataset.uk = el.textContent;
    el.textContent = current === "en" ? el.dataset.en : el.dataset.uk;
  }
  for (const name of ATTRIBUTES) {
    for (const el of root.querySelectorAll(`[data-en-${name}]`)) {
      if (!el.hasAttribute(`data-uk-${name}`)) {
        el.setAttribute(`data-uk-${name}`, el.getAttribute(name) ?? "");
      }
      el.setAttribute(name, el.getAttribute(`data-${current}-${name}`) ?? "");
    }
  }
  for (const button of document.querySelectorAll(".lang [data-lang]")) {
    button.setAttribute("aria-pressed", String(button.dataset.lang === current));
  }
}

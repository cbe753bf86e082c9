// УКР / ENG: the page is rendered in one language and switched here without a request.
// Every element with data-t holds only its text; data-t-label names an aria-label.

const STORAGE_KEY = "qms.visitor.lang";
const LANGS = new Set(["uk", "en"]);

function stored() {
  try {
    const value = localStorage.getItem(STORAGE_KEY);
    return LANGS.has(value) ? value : null;
  } catch {
    return null; // storage may be disabled (private mode): the page still works
  }
}

function store(lang) {
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // not remembered, nothing else is lost
  }
}

export class Language {
  #listeners = [];

  /**
   * @param {object} options
   * @param {{uk: object, en: object}} options.texts  every text, by key
   * @param {string} options.lang  the language the server rendered
   * @param {boolean} options.langGiven  the address asked for it (?lang=): it wins
   * @param {boolean} options.remember  keep the choice for the next visit
   */
  constructor({ texts, lang, langGiven, remember }) {
    this.texts = texts;
    this.remember = remember;
    this.initial = LANGS.has(lang) ? lang : "uk";
    if (langGiven && remember) store(this.initial);
    this.lang = (!langGiven && remember && stored()) || this.initial;
  }

  /** The text of ``key`` with {name} placeholders filled from ``params``. */
  t(key, params = {}) {
    const template = this.texts[this.lang]?.[key] ?? this.texts.uk[key] ?? key;
    return template.replace(/\{(\w+)\}/g, (all, name) => (name in params ? params[name] : all));
  }

  /** Pick the visitor's variant of a bilingual value: {uk, en} or name_uk/name_en. */
  pick(uk, en) {
    return this.lang === "en" && en ? en : uk;
  }

  onChange(listener) {
    this.#listeners.push(listener);
  }

  /** Wire the УКР/ENG buttons and show the page in the current language. */
  bind(root = document) {
    for (const button of root.querySelectorAll("[data-lang]")) {
      button.addEventListener("click", () => this.set(button.dataset.lang));
    }
    this.apply(root);
  }

  set(lang, { remember = this.remember } = {}) {
    if (!LANGS.has(lang)) return;
    if (remember) store(lang);
    if (lang === this.lang) return;
    this.lang = lang;
    this.apply();
    for (const listener of this.#listeners) listener(lang);
  }

  apply(root = document) {
    document.documentElement.lang = this.lang;
    for (const element of root.querySelectorAll("[data-t]")) {
      element.textContent = this.t(element.dataset.t);
    }
    for (const element of root.querySelectorAll("[data-t-label]")) {
      element.setAttribute("aria-label", this.t(element.dataset.tLabel));
    }
    for (const button of root.querySelectorAll("[data-lang]")) {
      button.setAttribute("aria-pressed", String(button.dataset.lang === this.lang));
    }
  }
}

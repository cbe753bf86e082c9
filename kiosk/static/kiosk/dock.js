// The controls at the bottom of every screen: back, start, help, language and the two
// accessibility modes. Kept low so a seated visitor reaches them.

import { h } from "./dom.js";
import { say } from "./texts.js";

export class Dock {
  /**
   * @param {HTMLElement} element  the <nav> to draw into
   * @param {object} actions  back(), home(), help(), setLang(lang), toggleContrast(),
   *   toggleLowReach(), modes() -> {contrast, lowReach}
   */
  constructor(element, actions) {
    this.element = element;
    this.actions = actions;
  }

  /** Redraw in ``lang``; ``nav`` shows back and start (not on the start or a result). */
  draw({ lang, nav }) {
    const t = (key) => say(lang, key);
    const focused = document.activeElement?.closest?.("#dock [data-action]")?.dataset.action;
    const { contrast, lowReach } = this.actions.modes();
    const button = (action, label, onclick, attrs = {}) =>
      h("button", { type: "button", class: "dock-button", "data-action": action, onclick, ...attrs }, label);
    const icon = (symbol) => h("span", { class: "icon", "aria-hidden": "true" }, symbol);
    this.element.setAttribute("aria-label", lang === "en" ? "Kiosk controls" : "Керування терміналом");
    this.element.replaceChildren(
      h(
        "div",
        { class: "dock-row" },
        nav && button("back", [icon("←"), t("back")], this.actions.back),
        nav && button("home", [icon("⌂"), t("home")], this.actions.home),
        button("help", [icon("?"), t("help")], this.actions.help, { class: "dock-button help" }),
      ),
      h(
        "div",
        { class: "dock-row" },
        h(
          "div",
          { class: "dock-group", role: "group", "aria-label": t("language") },
          button("lang-uk", "УКР", () => this.actions.setLang("uk"), {
            lang: "uk",
            "aria-label": "УКР — українська",
            "aria-pressed": String(lang === "uk"),
          }),
          button("lang-en", "ENG", () => this.actions.setLang("en"), {
            lang: "en",
            "aria-label": "ENG — English",
            "aria-pressed": String(lang === "en"),
          }),
        ),
        h(
          "div",
          { class: "dock-group", role: "group", "aria-label": t("accessibility") },
          button("contrast", [icon("Aa"), t("contrast")], this.actions.toggleContrast, {
            "aria-pressed": String(contrast),
          }),
          button("low-reach", [icon("♿"), t("lowReach")], this.actions.toggleLowReach, {
            "aria-pressed": String(lowReach),
          }),
        ),
      ),
    );
    // Redrawing replaced the pressed button: give focus back to its successor.
    if (focused) this.element.querySelector(`[data-action="${focused}"]`)?.focus();
  }
}

// The on-screen keyboard of the search screen: Ukrainian letters (ЙЦУКЕН) and English
// ones (QWERTY), large keys, no system keyboard popping up over the kiosk.

import { h } from "./dom.js";
import { say } from "./texts.js";

const LAYOUTS = {
  uk: ["йцукенгшщзхї", "фівапролджєґ", "ячсмитьбю'"],
  en: ["qwertyuiop", "asdfghjkl", "zxcvbnm'"],
};

/**
 * The keyboard for ``layout`` ("uk" | "en"), labelled in ``lang``.
 * ``edit(change)`` gets {insert: "a"} | {remove: 1} | {clear: true};
 * ``switchLayout()`` asks for the other set of letters.
 */
export function keyboard({ lang, layout, edit, switchLayout }) {
  const key = (label, action, attrs = {}) =>
    h("button", { type: "button", class: "key", onclick: action, ...attrs }, label);
  const rows = LAYOUTS[layout].map((letters) =>
    h(
      "div",
      { class: "keys" },
      [...letters].map((letter) =>
        key(letter, () => edit({ insert: letter }), {
          "aria-label": letter === "'" ? say(lang, "keyApostrophe") : null,
          lang: layout,
        }),
      ),
    ),
  );
  // The switch shows the letters it brings: "ABC" for English, "АБВ" for Ukrainian.
  const other = layout === "uk" ? "en" : "uk";
  const otherLabel = other === "en" ? "ABC" : "АБВ";
  const controls = h(
    "div",
    { class: "keys keys-controls" },
    key(otherLabel, switchLayout, {
      class: "key key-wide key-switch",
      "aria-label": `${otherLabel}: ${say(lang, other === "en" ? "lettersEn" : "lettersUk")}`,
    }),
    key(say(lang, "keySpace"), () => edit({ insert: " " }), { class: "key key-space" }),
    key(say(lang, "keyDelete"), () => edit({ remove: 1 }), { class: "key key-wide" }),
    key(say(lang, "keyClear"), () => edit({ clear: true }), { class: "key key-wide" }),
  );
  return h(
    "div",
    { class: "keyboard", role: "group", "aria-label": say(lang, "keyboard") },
    rows,
    controls,
  );
}

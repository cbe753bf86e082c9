// The on-screen keyboards: letters for the search screen (Ukrainian ЙЦУКЕН and English
// QWERTY) and digits for a booking code; large keys, no system keyboard over the kiosk.

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

/**
 * The digit keypad of the check-in screen, labelled in ``lang``: 1-9 in three rows, then
 * «Очистити», 0 and «Стерти». ``edit(change)`` gets the same changes as ``keyboard``'s.
 */
export function digitPad({ lang, edit }) {
  const key = (label, action, attrs = {}) =>
    h("button", { type: "button", class: "key digit", onclick: action, ...attrs }, label);
  const digit = (d) => key(d, () => edit({ insert: d }), { "data-digit": d });
  return h(
    "div",
    { class: "digit-pad", role: "group", "aria-label": say(lang, "keypad") },
    [..."123456789"].map(digit),
    key(say(lang, "keyClear"), () => edit({ clear: true }), { class: "key digit key-word" }),
    digit("0"),
    key(say(lang, "keyDelete"), () => edit({ remove: 1 }), { class: "key digit key-word" }),
  );
}

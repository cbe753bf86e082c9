// A tiny element builder: the screens are small, a framework would only add weight.

let nextId = 0;

/** A fresh id for aria-labelledby / aria-describedby links. */
export function uid(prefix = "k") {
  nextId += 1;
  return `${prefix}-${nextId}`;
}

/**
 * h("button", {class: "primary", onclick: fn, "aria-pressed": "true"}, "text", child...)
 * Attributes set to null, undefined or false are left out; children may be nested arrays.
 */
export function h(tag, attrs = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs ?? {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith("on") && typeof value === "function") {
      element.addEventListener(name.slice(2), value);
    } else if (name === "class") {
      element.className = value;
    } else if (name === "text") {
      element.textContent = value;
    } else if (name === "hidden" || name === "disabled") {
      element[name] = Boolean(value);
    } else {
      element.setAttribute(name, value === true ? "" : String(value));
    }
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(element, child);
    else element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/**
 * A text that may exist in the visitor's language only in Ukrainian: the element gets
 * lang="uk" then, so a screen reader reads it with the right voice.
 */
export function localized(tag, attrs, value, lang) {
  return h(tag, { ...attrs, lang: value.lang !== lang ? value.lang : null }, value.text);
}

// The login form: posts the username and password as JSON; the server sets the session
// cookie, and the person goes on to the page they asked for.

import { api } from "./api.js";
import { config } from "./config.js";
import { t } from "./i18n.js";
import "./shell.js";

const form = document.getElementById("login-form");
const error = document.getElementById("login-error");

function fail(message, field) {
  error.textContent = message;
  error.hidden = false;
  field?.setAttribute("aria-invalid", "true");
  field?.focus();
}

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  error.hidden = true;
  const username = form.elements.username;
  const password = form.elements.password;
  for (const field of [username, password]) field.removeAttribute("aria-invalid");
  if (!username.value.trim()) {
    fail(t("Введіть ім'я користувача.", "Enter your username."), username);
    return;
  }
  if (!password.value) {
    fail(t("Введіть пароль.", "Enter your password."), password);
    return;
  }
  const button = form.querySelector("button[type=submit]");
  button.disabled = true;
  try {
    await api("/auth/login", {
      method: "POST",
      body: { username: username.value.trim(), password: password.value },
    });
    location.assign(config.next);
  } catch (problem) {
    password.value = "";
    fail(problem.message, problem.status === 401 ? password : null);
  } finally {
    button.disabled = false;
  }
});

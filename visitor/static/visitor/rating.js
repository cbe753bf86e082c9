// The rating form of both pages: five faces first; once one is chosen, the optional
// 0–10 recommendation, a comment, "I want to file a complaint" and the send button.

export class RatingForm {
  /**
   * @param {HTMLFormElement} form
   * @param {object} options
   * @param {import("./lang.js").Language} options.language
   * @param {(body: object) => Promise<string | null>} options.send  posts the rating;
   *   resolves to an error text to show, or null when the form is done
   */
  constructor(form, { language, send }) {
    this.form = form;
    this.language = language;
    this.send = send;
    this.busy = false;
    this.slot = (name) => form.querySelector(`[data-slot="${name}"]`);
    this.comment = form.elements.namedItem("comment");
    this.complaint = form.elements.namedItem("complaint");
    form.addEventListener("change", () => this.#changed());
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      this.#submit();
    });
    this.comment.addEventListener("input", () => this.#clearError());
    // A tablet's on-screen keyboard covers the lower half: keep the text box in sight.
    this.comment.addEventListener("focus", () => {
      setTimeout(() => this.comment.scrollIntoView({ block: "center", behavior: "smooth" }), 300);
    });
  }

  /** The score, recommendation, comment and complaint as the API takes them. */
  value() {
    const score = this.form.querySelector("input[name=score]:checked");
    const recommend = this.form.querySelector("input[name=recommend]:checked");
    return {
      score: score ? Number(score.value) : null,
      recommend: recommend ? Number(recommend.value) : null,
      comment: this.comment.value.trim(),
      complaint: this.complaint.checked,
    };
  }

  /** Whether the visitor has started: a face, a number, a word or the complaint box. */
  get started() {
    const v = this.value();
    return v.score !== null || v.recommend !== null || v.comment !== "" || v.complaint;
  }

  reset() {
    this.form.reset();
    this.busy = false;
    this.#changed();
    this.#clearError();
    this.#sendLabel("send");
  }

  showError(text) {
    this.slot("error").textContent = text;
  }

  #clearError() {
    this.slot("error").textContent = "";
    this.comment.removeAttribute("aria-invalid");
  }

  #changed() {
    const { score, complaint } = this.value();
    this.slot("extras").hidden = score === null;
    this.slot("complaint-hint").hidden = !complaint;
    this.comment.required = complaint;
    for (const label of this.form.querySelectorAll(".face")) {
      label.classList.toggle("chosen", Number(label.dataset.score) === score);
    }
    this.form.classList.toggle("has-score", score !== null);
    if (!complaint) this.#clearError();
  }

  #sendLabel(key) {
    const button = this.slot("send");
    button.dataset.t = key;
    button.textContent = this.language.t(key);
  }

  async #submit() {
    if (this.busy) return;
    const body = this.value();
    if (body.score === null) {
      this.showError(this.language.t("needScore"));
      this.form.querySelector("input[name=score]").focus();
      return;
    }
    if (body.complaint && body.comment === "") {
      this.showError(this.language.t("needComment"));
      this.comment.setAttribute("aria-invalid", "true");
      this.comment.focus();
      return;
    }
    this.#clearError();
    this.busy = true;
    this.slot("send").disabled = true;
    this.#sendLabel("sending");
    let error = null;
    try {
      error = await this.send(body);
    } finally {
      this.busy = false;
      this.slot("send").disabled = false;
      this.#sendLabel("send");
    }
    if (error) this.showError(error);
  }
}

// The office's catalogue as the kiosk reads it: services by id, the most requested ones,
// search by words, texts in the visitor's language with a Ukrainian fallback.

/** {text, lang} of ``item[field_<lang>]``, or the Ukrainian text if there is no translation. */
export function pick(item, field, lang) {
  const own = item?.[`${field}_${lang}`];
  if (own && (typeof own === "string" ? own.trim() : own.length)) return { text: own, lang };
  return { text: item?.[`${field}_uk`] ?? "", lang: "uk" };
}

/** Lower case, one apostrophe, ґ as г, punctuation as spaces: what a visitor might type. */
export function fold(text) {
  return String(text ?? "")
    .normalize("NFC")
    .toLocaleLowerCase("uk")
    .replace(/[’ʼ‘`´]/g, "'")
    .replace(/ґ/g, "г")
    .replace(/ё/g, "е")
    .replace(/[^\p{L}\p{N}']+/gu, " ")
    .trim();
}

export class Catalog {
  constructor(data, popularIds) {
    this.data = data;
    this.office = data.office;
    this.categories = data.categories ?? [];
    this.priorities = data.priorities ?? [];
    this.byId = new Map();
    this.order = [];
    for (const category of this.categories) {
      for (const service of category.services ?? []) {
        const entry = { ...service, categoryId: category.id };
        this.byId.set(service.id, entry);
        this.order.push(entry);
      }
    }
    const issuable = (s) => s && s.active && !s.referral;
    let popular = (popularIds ?? []).map((id) => this.byId.get(id)).filter(issuable);
    // A fresh catalogue may lack the server's list: fall back to the "popular" flag.
    if (!popular.length) popular = this.order.filter((s) => s.popular && issuable(s));
    this.popular = popular;
    this.index = this.order.map((service) => ({
      service,
      name: fold(`${service.name_uk} ${service.name_en}`),
      about: fold(`${service.card?.description_uk ?? ""} ${service.card?.description_en ?? ""}`),
    }));
  }

  service(id) {
    return this.byId.get(id);
  }

  category(id) {
    return this.categories.find((c) => c.id === id);
  }

  priority(code) {
    return this.priorities.find((p) => p.code === code);
  }

  get open() {
    return Boolean(this.office?.open_now);
  }

  /** Services whose name or description has every word of ``query``; name matches first. */
  search(query) {
    const words = fold(query).split(" ").filter(Boolean);
    if (!words.length) return [];
    const scored = [];
    for (const entry of this.index) {
      let score = 0;
      for (const word of words) {
        if (` ${entry.name}`.includes(` ${word}`)) score += 3;
        else if (entry.name.includes(word)) score += 2;
        else if (entry.about.includes(word)) score += 1;
        else {
          score = 0;
          break;
        }
      }
      if (score > 0) scored.push({ score, service: entry.service });
    }
    // Stable sort: equal scores keep the catalogue's order.
    return scored.sort((a, b) => b.score - a.score).map((item) => item.service);
  }
}

/** Parts of ``ms`` in ``timeZone``: {day: "2026-11-23", time: "08:00"}. */
function localParts(ms, timeZone) {
  const format = new Intl.DateTimeFormat("en-CA", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  });
  const parts = Object.fromEntries(format.formatToParts(ms).map((p) => [p.type, p.value]));
  return { day: `${parts.year}-${parts.month}-${parts.day}`, time: `${parts.hour}:${parts.minute}` };
}

/**
 * When the office opens next, in words and in the office's time zone:
 * "завтра о 08:00", "понеділок, 30 листопада о 08:00". Null if unknown.
 */
export function openingWords(iso, nowMs, timeZone, lang, say) {
  const at = Date.parse(iso ?? "");
  if (!Number.isFinite(at)) return null;
  const zone = timeZone || "Europe/Kyiv";
  const when = localParts(at, zone);
  const today = localParts(nowMs, zone).day;
  const tomorrow = localParts(nowMs + 86_400_000, zone).day;
  if (when.day === today) return say(lang, "today", { time: when.time });
  if (when.day === tomorrow) return say(lang, "tomorrow", { time: when.time });
  const date = new Intl.DateTimeFormat(lang === "en" ? "en-GB" : "uk-UA", {
    timeZone: zone,
    weekday: "long",
    day: "numeric",
    month: "long",
  }).format(at);
  return say(lang, "onDate", { date, time: when.time });
}

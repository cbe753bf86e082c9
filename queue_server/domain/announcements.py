"""Spoken calls for hall displays, as ordered lists of recorded phrase segments.

A call of ticket ``П-012`` to window 3 is played as

    uk: chime, talon, letter-p, num-12, go-to-window, num-3
        «[дзвінок] Талон пе дванадцять, підійдіть до вікна номер три»
    en: en-ticket, en-letter-p, en-num-12, en-go-to-window, en-num-3
        "Ticket P twelve, please go to window three"

Each segment name is a sound file (``sound_file``): ``chime.ogg``, ``uk/<name>.ogg`` and
``en/<name>.ogg`` under ``display/static/sounds``. The files are made offline at build time
(``scripts/build_sounds.py``, espeak-ng) and any of them can be replaced by a human recording
of the text in ``ALL_SEGMENTS`` under the same name; no online speech service is ever used.
English names start with ``en-`` so both languages can be played from one list
(``bilingual_announcement``).

How numbers are read (ticket numbers and window numbers alike, masculine forms):

* leading zeros are dropped: ``012`` is дванадцять / twelve, ``000`` is нуль / zero;
* 0-999 are composed of at most three segments: 0-19 one segment each, tens 20-90,
  hundreds 100-900 (345 = num-300 num-40 num-5, «триста сорок п'ять» /
  "three hundred forty five");
* 1000-999999 (a very busy day) are read in full: the thousands count, then the word for
  thousand, then the rest. Ukrainian uses the feminine «одна»/«дві» and the right plural:
  1234 = «одна тисяча двісті тридцять чотири», 2000 = «дві тисячі», 5000 = «п'ять тисяч»,
  21000 = «двадцять одна тисяча»; English: "one thousand two hundred thirty four";
* a million and more (never seen in a queue) is read digit by digit.

The ticket prefix (one to four letters, usually one: ``П``, ``Б``) is read letter by letter:
the Ukrainian letter name («пе», «бе», «ел») or, in English, the common Latin
transliteration (P, B, L, Zh, Ts, Shch ...). Every Ukrainian capital letter is known;
lower-case letters are accepted, and a Latin letter that looks exactly like a Cyrillic one
(A, B, C, E, H, I, K, M, O, P, T, X, Y typed by mistake in a prefix) is read as that
Cyrillic letter, as the visitor sees it on the display.
"""

from __future__ import annotations

from collections.abc import Iterable

CHIME = "chime"
"""The language-independent attention chime that opens a call."""

LANGUAGES = ("uk", "en")
"""The languages announcements are made in."""

MAX_COMPOSED = 999_999
"""The largest number read as words; larger ones are read digit by digit."""

# Cyrillic capital → (segment key, Ukrainian letter name, English transliteration).
_LETTERS: dict[str, tuple[str, str, str]] = {
    "А": ("a", "а", "A"),
    "Б": ("b", "бе", "B"),
    "В": ("v", "ве", "V"),
    "Г": ("h", "ге", "H"),
    "Ґ": ("g", "ґе", "G"),
    "Д": ("d", "де", "D"),
    "Е": ("e", "е", "E"),
    "Є": ("ye", "є", "Ye"),
    "Ж": ("zh", "же", "Zh"),
    "З": ("z", "зе", "Z"),
    "И": ("y", "и", "Y"),
    "І": ("i", "і", "I"),
    "Ї": ("yi", "ї", "Yi"),
    "Й": ("yot", "йот", "short I"),
    "К": ("k", "ка", "K"),
    "Л": ("l", "ел", "L"),
    "М": ("m", "ем", "M"),
    "Н": ("n", "ен", "N"),
    "О": ("o", "о", "O"),
    "П": ("p", "пе", "P"),
    "Р": ("r", "ер", "R"),
    "С": ("s", "ес", "S"),
    "Т": ("t", "те", "T"),
    "У": ("u", "у", "U"),
    "Ф": ("f", "еф", "F"),
    "Х": ("kh", "ха", "Kh"),
    "Ц": ("ts", "це", "Ts"),
    "Ч": ("ch", "че", "Ch"),
    "Ш": ("sh", "ша", "Sh"),
    "Щ": ("shch", "ща", "Shch"),
    "Ь": ("soft-sign", "м'який знак", "soft sign"),
    "Ю": ("yu", "ю", "Yu"),
    "Я": ("ya", "я", "Ya"),
}

UKRAINIAN_CAPITALS = "".join(_LETTERS)
"""The 33 capital letters of the Ukrainian alphabet, in alphabetical order."""

# Latin capitals that look exactly like a Cyrillic one: read as the Cyrillic letter shown.
_LATIN_LOOKALIKES = {
    "A": "А",
    "B": "В",
    "C": "С",
    "E": "Е",
    "H": "Н",
    "I": "І",
    "K": "К",
    "M": "М",
    "O": "О",
    "P": "Р",
    "T": "Т",
    "X": "Х",
    "Y": "У",
}

_UK_UNITS = (
    "нуль",
    "один",
    "два",
    "три",
    "чотири",
    "п'ять",
    "шість",
    "сім",
    "вісім",
    "дев'ять",
    "десять",
    "одинадцять",
    "дванадцять",
    "тринадцять",
    "чотирнадцять",
    "п'ятнадцять",
    "шістнадцять",
    "сімнадцять",
    "вісімнадцять",
    "дев'ятнадцять",
)
_UK_TENS = (
    "двадцять",
    "тридцять",
    "сорок",
    "п'ятдесят",
    "шістдесят",
    "сімдесят",
    "вісімдесят",
    "дев'яносто",
)
_UK_HUNDREDS = (
    "сто",
    "двісті",
    "триста",
    "чотириста",
    "п'ятсот",
    "шістсот",
    "сімсот",
    "вісімсот",
    "дев'ятсот",
)

_EN_UNITS = (
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
)
_EN_TENS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")

# Ukrainian "thousand" agrees with its count: 1, 21 тисяча; 2-4, 22 тисячі; 5-20, 25 тисяч.
_UK_THOUSAND = "num-1000"
_UK_THOUSAND_FEW = "num-1000-few"
_UK_THOUSAND_MANY = "num-1000-many"
# ... and the count itself takes the feminine одна / дві.
_UK_FEMININE = {"num-1": "num-1-fem", "num-2": "num-2-fem"}


def _build_segments() -> dict[str, dict[str, str]]:
    """Every segment name with the text it says, per language."""
    uk: dict[str, str] = {"talon": "Талон", "go-to-window": "підійдіть до вікна номер"}
    en: dict[str, str] = {"en-ticket": "Ticket", "en-go-to-window": "please go to window"}
    for key, uk_name, en_name in _LETTERS.values():
        uk[f"letter-{key}"] = uk_name
        en[f"en-letter-{key}"] = en_name
    for n, word in enumerate(_UK_UNITS):
        uk[f"num-{n}"] = word
    for n, word in enumerate(_EN_UNITS):
        en[f"en-num-{n}"] = word
    for i, (uk_word, en_word) in enumerate(zip(_UK_TENS, _EN_TENS, strict=True)):
        uk[f"num-{(i + 2) * 10}"] = uk_word
        en[f"en-num-{(i + 2) * 10}"] = en_word
    for i, uk_word in enumerate(_UK_HUNDREDS):
        uk[f"num-{(i + 1) * 100}"] = uk_word
        en[f"en-num-{(i + 1) * 100}"] = f"{_EN_UNITS[i + 1]} hundred"
    uk[_UK_THOUSAND] = "тисяча"
    uk[_UK_THOUSAND_FEW] = "тисячі"
    uk[_UK_THOUSAND_MANY] = "тисяч"
    uk["num-1-fem"] = "одна"
    uk["num-2-fem"] = "дві"
    en["en-num-1000"] = "thousand"
    for key, (uk_text, en_text) in _OFFICE_MESSAGES.items():
        uk[key] = uk_text
        en[f"en-{key}"] = en_text
    return {"uk": uk, "en": en}


# Whole-office messages: the air-raid pause and its all-clear.
_OFFICE_MESSAGES = {
    "air-raid": (
        "Увага! Повітряна тривога. Обслуговування призупинено. Пройдіть, будь ласка, до укриття.",
        "Attention! Air raid alert. Service is paused. Please proceed to the shelter.",
    ),
    "all-clear": (
        "Відбій повітряної тривоги. Обслуговування відновлюється.",
        "The air raid alert is over. Service resumes.",
    ),
}


ALL_SEGMENTS: dict[str, dict[str, str]] = _build_segments()
"""Language → segment name → the exact text the segment says (what to synthesise or record)."""


def _check_lang(lang: str) -> str:
    if lang not in LANGUAGES:
        raise ValueError(f"unknown announcement language {lang!r}: expected 'uk' or 'en'")
    return lang


def _under_thousand(n: int) -> list[str]:
    """Segment stems (``num-…`` without language) for 0 <= n <= 999."""
    if n < 20:
        return [f"num-{n}"]
    parts: list[str] = []
    hundreds, rest = divmod(n, 100)
    if hundreds:
        parts.append(f"num-{hundreds * 100}")
    if rest >= 20:
        tens, units = divmod(rest, 10)
        parts.append(f"num-{tens * 10}")
        if units:
            parts.append(f"num-{units}")
    elif rest:
        parts.append(f"num-{rest}")
    return parts


def _uk_thousand_word(count: int) -> str:
    if count % 10 == 1 and count % 100 != 11:
        return _UK_THOUSAND
    if 2 <= count % 10 <= 4 and not 12 <= count % 100 <= 14:
        return _UK_THOUSAND_FEW
    return _UK_THOUSAND_MANY


def number_segments(n: int, lang: str = "uk") -> list[str]:
    """The segments that read the whole number ``n`` (0 or more) aloud in ``lang``."""
    _check_lang(lang)
    if isinstance(n, bool) or not isinstance(n, int):
        raise ValueError(f"a number to read must be an integer, not {n!r}")
    if n < 0:
        raise ValueError(f"cannot read a negative number: {n}")
    if n > MAX_COMPOSED:
        stems = [f"num-{digit}" for digit in str(n)]
    elif n < 1000:
        stems = _under_thousand(n)
    else:
        count, rest = divmod(n, 1000)
        counted = _under_thousand(count)
        if lang == "uk":
            counted[-1] = _UK_FEMININE.get(counted[-1], counted[-1])
            stems = [*counted, _uk_thousand_word(count)]
        else:
            stems = [*counted, "num-1000"]
        if rest:
            stems += _under_thousand(rest)
    return stems if lang == "uk" else [f"en-{stem}" for stem in stems]


def letter_segment(letter: str, lang: str = "uk") -> str:
    """The segment that says one prefix letter (any Ukrainian letter, either case)."""
    _check_lang(lang)
    if len(letter) != 1:
        raise ValueError(f"expected one letter, got {letter!r}")
    upper = letter.upper()
    cyrillic = _LATIN_LOOKALIKES.get(upper, upper)
    if cyrillic not in _LETTERS:
        raise ValueError(
            f"unknown letter {letter!r} in a ticket prefix: "
            f"expected a Ukrainian letter ({UKRAINIAN_CAPITALS})"
        )
    key = _LETTERS[cyrillic][0]
    return f"letter-{key}" if lang == "uk" else f"en-letter-{key}"


def _parse_ticket(number: str) -> tuple[str, int]:
    if not isinstance(number, str):
        raise ValueError(f"a ticket number must be text like 'П-012', not {number!r}")
    prefix, dash, digits = number.strip().rpartition("-")
    if not dash:
        raise ValueError(f"ticket number {number!r} has no dash: expected a form like 'П-012'")
    if not prefix:
        raise ValueError(f"ticket number {number!r} has no letter before the dash")
    if not digits or any(c not in "0123456789" for c in digits):
        raise ValueError(f"ticket number {number!r} must end in digits after the dash")
    return prefix, int(digits)


def announcement(
    number: str, counter_number: int, lang: str = "uk", *, chime: bool = True
) -> list[str]:
    """The segments that call ticket ``number`` (e.g. ``"П-012"``) to window ``counter_number``."""
    _check_lang(lang)
    prefix, seq = _parse_ticket(number)
    if isinstance(counter_number, bool) or not isinstance(counter_number, int):
        raise ValueError(f"a window number must be an integer, not {counter_number!r}")
    if counter_number < 0:
        raise ValueError(f"a window number cannot be negative: {counter_number}")
    letters = [letter_segment(letter, lang) for letter in prefix]
    en = lang == "en"
    return [
        *([CHIME] if chime else []),
        "en-ticket" if en else "talon",
        *letters,
        *number_segments(seq, lang),
        "en-go-to-window" if en else "go-to-window",
        *number_segments(counter_number, lang),
    ]


def bilingual_announcement(number: str, counter_number: int) -> list[str]:
    """One chime, the call in Ukrainian, then the same call in English."""
    return [
        *announcement(number, counter_number, "uk"),
        *announcement(number, counter_number, "en", chime=False),
    ]


def office_announcement(message: str) -> dict[str, list[str]]:
    """An office-wide message ("air-raid" or "all-clear") in Ukrainian, English and both."""
    if message not in _OFFICE_MESSAGES:
        raise ValueError(f"unknown office message {message!r}")
    return {
        "uk": [CHIME, message],
        "en": [CHIME, f"en-{message}"],
        "both": [CHIME, message, f"en-{message}"],
    }


def segment_language(segment: str) -> str | None:
    """The language a segment is spoken in, or None for the chime; ValueError if unknown."""
    if segment == CHIME:
        return None
    for lang in LANGUAGES:
        if segment in ALL_SEGMENTS[lang]:
            return lang
    raise ValueError(f"unknown announcement segment {segment!r}")


def sound_file(segment: str) -> str:
    """The segment's file relative to the sound library: ``chime.ogg``, ``uk/num-12.ogg``."""
    lang = segment_language(segment)
    return f"{segment}.ogg" if lang is None else f"{lang}/{segment}.ogg"


def transcript(segments: Iterable[str]) -> str:
    """The words the segments say, joined by spaces (the chime says nothing)."""
    words: list[str] = []
    for segment in segments:
        lang = segment_language(segment)
        if lang is not None:
            words.append(ALL_SEGMENTS[lang][segment])
    return " ".join(words)

"""Spoken calls: which recorded segments a hall display plays, in which order."""

from __future__ import annotations

import re

import pytest

from queue_server.domain.announcements import (
    ALL_SEGMENTS,
    CHIME,
    UKRAINIAN_CAPITALS,
    announcement,
    bilingual_announcement,
    letter_segment,
    number_segments,
    office_announcement,
    segment_language,
    sound_file,
    transcript,
)

# Written out by hand, independently of the module's word tables.
UK_NUMBERS = {
    0: "нуль",
    1: "один",
    2: "два",
    5: "п'ять",
    10: "десять",
    11: "одинадцять",
    12: "дванадцять",
    19: "дев'ятнадцять",
    20: "двадцять",
    21: "двадцять один",
    40: "сорок",
    90: "дев'яносто",
    99: "дев'яносто дев'ять",
    100: "сто",
    101: "сто один",
    110: "сто десять",
    115: "сто п'ятнадцять",
    200: "двісті",
    305: "триста п'ять",
    345: "триста сорок п'ять",
    480: "чотириста вісімдесят",
    517: "п'ятсот сімнадцять",
    666: "шістсот шістдесят шість",
    730: "сімсот тридцять",
    874: "вісімсот сімдесят чотири",
    999: "дев'ятсот дев'яносто дев'ять",
    1000: "одна тисяча",
    1001: "одна тисяча один",
    1234: "одна тисяча двісті тридцять чотири",
    2000: "дві тисячі",
    2002: "дві тисячі два",
    3500: "три тисячі п'ятсот",
    5000: "п'ять тисяч",
    11000: "одинадцять тисяч",
    12000: "дванадцять тисяч",
    21000: "двадцять одна тисяча",
    22000: "двадцять дві тисячі",
    25000: "двадцять п'ять тисяч",
    101000: "сто одна тисяча",
    112000: "сто дванадцять тисяч",
    999999: "дев'ятсот дев'яносто дев'ять тисяч дев'ятсот дев'яносто дев'ять",
    1000000: "один нуль нуль нуль нуль нуль нуль",
}

EN_NUMBERS = {
    0: "zero",
    1: "one",
    12: "twelve",
    19: "nineteen",
    21: "twenty one",
    40: "forty",
    99: "ninety nine",
    100: "one hundred",
    110: "one hundred ten",
    345: "three hundred forty five",
    999: "nine hundred ninety nine",
    1000: "one thousand",
    1234: "one thousand two hundred thirty four",
    21000: "twenty one thousand",
    1000000: "one zero zero zero zero zero zero",
}

UK_LETTER_NAMES = {
    "А": "а",
    "Б": "бе",
    "В": "ве",
    "Г": "ге",
    "Ґ": "ґе",
    "Д": "де",
    "Е": "е",
    "Є": "є",
    "Ж": "же",
    "З": "зе",
    "И": "и",
    "І": "і",
    "Ї": "ї",
    "Й": "йот",
    "К": "ка",
    "Л": "ел",
    "М": "ем",
    "Н": "ен",
    "О": "о",
    "П": "пе",
    "Р": "ер",
    "С": "ес",
    "Т": "те",
    "У": "у",
    "Ф": "еф",
    "Х": "ха",
    "Ц": "це",
    "Ч": "че",
    "Ш": "ша",
    "Щ": "ща",
    "Ь": "м'який знак",
    "Ю": "ю",
    "Я": "я",
}

EN_LETTER_NAMES = {"П": "P", "Б": "B", "Г": "H", "Ж": "Zh", "Ц": "Ts", "Щ": "Shch", "Я": "Ya"}


def _value(segment: str) -> int:
    """The value a plain number segment stands for: num-300 → 300, en-num-5 → 5."""
    match = re.fullmatch(r"(?:en-)?num-(\d+)", segment)
    assert match, segment
    return int(match.group(1))


def test_a_call_is_chime_ticket_letter_number_window() -> None:
    segments = announcement("П-012", 3)
    assert segments == ["chime", "talon", "letter-p", "num-12", "go-to-window", "num-3"]
    assert transcript(segments) == "Талон пе дванадцять підійдіть до вікна номер три"


def test_the_english_call_says_the_same_with_english_segments() -> None:
    segments = announcement("П-012", 3, "en")
    assert segments == [
        "chime",
        "en-ticket",
        "en-letter-p",
        "en-num-12",
        "en-go-to-window",
        "en-num-3",
    ]
    assert transcript(segments) == "Ticket P twelve please go to window three"


def test_a_bilingual_call_rings_the_chime_once() -> None:
    segments = bilingual_announcement("Б-305", 14)
    assert segments.count(CHIME) == 1
    assert segments[0] == CHIME
    assert transcript(segments) == (
        "Талон бе триста п'ять підійдіть до вікна номер чотирнадцять "
        "Ticket B three hundred five please go to window fourteen"
    )


def test_the_chime_can_be_left_out() -> None:
    assert announcement("П-012", 3, chime=False)[0] == "talon"


@pytest.mark.parametrize(("n", "words"), sorted(UK_NUMBERS.items()))
def test_numbers_are_read_the_way_a_ukrainian_speaker_reads_them(n: int, words: str) -> None:
    assert transcript(number_segments(n)) == words


@pytest.mark.parametrize(("n", "words"), sorted(EN_NUMBERS.items()))
def test_numbers_are_read_in_english_the_same_way(n: int, words: str) -> None:
    assert transcript(number_segments(n, "en")) == words


def test_leading_zeros_are_dropped() -> None:
    assert announcement("П-012", 1)[3:4] == ["num-12"]
    assert announcement("П-000", 1)[3:4] == ["num-0"]
    assert announcement("П-005", 1)[3:4] == ["num-5"]
    assert announcement("П-345", 1)[3:6] == ["num-300", "num-40", "num-5"]


def test_every_number_below_a_thousand_is_at_most_three_known_segments_adding_up() -> None:
    for n in range(1000):
        uk = number_segments(n)
        en = number_segments(n, "en")
        assert 1 <= len(uk) <= 3, n
        assert all(s in ALL_SEGMENTS["uk"] for s in uk), n
        assert all(s in ALL_SEGMENTS["en"] for s in en), n
        assert en == [f"en-{s}" for s in uk], n
        values = [_value(s) for s in uk]
        assert sum(values) == n, n
        assert values == sorted(values, reverse=True), n  # hundreds, tens, units
        assert n == 0 or "num-0" not in uk, n  # "нуль" is said only for zero itself


def test_numbers_from_a_thousand_on_are_the_count_then_thousand_then_the_rest() -> None:
    for n in [*range(1000, 3100), 10_000, 21_345, 99_999, 123_456, 999_999]:
        uk = number_segments(n)
        en = number_segments(n, "en")
        assert all(s in ALL_SEGMENTS["uk"] for s in uk), n
        assert all(s in ALL_SEGMENTS["en"] for s in en), n
        thousand = en.index("en-num-1000")
        count = sum(_value(s) for s in en[:thousand])
        rest = sum(_value(s) for s in en[thousand + 1 :])
        assert (count, rest) == divmod(n, 1000), n


def test_ukrainian_thousands_agree_with_their_count() -> None:
    assert number_segments(1000) == ["num-1-fem", "num-1000"]
    assert number_segments(4000) == ["num-4", "num-1000-few"]
    assert number_segments(14000) == ["num-14", "num-1000-many"]
    assert number_segments(31000) == ["num-30", "num-1-fem", "num-1000"]
    assert number_segments(32000)[-1] == "num-1000-few"
    assert number_segments(111000)[-1] == "num-1000-many"


@pytest.mark.parametrize("letter", list(UKRAINIAN_CAPITALS))
def test_every_ukrainian_capital_letter_can_be_a_prefix(letter: str) -> None:
    uk = announcement(f"{letter}-007", 2)
    en = announcement(f"{letter}-007", 2, "en")
    assert transcript(uk) == f"Талон {UK_LETTER_NAMES[letter]} сім підійдіть до вікна номер два"
    assert en[2] == letter_segment(letter, "en")
    assert en[2] in ALL_SEGMENTS["en"]


def test_the_alphabet_has_thirty_three_letters_each_with_its_own_segments() -> None:
    assert len(UKRAINIAN_CAPITALS) == 33
    assert set(UKRAINIAN_CAPITALS) == set(UK_LETTER_NAMES)
    assert len({letter_segment(c) for c in UKRAINIAN_CAPITALS}) == 33
    assert len({letter_segment(c, "en") for c in UKRAINIAN_CAPITALS}) == 33


@pytest.mark.parametrize(("letter", "name"), sorted(EN_LETTER_NAMES.items()))
def test_english_says_the_latin_transliteration(letter: str, name: str) -> None:
    assert transcript([letter_segment(letter, "en")]) == name


def test_a_prefix_of_several_letters_is_spelled() -> None:
    assert announcement("ПБ-001", 5)[2:4] == ["letter-p", "letter-b"]


def test_lower_case_and_latin_lookalikes_read_as_the_letter_shown() -> None:
    assert letter_segment("п") == "letter-p"
    assert letter_segment("ґ") == "letter-g"
    assert letter_segment("P") == "letter-r"  # a Latin P looks like the Cyrillic Р (ер)
    assert letter_segment("A") == "letter-a"
    assert letter_segment("B") == "letter-v"


@pytest.mark.parametrize("window", range(1, 100))
def test_every_window_from_1_to_99_is_read_with_the_number_segments(window: int) -> None:
    segments = announcement("П-001", window)
    assert segments[segments.index("go-to-window") + 1 :] == number_segments(window)
    en = announcement("П-001", window, "en")
    assert en[en.index("en-go-to-window") + 1 :] == number_segments(window, "en")


def test_window_numbers_read_like_ticket_numbers() -> None:
    assert transcript(announcement("А-001", 21)).endswith("вікна номер двадцять один")
    assert transcript(announcement("А-001", 40, "en")).endswith("window forty")
    assert transcript(announcement("А-001", 105)).endswith("номер сто п'ять")


def test_every_segment_is_used_by_some_call_or_office_message() -> None:
    used = {CHIME}
    for n in [*range(3000), 5000, 22_000, 1_000_000]:
        used.update(number_segments(n), number_segments(n, "en"))
    for letter in UKRAINIAN_CAPITALS:
        used.update(announcement(f"{letter}-1", 1), announcement(f"{letter}-1", 1, "en"))
    for message in ("air-raid", "all-clear"):
        used.update(office_announcement(message)["both"])
    assert used == {CHIME} | set(ALL_SEGMENTS["uk"]) | set(ALL_SEGMENTS["en"])


def test_the_air_raid_message_opens_with_the_chime_in_each_language() -> None:
    spoken = office_announcement("air-raid")
    assert spoken["uk"] == [CHIME, "air-raid"]
    assert spoken["en"] == [CHIME, "en-air-raid"]
    assert "укриття" in transcript(spoken["uk"])
    with pytest.raises(ValueError):
        office_announcement("fire")


def test_segment_names_make_safe_file_names_and_never_clash() -> None:
    uk, en = set(ALL_SEGMENTS["uk"]), set(ALL_SEGMENTS["en"])
    assert not uk & en
    assert CHIME not in uk | en
    for name in uk | en:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", name), name
    assert all(name.startswith("en-") for name in en)
    assert not any(name.startswith("en-") for name in uk)
    assert all(text.strip() for texts in ALL_SEGMENTS.values() for text in texts.values())


def test_each_segment_has_a_file_in_its_language_folder() -> None:
    assert sound_file("chime") == "chime.ogg"
    assert sound_file("num-12") == "uk/num-12.ogg"
    assert sound_file("en-num-12") == "en/en-num-12.ogg"
    assert segment_language("talon") == "uk"
    assert segment_language(CHIME) is None


@pytest.mark.parametrize(
    ("number", "message"),
    [
        ("П012", "no dash"),
        ("-012", "no letter"),
        ("П-", "digits"),
        ("П-12а", "digits"),
        ("П- 12", "digits"),
        ("Ы-012", "unknown letter"),
        ("Q-012", "unknown letter"),
        ("1-012", "unknown letter"),
    ],
)
def test_a_malformed_ticket_number_is_refused_with_a_clear_message(
    number: str, message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        announcement(number, 1)


def test_a_negative_window_is_refused() -> None:
    with pytest.raises(ValueError, match="negative"):
        announcement("П-012", -1)


def test_an_unknown_language_or_segment_is_refused() -> None:
    with pytest.raises(ValueError, match="language"):
        announcement("П-012", 1, "de")
    with pytest.raises(ValueError, match="unknown announcement segment"):
        sound_file("num-12345")
    with pytest.raises(ValueError, match="negative"):
        number_segments(-5)

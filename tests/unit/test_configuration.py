"""The rules of a configuration change, without I/O."""

from __future__ import annotations

import pytest

from queue_server.domain import configuration as rules
from queue_server.domain.announcements import announcement
from queue_server.domain.errors import InvalidInput


class TestPrefixes:
    @pytest.mark.parametrize(
        ("typed", "stored"),
        [("п", "П"), (" ВП ", "ВП"), ("P", "Р"), ("ap", "АР"), ("Їжа", "ЇЖА"), ("y", "У")],
    )
    def test_are_stored_in_cyrillic_capitals(self, typed: str, stored: str) -> None:
        assert rules.normalize_prefix(typed) == stored

    @pytest.mark.parametrize("typed", ["", " ", "1", "П1", "Q", "ABCDE", "ЄЄЄЄЄ", "П-", "Ы"])
    def test_must_be_one_to_four_letters_the_screens_speak(self, typed: str) -> None:
        with pytest.raises(InvalidInput) as caught:
            rules.normalize_prefix(typed)
        assert "1 to 4 Ukrainian letters" in caught.value.message("en")

    def test_every_stored_prefix_can_be_announced(self) -> None:
        assert announcement(f"{rules.normalize_prefix('kp')}-001", 3)[2:4] == [
            "letter-k",
            "letter-r",
        ]


class TestOtherRules:
    def test_codes_are_lower_case_latin(self) -> None:
        field = rules.Field("код", "code")
        assert rules.normalize_code(" Driver-Licence ", field) == "driver-licence"
        for bad in ("", "з-кодом", "a b", "-x", "a\nb"):
            with pytest.raises(InvalidInput):
                rules.normalize_code(bad, field)

    def test_time_zones_are_iana_names(self) -> None:
        rules.check_timezone("Europe/Kyiv")
        for bad in ("", "Kyiv", "Europe/Kiev ", "../etc/passwd"):
            with pytest.raises(InvalidInput, match="unknown time zone"):
                rules.check_timezone(bad)

    def test_ranges_name_the_field_in_both_languages(self) -> None:
        field = rules.Field("номер вікна", "number")
        with pytest.raises(InvalidInput) as caught:
            rules.require_range(0, 1, 999, field, optional=False)
        assert "«номер вікна» має бути від 1 до 999" in caught.value.message("uk")
        assert "number must be from 1 to 999" in caught.value.message("en")
        rules.require_range(None, 1, 9, field, optional=True)

    def test_usernames_and_passwords(self) -> None:
        rules.check_username("olena.p")
        rules.check_username("олена")
        for bad in ("o", "a b", "x" * 65, "ab\n"):
            with pytest.raises(InvalidInput):
                rules.check_username(bad)
        with pytest.raises(InvalidInput, match="at least 8"):
            rules.check_password("1234567")

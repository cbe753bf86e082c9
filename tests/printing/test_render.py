"""Slips render to ESC/POS bytes that decode back to exactly what the visitor should read."""

from __future__ import annotations

import dataclasses
import re
from datetime import UTC, datetime

import pytest

from printers.render import encode_text, render
from printers.slip import ReferralSlip, TicketSlip
from tests.printing.conftest import PHONE_URL
from tests.printing.escpos_decoder import decode

CYRILLIC = re.compile("[а-яА-ЯіїєґІЇЄҐ]")


@pytest.mark.parametrize(
    ("codepage", "table", "estimate_line"),
    [
        ("cp1251", 46, "Очікування: 15–25 хв"),
        # PC866 lacks "і" and the en dash: Latin "i" and a hyphen are printed instead.
        ("cp866", 17, "Оч\N{LATIN SMALL LETTER I}кування: 15-25 хв"),
        ("cp1125", 44, "Очікування: 15-25 хв"),
    ],
)
def test_ukrainian_slip_text_comes_out_exactly(
    slip: TicketSlip, codepage: str, table: int, estimate_line: str
) -> None:
    job = decode(render(slip, codepage=codepage))
    assert job.code_pages == [table]
    for expected in [
        "ЦНАП Київ",
        "Ваш талон",
        "П-012",
        "Паспорт громадянина",
        "Час: 10:15, 10.03.2025",
        "Перед вами: 3",
        "Дякуємо!",
    ]:
        assert expected in job.lines
    assert estimate_line in job.lines


def test_ticket_number_is_large_and_centred(slip: TicketSlip) -> None:
    job = decode(render(slip))
    number = next(line for line in job.styled if line.text == "П-012")
    assert number.size >= 2
    assert number.align == 1
    assert number.bold


def test_time_is_shown_in_office_timezone_in_summer(slip: TicketSlip) -> None:
    summer = dataclasses.replace(slip, issued_at=datetime(2025, 7, 1, 21, 5, tzinfo=UTC))
    assert "Час: 00:05, 02.07.2025" in decode(render(summer)).lines


def test_cp866_substitutes_ukrainian_i_it_lacks() -> None:
    assert encode_text("Київ і Ґ", "cp866").decode("cp866") == "Київ i Г"
    assert encode_text("Київ і Ґ", "cp1251").decode("cp1251") == "Київ і Ґ"


def test_english_slip_keeps_ukrainian_first_and_adds_english_labels(slip: TicketSlip) -> None:
    lines = decode(render(dataclasses.replace(slip, language="en"))).lines
    assert "Перед вами / People ahead: 3" in lines
    assert "Ваш талон / Your ticket" in lines
    assert "Час / Time: 10:15, 10.03.2025" in lines


def test_priority_note_is_printed_in_bold(slip: TicketSlip) -> None:
    note = "Позачергово — документ перевірять у вікні"
    job = decode(render(dataclasses.replace(slip, priority_note=note)))
    line = next(line for line in job.styled if line.text == note)
    assert line.bold


def test_no_estimate_line_when_unknown(slip: TicketSlip) -> None:
    lines = decode(render(dataclasses.replace(slip, wait_estimate=None))).lines
    assert not any(line.startswith("Очікування") for line in lines)


def test_qr_payload_is_the_phone_url(slip: TicketSlip) -> None:
    assert decode(render(slip)).qr_payloads == [PHONE_URL]


@pytest.mark.parametrize("cut", ["full", "partial"])
def test_job_ends_with_a_cut(slip: TicketSlip, cut: str) -> None:
    job = decode(render(slip, cut=cut))  # type: ignore[arg-type]
    assert job.ends_with_cut
    assert job.cuts == 1
    assert job.unknown == []


def test_long_lines_wrap_to_width(slip: TicketSlip) -> None:
    long = dataclasses.replace(slip, service_name="Державна реєстрація " * 4)
    lines = decode(render(long, width=32)).lines
    assert all(len(line) <= 32 for line in lines if line != "П-012")


def test_raster_fallback_is_one_image_without_cyrillic_text(slip: TicketSlip) -> None:
    job = decode(render(slip, raster=True))
    assert len(job.images) == 1
    image = job.images[0]
    assert image.width_dots == 576
    assert image.height > 100
    assert image.dark_pixels > 1000
    assert not any(CYRILLIC.search(line) for line in job.lines)
    assert job.code_pages == []
    assert job.qr_payloads == [PHONE_URL]
    assert job.ends_with_cut


def test_raster_width_follows_paper(slip: TicketSlip) -> None:
    assert decode(render(slip, raster=True, dots=384)).images[0].width_dots == 384


def test_custom_table_number_for_clone_printers(slip: TicketSlip) -> None:
    job = decode(render(slip, codepage_table=73))
    assert job.code_pages == [73]
    assert "Перед вами: 3" in job.lines


def test_unknown_code_page_is_rejected(slip: TicketSlip) -> None:
    with pytest.raises(ValueError, match="code page"):
        render(slip, codepage="klingon")
    with pytest.raises(ValueError, match="codepage_table"):
        render(slip, codepage="cp1250")


def test_render_is_pure(slip: TicketSlip) -> None:
    assert render(slip) == render(slip)


def test_referral_lists_provider_address_phone_and_hours(referral: ReferralSlip) -> None:
    job = decode(render(referral))
    assert job.lines[:1] == ["ЦНАП Київ"]
    for expected in [
        "Реєстрація транспортного засобу",
        "Цю послугу надає:",
        "Сервісний центр МВС № 8041",
        "Адреса: вул. Берковецька, 6",
        "Телефон: +380 44 290 19 67",
        "Графік: Пн–Сб 09:00–18:00",
    ]:
        assert expected in job.lines
    assert job.qr_payloads == []
    assert job.ends_with_cut


def test_referral_raster(referral: ReferralSlip) -> None:
    job = decode(render(referral, raster=True))
    assert len(job.images) == 1
    assert not any(CYRILLIC.search(line) for line in job.lines)


def test_slips_have_no_field_for_a_name() -> None:
    for cls in (TicketSlip, ReferralSlip):
        names = {f.name for f in dataclasses.fields(cls)}
        assert not {n for n in names if "name" in n} - {"office_name", "service_name"}
        assert not names & {"visitor", "person", "first_name", "last_name", "full_name"}


def test_slip_rejects_naive_time_and_bad_language(slip: TicketSlip) -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        dataclasses.replace(slip, issued_at=datetime(2025, 3, 10, 10, 15))
    with pytest.raises(ValueError, match="language"):
        dataclasses.replace(slip, language="ru")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="negative"):
        dataclasses.replace(slip, people_ahead=-1)

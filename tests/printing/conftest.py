"""Fixtures for printing tests: sample slips and a fake network printer."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from printers.slip import ReferralSlip, TicketSlip
from tests.printing.fake_printer import FakePrinter

PHONE_URL = "https://cnap.example.ua/t/3f9c2a7e"


@pytest.fixture
def slip() -> TicketSlip:
    # 08:15 UTC on 10 March is 10:15 in Kyiv (EET, UTC+2; summer time starts 30 March).
    return TicketSlip(
        office_name="ЦНАП Київ",
        ticket_number="П-012",
        service_name="Паспорт громадянина",
        issued_at=datetime(2025, 3, 10, 8, 15, tzinfo=UTC),
        timezone="Europe/Kyiv",
        people_ahead=3,
        wait_estimate="15–25 хв",
        qr_url=PHONE_URL,
        footer="Дякуємо!",
    )


@pytest.fixture
def referral() -> ReferralSlip:
    return ReferralSlip(
        office_name="ЦНАП Київ",
        service_name="Реєстрація транспортного засобу",
        provider="Сервісний центр МВС № 8041",
        address="вул. Берковецька, 6",
        phone="+380 44 290 19 67",
        hours="Пн–Сб 09:00–18:00",
    )


@pytest.fixture
def fake_printer() -> Iterator[FakePrinter]:
    with FakePrinter() as printer:
        yield printer

"""The printer gateway: the server's slips rendered and sent with the ``printers`` package.

Drivers block (sockets, USB, files), so every exchange with a printer runs in a worker
thread, never on the event loop and never inside a transaction.
"""

from __future__ import annotations

import asyncio

from printers import render
from printers.drivers import PrinterStatus as DriverStatus
from printers.drivers import deliver, driver_from_url
from printers.slip import Language, ReferralSlip, TicketSlip
from queue_server.domain.errors import InvalidInput
from queue_server.domain.printing import (
    PrinterConfig,
    PrinterStatus,
    SlipText,
    TicketSlipText,
)

FOOTER = "Дякуємо, що завітали!"


class EscposGateway:
    """Renders slips to ESC/POS and talks to printers the server can reach."""

    def check(self, printer: PrinterConfig) -> None:
        try:
            driver_from_url(printer.url)
        except ValueError as exc:
            raise InvalidInput(detail_uk=str(exc), detail_en=str(exc)) from None

    def render(self, printer: PrinterConfig, slip: SlipText) -> bytes:
        return render.render(
            self._slip(slip),
            codepage=printer.codepage,
            codepage_table=printer.codepage_table,
            width=printer.columns,
            dots=printer.dots,
            raster=printer.raster,
        )

    def _slip(self, slip: SlipText) -> TicketSlip | ReferralSlip:
        language: Language = "en" if slip.language == "en" else "uk"
        if isinstance(slip, TicketSlipText):
            return TicketSlip(
                office_name=slip.office_name,
                ticket_number=slip.ticket_number,
                service_name=slip.service_name,
                issued_at=slip.issued_at,
                timezone=slip.timezone,
                people_ahead=slip.people_ahead,
                wait_estimate=slip.wait_estimate,
                qr_url=slip.track_url,
                language=language,
                priority_note=slip.priority_note,
                booking_note=slip.booking_note,
                footer=FOOTER,
            )
        return ReferralSlip(
            office_name=slip.office_name,
            service_name=slip.service_name,
            provider=slip.provider,
            address=slip.address,
            phone=slip.phone,
            hours=slip.hours,
            language=language,
        )

    async def status(self, printer: PrinterConfig) -> PrinterStatus:
        driver = driver_from_url(printer.url)
        status: DriverStatus = await asyncio.to_thread(driver.status)
        return PrinterStatus(status.value)

    async def deliver(self, printer: PrinterConfig, data: bytes) -> tuple[bool, PrinterStatus]:
        driver = driver_from_url(printer.url)
        result = await asyncio.to_thread(deliver, driver, data)
        return result.printed, PrinterStatus(result.status.value)

"""Pure rendering of slips to ESC/POS bytes with python-escpos's ``Dummy`` printer.

Code pages: python-escpos's automatic ("magic") encoding is bypassed. We send ``ESC t n``
ourselves and write ``text.encode(codepage)``, so the bytes never depend on a guess. The
table number ``n`` is printer-specific; the defaults (:data:`CODEPAGE_TABLES`) are the Epson
TM-series numbers, also in python-escpos's default capability profile: 46 = WPC1251,
17 = PC866, 44 = PC1125 (Ukrainian DOS). Many Chinese clones use 73 for 1251: pass
``codepage_table=73``. ``raster=True`` draws the text with Pillow for printers without a
Cyrillic code page.
"""

from __future__ import annotations

import codecs
import textwrap
from dataclasses import dataclass
from datetime import datetime
from typing import Literal
from zoneinfo import ZoneInfo

from escpos.printer import Dummy  # type: ignore[import-untyped]

from printers.raster import draw_lines
from printers.slip import ReferralSlip, TicketSlip, label

CutMode = Literal["full", "partial"]
Align = Literal["left", "center"]

#: ESC t table numbers per Python codec name (Epson TM-series numbering).
CODEPAGE_TABLES: dict[str, int] = {"cp1251": 46, "cp866": 17, "cp1125": 44, "cp437": 0}

#: Substitutes for characters a code page lacks (e.g. PC866 has no "і" or "ґ").
FALLBACK_CHARS: dict[str, str] = {
    "І": "I",
    "і": "i",
    "Ґ": "Г",
    "ґ": "г",
    "–": "-",
    "—": "-",
    "«": '"',
    "»": '"',
    "’": "'",
    "ʼ": "'",
    "№": "N",
}

ESC_T = b"\x1bt"


@dataclass(frozen=True, slots=True)
class Line:
    """One logical line of a slip, before it becomes bytes or pixels."""

    text: str
    align: Align = "left"
    bold: bool = False
    size: int = 1


@dataclass(frozen=True, slots=True)
class Qr:
    """A QR code placed in the slip."""

    payload: str


Block = Line | Qr


def encode_text(text: str, codepage: str) -> bytes:
    """Encode ``text`` in ``codepage``, substituting characters the page lacks."""
    out = bytearray()
    for char in text:
        try:
            out += char.encode(codepage)
        except UnicodeEncodeError:
            out += FALLBACK_CHARS.get(char, "?").encode(codepage, errors="replace")
    return bytes(out)


def format_issued(issued_at: datetime, timezone: str) -> str:
    """Return "HH:MM, DD.MM.YYYY" in the office's timezone."""
    local = issued_at.astimezone(ZoneInfo(timezone))
    return local.strftime("%H:%M, %d.%m.%Y")


def ticket_blocks(slip: TicketSlip) -> list[Block]:
    """Lay out a ticket slip as lines and a QR code."""
    lang = slip.language
    blocks: list[Block] = [
        Line(slip.office_name, "center", bold=True),
        Line(""),
        Line(label("ticket", lang), "center"),
        Line(slip.ticket_number, "center", bold=True, size=3),
        Line(""),
        Line(slip.service_name, "center", bold=True),
        Line(""),
        Line(f"{label('issued', lang)}: {format_issued(slip.issued_at, slip.timezone)}"),
    ]
    if slip.booking_note:
        blocks.append(Line(slip.booking_note, bold=True))
    else:
        blocks.append(Line(f"{label('ahead', lang)}: {slip.people_ahead}"))
        if slip.wait_estimate:
            blocks.append(Line(f"{label('estimate', lang)}: {slip.wait_estimate}"))
    if slip.priority_note:
        blocks += [Line(""), Line(slip.priority_note, bold=True)]
    blocks += [Line(""), Line(label("scan", lang), "center"), Qr(slip.qr_url)]
    if slip.footer:
        blocks.append(Line(slip.footer, "center"))
    return blocks


def referral_blocks(slip: ReferralSlip) -> list[Block]:
    """Lay out a referral slip as lines."""
    lang = slip.language
    blocks: list[Block] = [
        Line(slip.office_name, "center", bold=True),
        Line(""),
        Line(slip.service_name, "center", bold=True),
        Line(""),
        Line(f"{label('referral', lang)}:"),
        Line(slip.provider, bold=True),
        Line(f"{label('address', lang)}: {slip.address}"),
        Line(f"{label('phone', lang)}: {slip.phone}"),
        Line(f"{label('hours', lang)}: {slip.hours}"),
    ]
    if slip.footer:
        blocks += [Line(""), Line(slip.footer, "center")]
    return blocks


def render(
    slip: TicketSlip | ReferralSlip,
    *,
    codepage: str = "cp1251",
    width: int = 42,
    raster: bool = False,
    codepage_table: int | None = None,
    dots: int = 576,
    cut: CutMode = "full",
) -> bytes:
    """Render a ticket or referral slip to ESC/POS bytes (text in a code page, or one
    raster image)."""
    blocks = ticket_blocks(slip) if isinstance(slip, TicketSlip) else referral_blocks(slip)
    return render_blocks(
        blocks,
        codepage=codepage,
        width=width,
        raster=raster,
        codepage_table=codepage_table,
        dots=dots,
        cut=cut,
    )


def render_blocks(
    blocks: list[Block],
    *,
    codepage: str,
    width: int,
    raster: bool,
    codepage_table: int | None,
    dots: int,
    cut: CutMode,
) -> bytes:
    """Turn laid-out blocks into ESC/POS bytes."""
    if width < 16:
        raise ValueError("width must be at least 16 characters")
    printer = _dummy(dots)
    printer.hw("INIT")
    if raster:
        _raster_body(printer, blocks, dots)
    else:
        _text_body(printer, blocks, _resolve_table(codepage, codepage_table), codepage, width)
    printer.cut(mode="PART" if cut == "partial" else "FULL")
    output: bytes = printer.output
    return output


def _resolve_table(codepage: str, table: int | None) -> int:
    try:
        codecs.lookup(codepage)
    except LookupError:
        raise ValueError(f"unknown code page {codepage!r}") from None
    if table is None:
        if codepage not in CODEPAGE_TABLES:
            raise ValueError(
                f"no default ESC t table for {codepage!r}; pass codepage_table "
                f"(known: {sorted(CODEPAGE_TABLES)})"
            )
        table = CODEPAGE_TABLES[codepage]
    if not 0 <= table <= 255:
        raise ValueError("codepage_table must be 0..255")
    return table


def _dummy(dots: int) -> Dummy:
    printer = Dummy()
    # Tell the profile the paper width so image() neither warns nor rejects our raster.
    data = dict(printer.profile.profile_data)
    data["media"] = {"dpi": 203, "width": {"mm": "Unknown", "pixels": dots}}
    printer.profile.profile_data = data
    return printer


def _text_body(printer: Dummy, blocks: list[Block], table: int, codepage: str, width: int) -> None:
    printer._raw(ESC_T + bytes([table]))
    for block in blocks:
        if isinstance(block, Qr):
            printer.set(align="center")
            printer.qr(block.payload, native=True, size=6)
            printer._raw(b"\n")
            continue
        printer.set(align=block.align, bold=block.bold)
        if block.size > 1:
            printer.set(custom_size=True, width=block.size, height=block.size)
        for chunk in textwrap.wrap(block.text, max(width // block.size, 1)) or [""]:
            printer._raw(encode_text(chunk, codepage) + b"\n")
        if block.size > 1:
            printer.set(custom_size=True, width=1, height=1)
    printer.set(align="left", bold=False)


def _raster_body(printer: Dummy, blocks: list[Block], dots: int) -> None:
    lines = [b for b in blocks if isinstance(b, Line)]
    image = draw_lines([(ln.text, ln.align, ln.bold, ln.size) for ln in lines], dots)
    printer.image(image, impl="bitImageRaster", fragment_height=max(image.height, 960))
    for block in blocks:
        if isinstance(block, Qr):
            printer.set(align="center")
            printer.qr(block.payload, native=True, size=6)
            printer._raw(b"\n")

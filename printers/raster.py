"""Draw slip lines into a monochrome Pillow image for printers without a Cyrillic code page."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

#: Cyrillic-capable fonts, first found wins (Debian: fonts-dejavu-core).
FONT_CANDIDATES: dict[bool, tuple[str, ...]] = {
    False: (
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/dejavu/DejaVuSans.ttf",
    ),
    True: (
        "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
        "/usr/share/fonts/dejavu/DejaVuSans-Bold.ttf",
    ),
}
BASE_PX = 26
MARGIN = 8

RasterLine = tuple[str, str, bool, int]


class NoCyrillicFontError(RuntimeError):
    """No TrueType font with Cyrillic glyphs is installed."""


@cache
def _font(bold: bool, px: int) -> ImageFont.FreeTypeFont:
    for candidate in (*FONT_CANDIDATES[bold], *FONT_CANDIDATES[False]):
        if Path(candidate).is_file():
            return ImageFont.truetype(candidate, px)
    raise NoCyrillicFontError(
        "raster printing needs a Cyrillic TrueType font; Pillow's default font has no "
        "Cyrillic glyphs. Install DejaVu Sans (apt-get install fonts-dejavu-core)."
    )


def _wrap(text: str, font: ImageFont.FreeTypeFont, max_px: int) -> list[str]:
    words, lines, current = text.split(), [], ""
    for word in words:
        trial = f"{current} {word}".strip()
        if current and font.getlength(trial) > max_px:
            lines.append(current)
            current = word
        else:
            current = trial
    return [*lines, current] if current else lines or [""]


def draw_lines(lines: Sequence[RasterLine], dots: int) -> Image.Image:
    """Return a 1-bit image ``dots`` wide with the lines drawn black on white."""
    if dots % 8 or dots < 64:
        raise ValueError("dots must be a multiple of 8 and at least 64")
    placed: list[tuple[str, ImageFont.FreeTypeFont, str, int]] = []
    height = MARGIN
    for text, align, bold, size in lines:
        font = _font(bold, BASE_PX * size)
        step = int(BASE_PX * size * 1.3)
        for chunk in _wrap(text, font, dots - 2 * MARGIN):
            placed.append((chunk, font, align, height))
            height += step
    image = Image.new("1", (dots, height + MARGIN), 1)
    draw = ImageDraw.Draw(image)
    for chunk, font, align, top in placed:
        left = MARGIN
        if align == "center":
            left = max(MARGIN, int((dots - font.getlength(chunk)) / 2))
        draw.text((left, top), chunk, font=font, fill=0)
    return image

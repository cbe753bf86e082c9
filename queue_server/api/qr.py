"""QR codes as SVG images: a ticket's phone page, a booking's code."""

from __future__ import annotations

# qrcode ships no type hints (and pyproject belongs to the whole project): typed here instead.
import qrcode  # type: ignore[import-untyped]
from qrcode.image.svg import SvgPathImage  # type: ignore[import-untyped]


def qr_svg(data: str) -> bytes:
    """``data`` as an SVG QR code that scales to any size (it has a viewBox)."""
    # Medium error correction survives a smudged screen photo; a 4-module quiet zone
    # is what phone scanners expect around the code.
    code = qrcode.QRCode(
        error_correction=qrcode.constants.ERROR_CORRECT_M,
        box_size=10,
        border=4,
        image_factory=SvgPathImage,
    )
    code.add_data(data)
    code.make(fit=True)
    image = code.make_image()
    svg: bytes = image.to_string()
    return svg

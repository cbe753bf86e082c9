"""The QR code a visitor scans to follow their ticket on a phone, as an SVG image."""

from __future__ import annotations

import re

# qrcode ships no type hints (and pyproject belongs to the whole project): typed here instead.
import qrcode  # type: ignore[import-untyped]
from qrcode.image.svg import SvgPathImage  # type: ignore[import-untyped]

# The same alphabet and length as the tracking API's path parameter.
TRACK_TOKEN = re.compile(r"^[A-Za-z0-9_-]{8,64}$")


def phone_url(base_url: str, track_token: str) -> str:
    """The phone page of a ticket: ``{base}/t/{track_token}``."""
    return f"{base_url.rstrip('/')}/t/{track_token}"


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

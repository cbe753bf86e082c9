"""The QR code a visitor scans to follow their ticket on a phone, as an SVG image."""

from __future__ import annotations

import re

from queue_server.api.qr import qr_svg

# The same alphabet and length as the tracking API's path parameter.
TRACK_TOKEN = re.compile(r"^[A-Za-z0-9_-]{8,64}$")


def phone_url(base_url: str, track_token: str) -> str:
    """The phone page of a ticket: ``{base}/t/{track_token}``."""
    return f"{base_url.rstrip('/')}/t/{track_token}"


__all__ = ["TRACK_TOKEN", "phone_url", "qr_svg"]

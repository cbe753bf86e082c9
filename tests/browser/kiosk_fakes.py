"""An API refusal routed inside the page, for a screen a test must show (the error screen
for the accessibility check) without first driving the server into that state."""

from __future__ import annotations

from playwright.sync_api import Page


def api_error(page: Page, pattern: str, status: int, code: str, message: str) -> None:
    """Every request to ``pattern`` gets the API's error shape."""
    page.route(
        pattern,
        lambda route: route.fulfill(
            status=status, json={"error": {"code": code, "message": message}}
        ),
    )

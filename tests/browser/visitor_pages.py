"""The visitor's pages in tests: the phone behind a ticket's QR code (``Phone``), the
rating pad at a window (``Pad``), the contexts they run in, axe-core's check, and the
staff's side of a visit (issue, call, rate by API)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import axe_playwright_python
import httpx
from playwright.sync_api import Browser, Locator, Page, Response, expect

from tests.browser.admin_pages import wait_until
from tests.browser.conftest import Server, Staff
from tests.factories import COUNTER_1, MAIN, PASSPORT

AXE_JS = Path(axe_playwright_python.__file__).parent / "axe.min.js"
PHONE_VIEWPORT = {"width": 360, "height": 740}
PAD_VIEWPORT = {"width": 1280, "height": 800}
MIN_PAD_TOUCH_PX = 64  # 15 mm on a 10" tablet

# Chromium's default autoplay policy, which the tests' Chromium turns off.
AUTOPLAY_REFUSED = """
// A phone's browser: no sound before somebody has touched the page.
const Real = window.AudioContext;
window.AudioContext = class extends Real {
  constructor(...args) { super(...args); super.suspend(); }
  resume() {
    return navigator.userActivation.hasBeenActive ? super.resume() : new Promise(() => {});
  }
};
"""


def issue(staff: Staff) -> dict[str, Any]:
    """A passport ticket issued at reception."""
    return staff.post(f"/offices/{MAIN}/tickets", "reception", service_id=PASSPORT)


def call_next(staff: Staff) -> dict[str, Any]:
    """Window 1 (opened on first use) calls the next passport visitor."""
    if not staff.counter_open:
        staff.post(f"/counters/{COUNTER_1}/session", "admin1")
        staff.counter_open = True
    return staff.post(f"/counters/{COUNTER_1}/call-next", "admin1")


def rate_by_api(server: Server, track_token: str, score: int) -> httpx.Response:
    """A rating as the phone page would post it, without the page."""
    return httpx.post(
        f"{server.url}/api/v1/track/{track_token}/rating",
        json={"score": score, "recommend": None, "comment": "", "complaint": False},
        headers={"Accept-Language": "uk"},
    )


@contextmanager
def phone_page(browser: Browser) -> Iterator[Page]:
    """A small touch phone in a fresh profile."""
    context = browser.new_context(
        viewport=PHONE_VIEWPORT, is_mobile=True, has_touch=True, locale="uk-UA"
    )
    try:
        yield context.new_page()
    finally:
        context.close()


@contextmanager
def pad_page(browser: Browser) -> Iterator[Page]:
    """A landscape tablet in a fresh profile."""
    context = browser.new_context(viewport=PAD_VIEWPORT, has_touch=True, locale="uk-UA")
    try:
        yield context.new_page()
    finally:
        context.close()


def serious_violations(page: Page, base: str) -> list[dict[str, Any]]:
    """axe-core's serious and critical findings on the page as it is now."""
    # Served from the page's own origin: its CSP allows same-origin scripts only.
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.route("**/__axe.js", lambda route: route.fulfill(path=AXE_JS))
        page.add_script_tag(url=f"{base}/__axe.js")
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def fill_rating(
    page: Page, score: int, *, recommend: int | None, comment: str, complaint: bool = False
) -> None:
    """Tap a face, then the optional rest, as a visitor would; does not send."""
    form = page.locator("#rating")
    form.locator(f'.face[data-score="{score}"]').tap()
    if recommend is not None:
        form.locator(".nps").nth(recommend).tap()
    if comment:
        form.locator("textarea").fill(comment)
    if complaint:
        form.get_by_label("Хочу подати скаргу").check()


class Phone:
    """The page behind a ticket's QR code."""

    def __init__(self, page: Page, base: str) -> None:
        self.page = page
        self.base = base

    def open(self, track_token: str, query: str = "", *, live: bool = True) -> Response | None:
        response = self.page.goto(f"{self.base}/t/{track_token}{query}")
        if live:
            wait_until(self.page, "Boolean(window.qmsPhone && qmsPhone.connected)", 15)
        return response

    def state(self) -> dict[str, Any]:
        return dict(self.page.evaluate("({...qmsPhone})"))

    @property
    def main(self) -> Locator:
        return self.page.locator("#phone")

    @property
    def position(self) -> Locator:
        return self.page.locator('[data-slot="position"]')

    @property
    def called(self) -> Locator:
        return self.page.locator('[data-when="called"]')

    @property
    def rate_card(self) -> Locator:
        return self.page.locator('[data-slot="rate"]')

    @property
    def thanks(self) -> Locator:
        return self.page.locator('[data-slot="thanks"]')

    @property
    def banner(self) -> Locator:
        return self.page.locator('[data-slot="paused"]')

    def expect_status(self, status: str) -> None:
        expect(self.main).to_have_attribute("data-status", status)

    def fits_the_screen(self) -> bool:
        """No sideways scrolling on a 360 px phone."""
        return bool(self.page.evaluate("document.documentElement.scrollWidth <= innerWidth"))

    def rate(self, score: int, *, recommend: int | None = None, comment: str = "") -> None:
        fill_rating(self.page, score, recommend=recommend, comment=comment)
        self.page.locator("#rating .send").tap()


class Pad:
    """The rating pad at one window."""

    def __init__(self, page: Page, base: str) -> None:
        self.page = page
        self.base = base

    def open(self, counter_id: int, token: str) -> Response | None:
        return self.page.goto(f"{self.base}/rate/{counter_id}?token={token}")

    def state(self) -> dict[str, Any]:
        return dict(self.page.evaluate("({...qmsPad})"))

    @property
    def main(self) -> Locator:
        return self.page.locator("#pad")

    def expect_screen(self, screen: str, timeout: float = 10_000) -> None:
        expect(self.main).to_have_attribute("data-state", screen, timeout=timeout)

    def wait_polls(self, count: int) -> None:
        """Until the pad has asked the server ``count`` more times."""
        done = self.state()["polls"] + count
        # (wait_for_function evaluates with eval(), which the pad's CSP forbids: poll.)
        wait_until(self.page, f"qmsPad.polls >= {int(done)}", 15)

    def face_sizes(self) -> list[tuple[float, float]]:
        boxes = [face.bounding_box() for face in self.page.locator(".face").all()]
        return [(b["width"], b["height"]) for b in boxes if b]

    def rate(self, score: int, *, recommend: int | None = None, comment: str = "") -> None:
        fill_rating(self.page, score, recommend=recommend, comment=comment)
        self.page.locator("#rating .send").tap()

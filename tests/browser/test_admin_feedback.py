"""The manager's feedback page: a complaint rated on the phone reaches the manager, who
cannot hand it to the administrator it is about, hands it to another, who answers it;
the administrator it is about never sees it; the daily digest shows the day's figures."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from playwright.sync_api import expect

from tests.browser.admin_pages import (
    PageFactory,
    admin_server_fixture,  # noqa: F401  (fixtures of the staff UI's tests)
    admin_staff_fixture,  # noqa: F401
    module_staff_fixture,  # noqa: F401
    open_page_fixture,  # noqa: F401
    serious_violations,
    sign_in,
)
from tests.browser.conftest import Staff
from tests.factories import COUNTER_1, MAIN, PASSPORT
from tests.servers import Server


def served_and_rated(staff: Staff, **rating: Any) -> dict[str, Any]:
    """A passport ticket served by admin1 at window 1, then rated on the visitor's phone."""
    ticket = staff.post(f"/offices/{MAIN}/tickets", "reception", service_id=PASSPORT)
    staff.post(f"/counters/{COUNTER_1}/session", "admin1")
    staff.post(f"/counters/{COUNTER_1}/call/{ticket['id']}", "admin1")
    staff.post(f"/tickets/{ticket['id']}/start", "admin1")
    staff.post(f"/tickets/{ticket['id']}/finish", "admin1", outcome="consultation")
    r = staff.client.post(f"/track/{ticket['track_token']}/rating", json=rating)
    assert r.status_code == 201, r.text
    return ticket


def test_a_complaint_reaches_the_manager_and_never_the_administrator_it_is_about(
    admin_server: Server, admin_staff: Staff, open_page: PageFactory
) -> None:
    ticket = served_and_rated(
        admin_staff, score=1, complaint=True, comment="Довго чекали, нагрубили", recommend=2
    )
    page = open_page(bypass_csp=True)  # axe is injected as an inline script
    sign_in(page, admin_server.url, admin_staff, "manager")
    page.goto(f"{admin_server.url}/admin/feedback")
    item = page.locator(".feedback-item").filter(has_text=ticket["number"])
    expect(item).to_contain_text("скарга")
    expect(item).to_contain_text("Довго чекали, нагрубили")
    expect(item).to_contain_text("Адміністратор 1")
    assert serious_violations(page) == []

    # The digest of today (the office's day the rating was given, in Kyiv) counts it.
    issued = datetime.fromisoformat(ticket["issued_at"]).astimezone(ZoneInfo("Europe/Kyiv"))
    page.get_by_label("День").fill(issued.date().isoformat())
    page.get_by_role("button", name="Показати").click()
    expect(page.locator("#digest-figures")).to_contain_text("Скарг")
    expect(page.locator("#digest-admins")).to_contain_text("Адміністратор 1")

    assignee = item.get_by_label("Доручено")
    assignee.select_option(label="Адміністратор 1")
    expect(page.locator("#notice")).to_contain_text("не можна доручити")
    expect(assignee).to_have_value("")  # the refused choice is put back
    assignee.select_option(label="Адміністратор 3")
    expect(page.locator("#notice")).to_contain_text("збережено")
    expect(item).to_contain_text("в роботі")

    admin3 = open_page()
    sign_in(admin3, admin_server.url, admin_staff, "admin3")
    admin3.goto(f"{admin_server.url}/admin/feedback")
    mine = admin3.locator(".feedback-item").filter(has_text=ticket["number"])
    expect(mine).to_contain_text("Довго чекали, нагрубили")
    expect(mine).not_to_contain_text("Адміністратор 1")  # the case, not a name
    mine.get_by_label("Відповідь відвідувачу / що зроблено").fill("Зателефонували, вибачилися")
    mine.get_by_role("button", name="Позначити опрацьованим").click()
    expect(admin3.locator("#notice")).to_contain_text("збережено")

    admin1 = open_page()
    sign_in(admin1, admin_server.url, admin_staff, "admin1")
    admin1.goto(f"{admin_server.url}/admin/feedback")
    admin1.locator("#status-filter").select_option("")  # every status
    expect(admin1.locator("#feedback-empty")).to_be_visible()
    expect(admin1.locator(".feedback-item")).to_have_count(0)

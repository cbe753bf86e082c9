"""Reports over HTTP: the JSON the page shows, the CSV and the XLSX hold the same numbers."""

from __future__ import annotations

import csv
import io
from datetime import date

from openpyxl import load_workbook

from tests.conftest import Api
from tests.factories import COUNTER_1, MAIN, PASSPORT, RESIDENCE

V1 = "/api/v1"
TODAY = date(2026, 11, 23)  # the fake clock's Monday
FORMULA = '=HYPERLINK("http://evil")'


async def _day(api: Api) -> None:
    """Three tickets: one served, one refused (a reason that looks like a formula), one waiting."""
    c, clock = api.client, api.stack.clock
    desk, a1 = await api.as_("reception"), await api.as_("admin1")
    await c.post(f"{V1}/counters/{COUNTER_1}/session", headers=a1)
    ids = []
    for service in (PASSPORT, PASSPORT, RESIDENCE):
        r = await c.post(f"{V1}/offices/{MAIN}/tickets", json={"service_id": service}, headers=desk)
        ids.append(r.json()["id"])
    for tid, outcome, note in ((ids[0], "consultation", ""), (ids[1], "refused", FORMULA)):
        clock.advance(minutes=6)
        r = await c.post(f"{V1}/counters/{COUNTER_1}/call/{tid}", headers=a1)
        assert r.status_code == 200, r.text
        await c.post(f"{V1}/tickets/{tid}/start", headers=a1)
        clock.advance(minutes=4)
        r = await c.post(
            f"{V1}/tickets/{tid}/finish", json={"outcome": outcome, "note": note}, headers=a1
        )
        assert r.status_code == 200, r.text


async def test_the_page_json_the_csv_and_the_xlsx_show_the_same_numbers(api: Api) -> None:
    await _day(api)
    manager = await api.as_("manager")
    query = f"period=day&day={TODAY}&office_id={MAIN}&group_by=service"
    r = await api.client.get(f"{V1}/reports?{query}", headers=manager)
    assert r.status_code == 200, r.text
    report = r.json()
    total = report["total"]
    assert (total["visitors"], total["served"], total["in_progress"]) == (3, 2, 1)
    assert (total["wait_avg"], total["service_avg"]) == (11.0, 4.0)  # waits 6 and 16 minutes
    assert total["refusals"] == [{"reason": FORMULA, "count": 1}]
    assert [g["label_uk"] for g in report["groups"]] == ["Послуга passport", "Послуга residence"]

    r = await api.client.get(f"{V1}/reports.csv?{query}&lang=uk", headers=manager)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    assert "attachment" in r.headers["content-disposition"]
    assert r.content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Послуга", "Відвідувачі", "Обслуговано"]
    assert [row[0] for row in rows[1:]] == ["Послуга passport", "Послуга residence", "Усього"]
    header = rows[0]
    as_json = {g["label_uk"]: g["figures"] for g in report["groups"]} | {"Усього": total}
    for row in rows[1:]:
        figures = as_json[row[0]]
        assert row[header.index("Відвідувачі")] == str(figures["visitors"])
        assert row[header.index("Очікування, середнє, хв")] == str(figures["wait_avg"] or "")
        assert row[header.index("Відмова")] == str(figures["outcomes"].get("refused", 0))

    r = await api.client.get(f"{V1}/reports.xlsx?{query}&lang=en", headers=manager)
    assert r.status_code == 200
    book = load_workbook(io.BytesIO(r.content))
    assert book.sheetnames == ["Report", "By day", "Load", "Heatmap", "Refusals", "Appointments"]
    sheet = book["Report"]
    table = [list(row) for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert table[0][:3] == ["Service", "Visitors", "Served"]
    assert table[-1][:3] == ["Total", 3, 2]
    assert table[-1][table[0].index("Wait, average, min")] == 11.0
    # A refusal reason that looks like a formula stays text in the spreadsheet.
    refusal = book["Refusals"]["A2"].value
    assert refusal == "'" + FORMULA and book["Refusals"]["A2"].data_type == "s"


async def test_bad_periods_are_refused_with_a_message(api: Api) -> None:
    manager = await api.as_("manager")
    r = await api.client.get(f"{V1}/reports?period=custom&day=2026-11-10", headers=manager)
    assert r.status_code == 422 and "кінець періоду" in r.json()["error"]["message"]
    r = await api.client.get(
        f"{V1}/reports?period=custom&day=2024-01-01&last=2026-01-01",
        headers=manager | {"Accept-Language": "en"},
    )
    assert r.status_code == 422 and "shorter" in r.json()["error"]["message"]
    r = await api.client.get(f"{V1}/reports?period=fortnight", headers=manager)
    assert r.status_code == 422


async def test_only_managers_read_reports(api: Api) -> None:
    for who in ("reception", "admin1"):
        r = await api.client.get(f"{V1}/reports", headers=await api.as_(who))
        assert r.status_code == 403
    assert (await api.client.get(f"{V1}/reports.xlsx")).status_code == 401

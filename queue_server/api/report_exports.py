"""A report as CSV (UTF-8 with BOM, so spreadsheet programs read Ukrainian) and as XLSX.

Both are built from :class:`ReportOut`, the JSON the report page shows, so the page and
the files cannot disagree. Text that people typed (service names, refusal reasons) is
neutralised when a spreadsheet would take it for a formula.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from openpyxl import Workbook
from openpyxl.styles import Font

from queue_server.api.report_schemas import FiguresOut, ReportOut

BOM = "\ufeff"

#: The figure columns of every table: (field, Ukrainian header, English header).
COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("visitors", "Відвідувачі", "Visitors"),
    ("served", "Обслуговано", "Served"),
    ("no_shows", "Неявки", "No-shows"),
    ("cancelled", "Скасовано", "Cancelled"),
    ("expired", "Закрито наприкінці дня", "Expired"),
    ("in_progress", "Ще в черзі", "In progress"),
    ("redirects", "Перенаправлення", "Redirects"),
    ("wait_avg", "Очікування, середнє, хв", "Wait, average, min"),
    ("wait_median", "Очікування, медіана, хв", "Wait, median, min"),
    ("wait_p90", "Очікування, 90-й перцентиль, хв", "Wait, 90th percentile, min"),
    ("service_avg", "Обслуговування, середнє, хв", "Service, average, min"),
    ("service_p90", "Обслуговування, 90-й перцентиль, хв", "Service, 90th percentile, min"),
    ("within_target_pct", "У межах цільового очікування, %", "Within the target wait, %"),
    ("ratings", "Оцінок", "Ratings"),
    ("rating_avg", "Середня оцінка", "Average rating"),
    ("loyalty", "Індекс лояльності", "Loyalty index"),
)
OUTCOMES: tuple[tuple[str, str, str], ...] = (
    ("consultation", "Консультація", "Consultation"),
    ("documents_accepted", "Прийнято документи", "Documents accepted"),
    ("result_issued", "Видано результат", "Result issued"),
    ("refused", "Відмова", "Refused"),
    ("redirected_elsewhere", "Перенаправлено до іншого органу", "Redirected elsewhere"),
    ("other", "Інше", "Other"),
)
GROUP_HEADERS = {
    "office": ("ЦНАП", "Office"),
    "service": ("Послуга", "Service"),
    "operator": ("Адміністратор", "Administrator"),
    "day": ("День", "Day"),
    "hour": ("Година", "Hour"),
    "weekday": ("День тижня", "Weekday"),
}
WEEKDAYS = {
    "uk": ("Пн", "Вт", "Ср", "Чт", "Пт", "Сб", "Нд"),
    "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
}
Cell = str | int | float | None


BOOKING_ROWS = (
    ("Записів", "Bookings"),
    ("Прийшли вчасно", "Arrived in time"),
    ("Запізнилися (жива черга)", "Late (live queue)"),
    ("Не прийшли", "No-shows"),
    ("Скасовано", "Cancelled"),
    ("Ще очікуються", "Still expected"),
    ("Неявки, %", "No-shows, %"),
)


def safe_text(text: str) -> str:
    """Typed text as a spreadsheet shows it, never as a formula it would run."""
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _pick(lang: str, uk: str, en: str) -> str:
    return en if lang == "en" else uk


def _figures(f: FiguresOut) -> list[Cell]:
    values = f.model_dump()
    return [values[name] for name, _, _ in COLUMNS] + [f.outcomes.get(o, 0) for o, _, _ in OUTCOMES]


def breakdown(report: ReportOut, lang: str) -> Iterator[list[Cell]]:
    """The breakdown table: a header, one row per group, and the total."""
    yield [
        _pick(lang, *GROUP_HEADERS[report.group_by]),
        *(_pick(lang, uk, en) for _, uk, en in COLUMNS),
        *(_pick(lang, uk, en) for _, uk, en in OUTCOMES),
    ]
    for group in report.groups:
        yield [safe_text(_pick(lang, group.label_uk, group.label_en)), *_figures(group.figures)]
    yield [_pick(lang, "Усього", "Total"), *_figures(report.total)]


def title(report: ReportOut, lang: str) -> str:
    offices = ", ".join(_pick(lang, o.name_uk, o.name_en) for o in report.offices)
    p = report.period
    return f"{safe_text(offices)}: {p.first.isoformat()} — {p.last.isoformat()}"


def to_csv(report: ReportOut, lang: str) -> bytes:
    """The breakdown table as CSV, with a BOM so spreadsheet programs read it as UTF-8."""
    out = io.StringIO()
    out.write(BOM)
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerows(breakdown(report, lang))
    return out.getvalue().encode("utf-8")


def to_xlsx(report: ReportOut, lang: str) -> bytes:
    """The report as a workbook: the breakdown, days, load by time of day, refusals,
    appointments."""
    book = Workbook()
    bold = Font(bold=True)
    sheet = book.active
    assert sheet is not None
    sheet.title = _pick(lang, "Звіт", "Report")
    sheet.append([title(report, lang)])
    sheet["A1"].font = bold
    for row in breakdown(report, lang):
        sheet.append(row)
    for cell in sheet[2]:
        cell.font = bold
    sheet.column_dimensions["A"].width = 40

    days = book.create_sheet(_pick(lang, "По днях", "By day"))
    days.append([_pick(lang, "День", "Day"), *(_pick(lang, uk, en) for _, uk, en in COLUMNS)])
    for day in report.by_day:
        days.append([day.day.isoformat(), *_figures(day.figures)[: len(COLUMNS)]])

    load = book.create_sheet(_pick(lang, "Навантаження", "Load"))
    load.append([_pick(lang, "Інтервал", "Interval"), _pick(lang, "Талонів", "Tickets")])
    for slot in report.load:
        load.append([slot.slot, slot.tickets])

    heat = book.create_sheet(_pick(lang, "Теплова карта", "Heatmap"))
    heat.append([_pick(lang, "День тижня / година", "Weekday / hour"), *range(24)])
    for name, hours in zip(WEEKDAYS["en" if lang == "en" else "uk"], report.heatmap, strict=True):
        heat.append([name, *hours])

    refusals = book.create_sheet(_pick(lang, "Відмови", "Refusals"))
    refusals.append([_pick(lang, "Причина", "Reason"), _pick(lang, "Кількість", "Count")])
    for refusal in report.total.refusals:
        refusals.append([safe_text(refusal.reason), refusal.count])

    booked = book.create_sheet(_pick(lang, "Попередній запис", "Appointments"))
    booked.append([_pick(lang, "Показник", "Figure"), _pick(lang, "Значення", "Value")])
    b = report.bookings
    values = (b.made, b.arrived, b.late, b.missed, b.cancelled, b.expected, b.no_show_pct)
    for (uk, en), value in zip(BOOKING_ROWS, values, strict=True):
        booked.append([_pick(lang, uk, en), value])

    out = io.BytesIO()
    book.save(out)
    return out.getvalue()

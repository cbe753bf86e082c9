"""Reports for managers: JSON for the report page, CSV and XLSX for the city or hromada."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Response

from queue_server.api.deps import AppDep, PrincipalDep
from queue_server.api.errors import ERROR_RESPONSES
from queue_server.api.report_exports import to_csv, to_xlsx
from queue_server.api.report_schemas import ReportOut
from queue_server.domain.reports import GroupBy, PeriodKind
from queue_server.service.reports import make_report

router = APIRouter(tags=["reports"])
RESPONSES: dict[int | str, dict[str, Any]] = {k: ERROR_RESPONSES[k] for k in (401, 403, 404, 422)}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

PeriodParam = Annotated[
    PeriodKind, Query(description="day, week (Mon–Sun), month, quarter, year or custom")
]
DayParam = Annotated[
    date | None, Query(description="A day inside the period (today by default); custom: its start")
]
LastParam = Annotated[date | None, Query(description="The last day of a custom period")]
OfficeParam = Annotated[
    int | None, Query(ge=1, le=2_147_483_647, description="One office; else all the caller's")
]
GroupParam = Annotated[GroupBy, Query(description="The breakdown")]
LangParam = Annotated[Literal["uk", "en"], Query(description="Language of the file's headers")]


@dataclass
class ReportQuery:
    """What a report covers: the same query for the page's JSON and both files."""

    period: PeriodParam = PeriodKind.MONTH
    day: DayParam = None
    last: LastParam = None
    office_id: OfficeParam = None
    group_by: GroupParam = GroupBy.SERVICE


ReportParams = Annotated[ReportQuery, Depends()]


async def _report(app: AppDep, principal: PrincipalDep, q: ReportQuery) -> ReportOut:
    view = await make_report(
        uow=app.uow,
        principal=principal,
        clock=app.clock,
        kind=q.period,
        day=q.day,
        last=q.last,
        group_by=q.group_by,
        office_id=q.office_id,
    )
    return ReportOut.of(view)


@router.get("/reports", response_model=ReportOut, responses=RESPONSES)
async def report(app: AppDep, principal: PrincipalDep, q: ReportParams) -> ReportOut:
    """Managers: the period's figures in total, by the breakdown, per day and by time of day."""
    return await _report(app, principal, q)


def _download(out: ReportOut, content: bytes, media_type: str, ext: str) -> Response:
    """A report file the browser saves under a name that says which period it holds."""
    p = out.period
    name = f"report-{p.kind}-{p.first.isoformat()}-{p.last.isoformat()}.{ext}"
    return Response(
        content,
        media_type=media_type,
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@router.get(
    "/reports.csv",
    response_class=Response,
    responses=RESPONSES | {200: {"content": {"text/csv": {}}, "description": "The table"}},
)
async def report_csv(
    app: AppDep, principal: PrincipalDep, q: ReportParams, lang: LangParam = "uk"
) -> Response:
    """The breakdown table as CSV (UTF-8 with BOM), the same numbers as the page."""
    out = await _report(app, principal, q)
    return _download(out, to_csv(out, lang), "text/csv; charset=utf-8", "csv")


@router.get(
    "/reports.xlsx",
    response_class=Response,
    responses=RESPONSES | {200: {"content": {XLSX: {}}, "description": "The workbook"}},
)
async def report_xlsx(
    app: AppDep, principal: PrincipalDep, q: ReportParams, lang: LangParam = "uk"
) -> Response:
    """The report as an XLSX workbook: breakdown, days, load, heatmap, refusals."""
    out = await _report(app, principal, q)
    return _download(out, to_xlsx(out, lang), XLSX, "xlsx")

"""Appointments: the public booking API (no login: the code is the key), the kiosk's
check-in, reception's list of the day, and the office's booking settings."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request, Response

from queue_server.api.booking_schemas import (
    BookIn,
    BookingOfficeOut,
    BookingOut,
    BookingRulesIn,
    BookingRulesOut,
    BookingServiceOut,
    CheckInIn,
    CheckInOut,
    DayOut,
    MoveIn,
    SlotOut,
    StaffBookingOut,
)
from queue_server.api.deps import AppDep, Id, PrincipalDep, PublicUrl
from queue_server.api.errors import ERROR_RESPONSES
from queue_server.api.qr import qr_svg
from queue_server.api.throttle import booking_made, by_code
from queue_server.service import booking_desk, bookings, printing

router = APIRouter(tags=["appointments"])
E = ERROR_RESPONSES


def _errors(*codes: int) -> dict[int | str, dict[str, Any]]:
    return {k: E[k] for k in codes}


PUBLIC = _errors(404, 409, 422, 429)
STAFF = _errors(401, 403, 404, 422)
SVG: dict[int | str, dict[str, Any]] = {200: {"content": {"image/svg+xml": {}}}}
CodePath = Annotated[str, Path(min_length=8, max_length=12, pattern=r"^[0-9][0-9 \-]{6,10}[0-9]$")]
NO_STORE = {"Cache-Control": "no-store"}


@router.get("/booking/offices", response_model=list[BookingOfficeOut])
async def booking_offices(app: AppDep) -> list[BookingOfficeOut]:
    """Offices that take appointments (public)."""
    return [BookingOfficeOut.of(o, r) for o, r in await bookings.booking_offices(uow=app.uow)]


@router.get(
    "/booking/offices/{office_id}/services",
    response_model=list[BookingServiceOut],
    responses={404: E[404]},
)
async def booking_services(office_id: Id, app: AppDep) -> list[BookingServiceOut]:
    """The services of an office that can be booked (public)."""
    _office, services = await bookings.bookable_services(uow=app.uow, office_id=office_id)
    return [BookingServiceOut.of(s) for s in services]


@router.get(
    "/booking/offices/{office_id}/services/{service_id}/days",
    response_model=list[DayOut],
    responses=PUBLIC,
)
async def booking_days(office_id: Id, service_id: Id, app: AppDep) -> list[DayOut]:
    """Every day open for booking with its free places (public)."""
    days = await bookings.free_days(
        uow=app.uow, office_id=office_id, service_id=service_id, clock=app.clock
    )
    return [DayOut.of(d) for d in days]


@router.get(
    "/booking/offices/{office_id}/services/{service_id}/slots",
    response_model=list[SlotOut],
    responses=PUBLIC,
)
async def booking_slots(
    office_id: Id,
    service_id: Id,
    app: AppDep,
    day: Annotated[date, Query(description="YYYY-MM-DD, the office's local date")],
) -> list[SlotOut]:
    """The times of a day still ahead, with their free places (public)."""
    slots = await bookings.free_slots(
        uow=app.uow, office_id=office_id, service_id=service_id, day=day, clock=app.clock
    )
    return [SlotOut.of(s) for s in slots]


@router.post(
    "/bookings",
    response_model=BookingOut,
    status_code=201,
    responses=PUBLIC,
)
async def book(body: BookIn, app: AppDep, request: Request, response: Response) -> BookingOut:
    """Book a free time (public); keep the code: it checks you in, cancels or moves.
    One address may book a limited number of times an hour (429 beyond it)."""
    asked = bookings.BookRequest(
        office_id=body.office_id,
        service_id=body.service_id,
        start=body.start,
        phone=body.phone,
        language=body.language,
    )
    view = await booking_made(
        request, lambda: bookings.book(uow=app.uow, request=asked, clock=app.clock)
    )
    response.headers.update(NO_STORE)
    return BookingOut.of(view, app.clock())


@router.get("/bookings/{code}", response_model=BookingOut, responses=PUBLIC)
async def booking(code: CodePath, app: AppDep, request: Request, response: Response) -> BookingOut:
    """A booking by its code (public: whoever holds the code; unknown codes tried from
    one address are limited per hour)."""
    response.headers.update(NO_STORE)
    view = await by_code(request, lambda: bookings.find(uow=app.uow, code=code))
    return BookingOut.of(view, app.clock())


@router.get(
    "/bookings/{code}/qr.svg",
    response_class=Response,
    responses=SVG | PUBLIC,
)
async def booking_qr(code: CodePath, app: AppDep, request: Request) -> Response:
    """The booking's QR code (its 8 digits), to show at the kiosk's scanner."""
    view = await by_code(request, lambda: bookings.find(uow=app.uow, code=code))
    return Response(qr_svg(view.booking.code), media_type="image/svg+xml", headers=NO_STORE)


@router.post("/bookings/{code}/cancel", response_model=BookingOut, responses=PUBLIC)
async def cancel(code: CodePath, app: AppDep, request: Request) -> BookingOut:
    """Cancel by code: the time is free for someone else at once (public)."""
    view = await by_code(request, lambda: bookings.cancel(uow=app.uow, code=code, clock=app.clock))
    return BookingOut.of(view, app.clock())


@router.post("/bookings/{code}/move", response_model=BookingOut, responses=PUBLIC)
async def move(code: CodePath, body: MoveIn, app: AppDep, request: Request) -> BookingOut:
    """Move to another free time of the same service; the code stays (public)."""
    view = await by_code(
        request,
        lambda: bookings.move(uow=app.uow, code=code, start=body.start, clock=app.clock),
    )
    return BookingOut.of(view, app.clock())


@router.post(
    "/offices/{office_id}/check-in",
    response_model=CheckInOut,
    status_code=201,
    responses=_errors(401, 403, 404, 409, 422),
)
async def check_in(
    office_id: Id,
    body: CheckInIn,
    response: Response,
    app: AppDep,
    principal: PrincipalDep,
    base_url: PublicUrl,
) -> CheckInOut:
    """A booked visitor arrives (kiosks, reception): in time, a ticket called at the slot;
    after the grace period, a normal live ticket. The same code again: the same ticket."""
    checked = await booking_desk.check_in(
        uow=app.uow, principal=principal, office_id=office_id, code=body.code, clock=app.clock
    )
    issued = await printing.print_issued(
        uow=app.uow,
        gateway=app.printers,
        principal=principal,
        info=checked.info,
        print_ticket=body.print,
        public_url=base_url,
        clock=app.clock,
    )
    if checked.info.replayed:
        response.status_code = 200
        response.headers["Idempotent-Replayed"] = "true"
    return CheckInOut.checked_in(issued, checked, app.clock())


@router.get("/offices/{office_id}/bookings", response_model=list[StaffBookingOut], responses=STAFF)
async def day_bookings(
    office_id: Id,
    app: AppDep,
    principal: PrincipalDep,
    day: Annotated[date | None, Query(description="YYYY-MM-DD; today by default")] = None,
) -> list[StaffBookingOut]:
    """The office's bookings of a day with their state (staff)."""
    views = await booking_desk.day_bookings(
        uow=app.uow, principal=principal, office_id=office_id, day=day, clock=app.clock
    )
    now = app.clock()
    return [StaffBookingOut.listed(v, now) for v in views]


@router.get("/config/offices/{office_id}/booking", response_model=BookingRulesOut, responses=STAFF)
async def booking_rules(office_id: Id, app: AppDep, principal: PrincipalDep) -> BookingRulesOut:
    """The office's appointment settings (staff)."""
    rules = await booking_desk.booking_rules(uow=app.uow, principal=principal, office_id=office_id)
    return BookingRulesOut.of(rules)


@router.patch(
    "/config/offices/{office_id}/booking", response_model=BookingRulesOut, responses=STAFF
)
async def set_booking_rules(
    office_id: Id, body: BookingRulesIn, app: AppDep, principal: PrincipalDep
) -> BookingRulesOut:
    """Change the office's appointment settings (its managers; admins anywhere)."""
    rules = await booking_desk.set_booking_rules(
        uow=app.uow,
        principal=principal,
        office_id=office_id,
        changes=body.changes(),
        clock=app.clock,
    )
    return BookingRulesOut.of(rules)

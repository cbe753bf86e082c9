"""The manager's configuration API: an office, its hours, spheres, services, windows,
staff and devices, the priority categories, and the log of changes (managers of the
office, deployment admins)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Response

from queue_server.api.config_schemas import (
    CategoryConfigOut,
    CategoryIn,
    CategoryPatch,
    ChangeOut,
    CounterConfigOut,
    CounterIn,
    CounterPatch,
    DeviceConfigOut,
    DevicePatch,
    ExceptionIn,
    ExceptionOut,
    OfficeConfigOut,
    OfficePatch,
    OfficeSettingsOut,
    PriorityConfigOut,
    PriorityIn,
    PriorityPatch,
    ServiceConfigOut,
    ServiceIn,
    ServicePatch,
    SkillsIn,
    UserConfigOut,
    UserIn,
    UserPatch,
    given,
)
from queue_server.api.deps import AppDep, Id, PrincipalDep, TokenDep
from queue_server.api.errors import ERROR_RESPONSES
from queue_server.domain.users import Principal
from queue_server.service import config, config_catalog, config_staff

router = APIRouter(prefix="/config", tags=["configuration"])
Day = Annotated[date, Path(description="A local date: 2026-12-25")]
PriorityCode = Annotated[str, Path(min_length=1, max_length=64, pattern=r"^[a-z0-9_.-]+$")]


def errors(*codes: int) -> dict[int | str, dict[str, Any]]:
    return {code: ERROR_RESPONSES[code] for code in (401, 403, *codes)}


def common(app: AppDep, principal: Principal) -> dict[str, Any]:
    return {"uow": app.uow, "principal": principal, "clock": app.clock}


# --- the office --------------------------------------------------------------------------


@router.get("/offices/{office_id}", response_model=OfficeConfigOut, responses=errors(404))
async def office_config(office_id: Id, app: AppDep, principal: PrincipalDep) -> OfficeConfigOut:
    """Everything configured in the office: hours, spheres, services, windows, staff, devices."""
    found = await config.office_config(uow=app.uow, principal=principal, office_id=office_id)
    return OfficeConfigOut.of(found, app.clock())


@router.patch("/offices/{office_id}", response_model=OfficeSettingsOut, responses=errors(404, 422))
async def update_office(
    office_id: Id, body: OfficePatch, app: AppDep, principal: PrincipalDep
) -> OfficeSettingsOut:
    """Change the office's names, addresses, time zone, weekly hours or information line."""
    settings = await config.update_office(
        **common(app, principal), office_id=office_id, fields=given(body)
    )
    return OfficeSettingsOut.of(settings)


@router.put(
    "/offices/{office_id}/exceptions/{day}",
    response_model=ExceptionOut,
    responses=errors(404, 409, 422),
)
async def put_exception(
    office_id: Id, day: Day, body: ExceptionIn, app: AppDep, principal: PrincipalDep
) -> ExceptionOut:
    """Other hours on one day; no intervals: closed (a holiday)."""
    exception = await config.put_exception(
        **common(app, principal),
        office_id=office_id,
        day=day,
        intervals=body.intervals,
        note_uk=body.note_uk,
        note_en=body.note_en,
    )
    return ExceptionOut.of(exception)


@router.delete("/offices/{office_id}/exceptions/{day}", status_code=204, responses=errors(404))
async def delete_exception(
    office_id: Id, day: Day, app: AppDep, principal: PrincipalDep
) -> Response:
    """The day has the week's hours again."""
    await config.delete_exception(**common(app, principal), office_id=office_id, day=day)
    return Response(status_code=204)


@router.get("/offices/{office_id}/changes", response_model=list[ChangeOut], responses=errors(404))
async def recent_changes(
    office_id: Id,
    app: AppDep,
    principal: PrincipalDep,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> list[ChangeOut]:
    """The latest configuration changes of the office, newest first, with who made them."""
    found = await config.recent_changes(
        uow=app.uow, principal=principal, office_id=office_id, limit=limit
    )
    return [ChangeOut.of(c) for c in found]


# --- spheres and services ------------------------------------------------------------------


@router.post(
    "/offices/{office_id}/categories",
    response_model=CategoryConfigOut,
    status_code=201,
    responses=errors(404, 409, 422),
)
async def create_category(
    office_id: Id, body: CategoryIn, app: AppDep, principal: PrincipalDep
) -> CategoryConfigOut:
    """Add a sphere."""
    category = await config_catalog.create_category(
        **common(app, principal), office_id=office_id, fields=given(body)
    )
    return CategoryConfigOut.of(category)


@router.patch(
    "/categories/{category_id}", response_model=CategoryConfigOut, responses=errors(404, 409, 422)
)
async def update_category(
    category_id: Id, body: CategoryPatch, app: AppDep, principal: PrincipalDep
) -> CategoryConfigOut:
    """Change a sphere."""
    category = await config_catalog.update_category(
        **common(app, principal), category_id=category_id, fields=given(body)
    )
    return CategoryConfigOut.of(category)


@router.delete("/categories/{category_id}", status_code=204, responses=errors(404, 409))
async def delete_category(category_id: Id, app: AppDep, principal: PrincipalDep) -> Response:
    """Delete a sphere without services."""
    await config_catalog.delete_category(**common(app, principal), category_id=category_id)
    return Response(status_code=204)


@router.post(
    "/offices/{office_id}/services",
    response_model=ServiceConfigOut,
    status_code=201,
    responses=errors(404, 409, 422),
)
async def create_service(
    office_id: Id, body: ServiceIn, app: AppDep, principal: PrincipalDep
) -> ServiceConfigOut:
    """Add a service; kiosks show it at once."""
    service = await config_catalog.create_service(
        **common(app, principal), office_id=office_id, fields=body.fields()
    )
    return ServiceConfigOut.of(service)


@router.patch(
    "/services/{service_id}", response_model=ServiceConfigOut, responses=errors(404, 409, 422)
)
async def update_service(
    service_id: Id, body: ServicePatch, app: AppDep, principal: PrincipalDep
) -> ServiceConfigOut:
    """Change a service (card and referral are replaced whole); active=false retires it."""
    service = await config_catalog.update_service(
        **common(app, principal), service_id=service_id, fields=body.fields()
    )
    return ServiceConfigOut.of(service)


# --- windows, staff, devices ---------------------------------------------------------------


@router.post(
    "/offices/{office_id}/counters",
    response_model=CounterConfigOut,
    status_code=201,
    responses=errors(404, 409, 422),
)
async def create_counter(
    office_id: Id, body: CounterIn, app: AppDep, principal: PrincipalDep
) -> CounterConfigOut:
    """Add a window."""
    counter = await config_staff.create_counter(
        **common(app, principal), office_id=office_id, fields=given(body)
    )
    return CounterConfigOut.of(counter)


@router.patch(
    "/counters/{counter_id}", response_model=CounterConfigOut, responses=errors(404, 409, 422)
)
async def update_counter(
    counter_id: Id, body: CounterPatch, app: AppDep, principal: PrincipalDep
) -> CounterConfigOut:
    """Renumber or rename a window, or move it to another zone."""
    counter = await config_staff.update_counter(
        **common(app, principal), counter_id=counter_id, fields=given(body)
    )
    return CounterConfigOut.of(counter)


@router.delete("/counters/{counter_id}", status_code=204, responses=errors(404, 409))
async def delete_counter(counter_id: Id, app: AppDep, principal: PrincipalDep) -> Response:
    """Delete a window nobody has used (a used one is closed, not deleted)."""
    await config_staff.delete_counter(**common(app, principal), counter_id=counter_id)
    return Response(status_code=204)


@router.post(
    "/offices/{office_id}/users",
    response_model=UserConfigOut,
    status_code=201,
    responses=errors(404, 409, 422),
)
async def create_user(
    office_id: Id, body: UserIn, app: AppDep, principal: PrincipalDep
) -> UserConfigOut:
    """Add a member of staff who logs in with this password."""
    user = await config_staff.create_user(
        **common(app, principal),
        hasher=app.hasher,
        office_id=office_id,
        username=body.username,
        display_name=body.display_name,
        password=body.password,
        roles=frozenset(body.roles),
        active=body.active,
    )
    return UserConfigOut.of(user)


@router.patch("/users/{user_id}", response_model=UserConfigOut, responses=errors(404, 409, 422))
async def update_user(
    user_id: Id, body: UserPatch, app: AppDep, principal: PrincipalDep, token: TokenDep
) -> UserConfigOut:
    """Rename, change roles, deactivate or set a password (the last two log them out)."""
    user = await config_staff.update_user(
        **common(app, principal),
        hasher=app.hasher,
        user_id=user_id,
        fields=body.fields(),
        password=body.password,
        current_token=token,
    )
    return UserConfigOut.of(user)


@router.put("/users/{user_id}/skills", response_model=UserConfigOut, responses=errors(404, 422))
async def set_skills(
    user_id: Id, body: SkillsIn, app: AppDep, principal: PrincipalDep
) -> UserConfigOut:
    """Replace the services the user serves, each primary or secondary."""
    user = await config_staff.set_skills(
        **common(app, principal), user_id=user_id, skills=body.domain()
    )
    return UserConfigOut.of(user)


@router.patch("/devices/{device_id}", response_model=DeviceConfigOut, responses=errors(404, 422))
async def update_device(
    device_id: Id, body: DevicePatch, app: AppDep, principal: PrincipalDep
) -> DeviceConfigOut:
    """Rename a device, or set which windows a display shows (its zone; "" for all)."""
    device = await config_staff.update_device(
        **common(app, principal), device_id=device_id, fields=given(body)
    )
    return DeviceConfigOut.of(device, app.clock())


# --- priority categories (every office) -------------------------------------------------------


@router.get("/priorities", response_model=list[PriorityConfigOut], responses=errors())
async def list_priorities(app: AppDep, principal: PrincipalDep) -> list[PriorityConfigOut]:
    """Every priority category, inactive ones too."""
    found = await config_catalog.list_priorities(uow=app.uow, principal=principal)
    return [PriorityConfigOut.of(p) for p in found]


@router.post(
    "/priorities",
    response_model=PriorityConfigOut,
    status_code=201,
    responses=errors(409, 422),
)
async def create_priority(
    body: PriorityIn, app: AppDep, principal: PrincipalDep
) -> PriorityConfigOut:
    """Add a priority category (deployment admins)."""
    setting = await config_catalog.create_priority(**common(app, principal), fields=given(body))
    return PriorityConfigOut.of(setting)


@router.patch("/priorities/{code}", response_model=PriorityConfigOut, responses=errors(404, 422))
async def update_priority(
    code: PriorityCode, body: PriorityPatch, app: AppDep, principal: PrincipalDep
) -> PriorityConfigOut:
    """Change a priority category: names, head start, document check, order, active."""
    setting = await config_catalog.update_priority(
        **common(app, principal), code=code, fields=given(body)
    )
    return PriorityConfigOut.of(setting)

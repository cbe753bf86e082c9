"""The configuration use cases over SQLite: one event per changed entity and none for no
change, who may configure what, and the rules a change keeps."""

from __future__ import annotations

from datetime import date

import pytest

from queue_server.domain.errors import ConfigConflict, Forbidden, InvalidInput
from queue_server.domain.services import InfoCard
from queue_server.domain.users import Role
from queue_server.service import config, config_catalog, config_staff
from queue_server.service.ports import PublishedEvent
from tests.conftest import Stack
from tests.factories import ADMIN1, BRANCH, COUNTER_1, MAIN, MANAGER, PASSPORT, RESIDENCE, user

BOSS = user(MANAGER, Role.MANAGER, office_id=MAIN)
EVERYWHERE = user(MANAGER, Role.MANAGER, office_id=None)
ADMIN_OF_BRANCH = user(99, Role.ADMIN, office_id=BRANCH)


async def logged(s: Stack, office_id: int = MAIN) -> list[PublishedEvent]:
    async with s.uow(write=False) as tx:
        events = await tx.events.since(office_id, 0, 10_000)
    return [e for e in events if e.type == "config.changed"]


def kw(s: Stack, who=BOSS):  # type: ignore[no-untyped-def]
    return {"uow": s.uow, "principal": who, "clock": s.clock}


class TestChangingAService:
    async def test_one_event_with_the_changed_fields_only(self, stack: Stack) -> None:
        card = InfoCard(description_uk="Оновлено")
        fields = {"name_uk": "Паспорт", "card": card, "position": 0}  # position as it was
        service = await config_catalog.update_service(
            **kw(stack), service_id=PASSPORT, fields=fields
        )
        assert service.name_uk == "Паспорт"
        (event,) = await logged(stack)
        assert event.actor == f"user:{MANAGER}" and event.data["entity_id"] == str(PASSPORT)
        changes = event.data["changes"]
        assert isinstance(changes, dict) and set(changes) == {"name_uk", "card"}
        assert changes["card"]["documents_uk"] == []

    async def test_no_change_no_event(self, stack: Stack) -> None:
        await config_catalog.update_service(**kw(stack), service_id=PASSPORT, fields={})
        await config_catalog.update_service(
            **kw(stack), service_id=PASSPORT, fields={"prefix": "п", "active": True}
        )
        assert await logged(stack) == []

    async def test_a_field_that_is_not_editable_is_refused(self, stack: Stack) -> None:
        with pytest.raises(InvalidInput, match="cannot be changed: office_id"):
            await config_catalog.update_service(
                **kw(stack), service_id=PASSPORT, fields={"office_id": BRANCH}
            )

    async def test_services_of_one_sphere_share_a_prefix(self, stack: Stack) -> None:
        await config_catalog.update_service(
            **kw(stack), service_id=RESIDENCE, fields={"prefix": "П"}
        )
        with pytest.raises(ConfigConflict, match="another sphere"):
            await config_catalog.create_service(
                **kw(stack),
                office_id=MAIN,
                fields={"category_id": 2, "code": "x", "prefix": "П", "name_uk": "Х"},
            )


class TestWhoConfigures:
    async def test_a_deployment_admin_configures_any_office_whatever_their_own(
        self, stack: Stack
    ) -> None:
        counter = await config_staff.update_counter(
            **kw(stack, ADMIN_OF_BRANCH), counter_id=COUNTER_1, fields={"zone": "B"}
        )
        assert counter.zone == "B"

    async def test_staff_who_do_not_configure_are_refused_before_anything_is_read(
        self, stack: Stack
    ) -> None:
        for role in (Role.RECEPTION, Role.ADMINISTRATOR):
            with pytest.raises(Forbidden):
                await config_staff.update_counter(
                    **kw(stack, user(2, role)), counter_id=999, fields={}
                )

    async def test_a_priority_changed_by_a_manager_of_every_office_is_logged_in_each(
        self, stack: Stack
    ) -> None:
        await config_catalog.update_priority(
            **kw(stack, EVERYWHERE), code="veteran", fields={"head_start_min": 30}
        )
        assert len(await logged(stack, MAIN)) == len(await logged(stack, BRANCH)) == 1


class TestStaff:
    async def test_users_are_listed_with_skills_and_inactive_ones_too(self, stack: Stack) -> None:
        await config_staff.update_user(
            **kw(stack, EVERYWHERE),
            hasher=stack.container.hasher,
            user_id=ADMIN1,
            fields={"active": False},
            password=None,
            current_token=None,
        )
        found = await config.office_config(uow=stack.uow, principal=BOSS, office_id=MAIN)
        admin1 = next(u for u in found.users if u.id == ADMIN1)
        assert admin1.active is False and len(admin1.skills) == 2
        assert all(u.password_hash == "" for u in found.users)


class TestTheOffice:
    async def test_an_exception_day_put_twice_is_logged_once(self, stack: Stack) -> None:
        args = {"office_id": MAIN, "day": date(2027, 1, 7), "note_uk": "Різдво", "note_en": ""}
        for _ in range(2):
            await config.put_exception(**kw(stack), intervals=[], **args)
        assert [e.data["action"] for e in await logged(stack)] == ["created"]
        async with stack.uow(write=False) as tx:
            office = await tx.offices.get(MAIN)
        assert office.schedule.hours_on(date(2027, 1, 7)) == ()

    async def test_an_interval_is_two_times(self, stack: Stack) -> None:
        with pytest.raises(InvalidInput, match="two times"):
            await config.put_exception(
                **kw(stack),
                office_id=MAIN,
                day=date(2027, 1, 7),
                intervals=[["08:00", "12:00", "13:00"]],
                note_uk="",
                note_en="",
            )

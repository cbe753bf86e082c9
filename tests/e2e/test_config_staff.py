"""Staff in the configuration API: adding users, their roles and passwords, logging them
out everywhere, what a manager may not do to admins or to themselves, and skills that
change what a window calls at once."""

from __future__ import annotations

import pytest

from tests.conftest import Api
from tests.e2e.config_helpers import BOSS, OPS, ROOT, call, cfg, changes, message
from tests.factories import (
    ADMIN1,
    ADMIN2,
    BRANCH,
    BRANCH_PASSPORT,
    COUNTER_2,
    MAIN,
    PASSPORT,
    PASSWORD,
    REMOTE1,
)

__all__ = ["cfg"]
NEW_USER = {
    "username": "olena",
    "display_name": "Олена Петренко",
    "password": "lystopad-2026",
    "roles": ["administrator"],
}


async def login(api: Api, username: str, password: str) -> int:
    r = await api.client.post(
        "/api/v1/auth/login", json={"username": username, "password": password}
    )
    api.client.cookies.clear()
    return r.status_code


async def me(api: Api, username: str) -> int:
    r = await api.client.get("/api/v1/auth/me", headers=await api.as_(username))
    return r.status_code


class TestAddingStaff:
    async def test_a_new_user_logs_in_and_no_password_is_kept_in_sight(self, cfg: Api) -> None:
        r = await call(cfg, "POST", f"/config/offices/{MAIN}/users", body=NEW_USER)
        assert r.status_code == 201, r.text
        user = r.json()
        assert user["roles"] == ["administrator"] and user["active"] is True
        assert user["skills"] == [] and "password" not in r.text
        assert await login(cfg, "olena", "lystopad-2026") == 200
        (event,) = await changes(cfg)
        assert event.data["changes"] == {
            "active": True,
            "display_name": "Олена Петренко",
            "roles": ["administrator"],
            "username": "olena",
        }
        assert "lystopad" not in str(event.data) and "argon2" not in str(event.data)

    @pytest.mark.parametrize(
        ("change", "uk"),
        [
            ({"password": "short"}, "щонайменше 8 символів"),
            ({"username": "олена петренко"}, "без пробілів"),
            ({"display_name": " "}, "не може бути порожнім"),
        ],
    )
    async def test_bad_input_is_explained(self, cfg: Api, change: dict[str, str], uk: str) -> None:
        r = await call(cfg, "POST", f"/config/offices/{MAIN}/users", body=NEW_USER | change)
        assert r.status_code == 422 and uk in message(r)

    async def test_a_username_is_taken_once(self, cfg: Api) -> None:
        body = NEW_USER | {"username": "admin1"}
        r = await call(cfg, "POST", f"/config/offices/{MAIN}/users", body=body, lang="en")
        assert r.status_code == 409 and "'admin1' is taken" in message(r)

    async def test_a_manager_cannot_grant_the_admin_role(self, cfg: Api) -> None:
        body = NEW_USER | {"roles": ["admin"]}
        r = await call(cfg, "POST", f"/config/offices/{MAIN}/users", body=body)
        assert r.status_code == 403
        r = await call(cfg, "PATCH", f"/config/users/{ADMIN1}", body={"roles": ["admin"]})
        assert r.status_code == 403
        r = await call(cfg, "POST", f"/config/offices/{MAIN}/users", "root", body)
        assert r.status_code == 201

    async def test_only_configurers_of_the_office_add_staff(self, cfg: Api) -> None:
        for who in ("reception", "admin1", "branchboss"):
            r = await call(cfg, "POST", f"/config/offices/{MAIN}/users", who, NEW_USER)
            assert r.status_code == 403, who
        r = await call(cfg, "POST", f"/config/offices/{MAIN}/users", None, NEW_USER)
        assert r.status_code == 401


class TestEditingStaff:
    async def test_renaming_and_new_roles_are_logged(self, cfg: Api) -> None:
        body = {"display_name": "Адміністратор Перший", "roles": ["administrator", "reception"]}
        r = await call(cfg, "PATCH", f"/config/users/{ADMIN1}", body=body)
        assert r.status_code == 200 and r.json()["roles"] == ["administrator", "reception"]
        (event,) = await changes(cfg)
        assert event.data["entity_id"] == str(ADMIN1)
        assert event.data["changes"] == body

    async def test_deactivating_a_user_logs_them_out_everywhere(self, cfg: Api) -> None:
        assert await me(cfg, "admin2") == 200
        r = await call(cfg, "PATCH", f"/config/users/{ADMIN2}", body={"active": False})
        assert r.status_code == 200 and r.json()["active"] is False
        assert await me(cfg, "admin2") == 401
        assert await login(cfg, "admin2", PASSWORD) == 401

    async def test_a_new_password_logs_them_out_and_replaces_the_old_one(self, cfg: Api) -> None:
        assert await me(cfg, "admin2") == 200
        r = await call(cfg, "PATCH", f"/config/users/{ADMIN2}", body={"password": "new-secret-1"})
        assert r.status_code == 200
        assert await me(cfg, "admin2") == 401
        assert await login(cfg, "admin2", PASSWORD) == 401
        assert await login(cfg, "admin2", "new-secret-1") == 200
        (event,) = await changes(cfg)
        assert event.data["changes"] == {"password_changed": True}

    async def test_changing_ones_own_password_keeps_this_session(self, cfg: Api) -> None:
        r = await call(cfg, "PATCH", f"/config/users/{BOSS}", body={"password": "boss-secret-2"})
        assert r.status_code == 200
        assert await me(cfg, "boss") == 200

    async def test_an_administrator_at_a_window_is_not_deactivated(self, cfg: Api) -> None:
        admin = await cfg.as_("admin2")
        await cfg.client.post(f"/api/v1/counters/{COUNTER_2}/session", headers=admin)
        r = await call(cfg, "PATCH", f"/config/users/{ADMIN2}", body={"active": False})
        assert r.status_code == 409 and "у вікні 2" in message(r)

    @pytest.mark.parametrize("change", [{"active": False}, {"roles": ["reception"]}])
    async def test_a_manager_cannot_lock_themselves_out(
        self, cfg: Api, change: dict[str, object]
    ) -> None:
        r = await call(cfg, "PATCH", f"/config/users/{BOSS}", body=change)
        assert r.status_code == 409 and "не можна вимкнути себе" in message(r)

    async def test_admins_and_other_offices_staff_are_out_of_a_managers_reach(
        self, cfg: Api
    ) -> None:
        for user_id in (OPS, ROOT, REMOTE1):
            r = await call(cfg, "PATCH", f"/config/users/{user_id}", body={"display_name": "X"})
            assert r.status_code == 403, user_id
        r = await call(cfg, "PATCH", f"/config/users/{OPS}", "root", {"display_name": "Черговий 2"})
        assert r.status_code == 200
        assert (await call(cfg, "PATCH", "/config/users/999", body={})).status_code == 404


class TestSkills:
    async def test_a_skill_given_lets_the_window_call_that_service_at_once(self, cfg: Api) -> None:
        admin = await cfg.as_("admin2")  # serves residence and capped
        await cfg.client.post(f"/api/v1/counters/{COUNTER_2}/session", headers=admin)
        await call(cfg, "POST", f"/offices/{MAIN}/tickets", "reception", {"service_id": PASSPORT})
        r = await cfg.client.post(f"/api/v1/counters/{COUNTER_2}/call-next", headers=admin)
        assert r.status_code == 204
        skills = {"skills": [{"service_id": PASSPORT, "tier": "primary"}]}
        r = await call(cfg, "PUT", f"/config/users/{ADMIN2}/skills", body=skills)
        assert r.status_code == 200 and r.json()["skills"] == skills["skills"]
        r = await cfg.client.post(f"/api/v1/counters/{COUNTER_2}/call-next", headers=admin)
        assert r.status_code == 200 and r.json()["number"] == "П-001"
        (event,) = await changes(cfg)
        assert event.data["changes"] == {"skills": [{"service_id": PASSPORT, "tier": "primary"}]}

    async def test_skills_come_from_the_users_own_office(self, cfg: Api) -> None:
        skills = {"skills": [{"service_id": BRANCH_PASSPORT}]}
        r = await call(cfg, "PUT", f"/config/users/{ADMIN2}/skills", body=skills)
        assert r.status_code == 422 and f"послуг {BRANCH_PASSPORT} немає" in message(r)
        twice = {"skills": [{"service_id": PASSPORT}, {"service_id": PASSPORT}]}
        r = await call(cfg, "PUT", f"/config/users/{ADMIN2}/skills", body=twice)
        assert r.status_code == 422

    async def test_the_same_skills_again_log_nothing(self, cfg: Api) -> None:
        skills = {"skills": [{"service_id": 2, "tier": "secondary"}, {"service_id": 1}]}
        r = await call(cfg, "PUT", f"/config/users/{ADMIN1}/skills", body=skills)
        assert r.status_code == 200
        assert await changes(cfg) == [] and await changes(cfg, BRANCH) == []


@pytest.mark.parametrize("cfg", ["postgres"], indirect=True)
class TestOnPostgres:
    async def test_long_texts_and_duplicates_get_answers_not_errors(self, cfg: Api) -> None:
        body = NEW_USER | {"display_name": "Я" * 200}
        assert (
            await call(cfg, "POST", f"/config/offices/{MAIN}/users", body=body)
        ).status_code == 201
        assert (
            await call(cfg, "POST", f"/config/offices/{MAIN}/users", body=body)
        ).status_code == 409
        service = {"category_id": 1, "code": "x" * 64, "prefix": "ЩЩЩЩ", "name_uk": "Я" * 300}
        r = await call(cfg, "POST", f"/config/offices/{MAIN}/services", body=service)
        assert r.status_code == 201, r.text
        r = await call(cfg, "PATCH", f"/config/offices/{MAIN}", body={"info_uk": "І" * 2000})
        assert r.status_code == 200

"""Ratings over HTTP: from the pad at the window and from the visitor's phone, one per
ticket; the manager's feedback list with complaint routing; the daily digest."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from queue_server.service.retention import purge_personal_data
from tests.conftest import Api
from tests.factories import COUNTER_1, COUNTER_3, MAIN, PASSPORT

V1 = "/api/v1"


async def served(api: Api, username: str = "admin1", counter: int = COUNTER_1) -> dict[str, Any]:
    """A passport ticket issued at reception and served at ``counter``."""
    desk, admin = await api.as_("reception"), await api.as_(username)
    ticket = (
        await api.client.post(
            f"{V1}/offices/{MAIN}/tickets", json={"service_id": PASSPORT}, headers=desk
        )
    ).json()
    await api.client.post(f"{V1}/counters/{counter}/session", headers=admin)
    await api.client.post(f"{V1}/counters/{counter}/call/{ticket['id']}", headers=admin)
    await api.client.post(f"{V1}/tickets/{ticket['id']}/start", headers=admin)
    r = await api.client.post(
        f"{V1}/tickets/{ticket['id']}/finish", json={"outcome": "consultation"}, headers=admin
    )
    assert r.json()["status"] == "done", r.text
    return ticket


async def phone_rates(api: Api, ticket: dict[str, Any], **body: Any) -> Any:
    return await api.client.post(f"{V1}/track/{ticket['track_token']}/rating", json=body)


class TestOneRatingPerTicket:
    async def test_the_phone_rates_once_and_the_pad_is_then_refused(self, api: Api) -> None:
        ticket = await served(api)
        before = await api.client.get(f"{V1}/track/{ticket['track_token']}/rating")
        assert before.json() == {"rated": False, "rating": None}
        r = await phone_rates(api, ticket, score=5, recommend=10)
        assert r.status_code == 201, r.text
        after = await api.client.get(f"{V1}/track/{ticket['track_token']}/rating")
        assert after.json()["rated"] is True
        assert after.json()["rating"]["score"] == 5
        again = await phone_rates(api, ticket, score=1)
        assert again.status_code == 409
        assert again.json()["error"]["code"] == "already_rated"
        pad = await api.device("rating_pad")
        r = await api.client.post(
            f"{V1}/tickets/{ticket['id']}/rating", json={"score": 2}, headers=pad
        )
        assert r.status_code == 409

    async def test_the_rating_is_an_event_of_the_ticket_without_its_score(self, api: Api) -> None:
        # The phone page follows its ticket's events: the thanks shows at once. The
        # administrator reads the history: no score, no comment there.
        ticket = await served(api)
        r = await phone_rates(api, ticket, score=1, comment="грубо")
        assert r.status_code == 201, r.text
        history = await api.client.get(
            f"{V1}/tickets/{ticket['id']}/history", headers=await api.as_("admin1")
        )
        rated = [e for e in history.json() if e["type"] == "ticket.rated"]
        assert len(rated) == 1
        assert "score" not in rated[0]["data"] and "грубо" not in history.text

    async def test_only_a_finished_ticket_within_a_day(self, api: Api) -> None:
        desk = await api.as_("reception")
        waiting = (
            await api.client.post(
                f"{V1}/offices/{MAIN}/tickets", json={"service_id": PASSPORT}, headers=desk
            )
        ).json()
        r = await phone_rates(api, waiting, score=5)
        assert (r.status_code, r.json()["error"]["code"]) == (409, "not_ratable")
        ticket = await served(api)
        api.stack.clock.advance(hours=24, seconds=1)
        r = await phone_rates(api, ticket, score=5)
        assert r.status_code == 409
        assert "24" in r.json()["error"]["message"]

    async def test_an_unknown_token_is_just_not_found(self, api: Api) -> None:
        r = await api.client.post(f"{V1}/track/not-a-real-token-123/rating", json={"score": 5})
        assert r.status_code == 404


class TestRatingPad:
    async def test_the_pad_wakes_for_the_ticket_just_finished_at_its_window(self, api: Api) -> None:
        pad = await api.device("rating_pad")
        prompt = f"{V1}/counters/{COUNTER_1}/rating-prompt"
        assert (await api.client.get(prompt, headers=pad)).status_code == 204
        ticket = await served(api)
        r = await api.client.get(prompt, headers=pad)
        assert (r.status_code, r.json()["number"]) == (200, ticket["number"])
        assert r.json()["service"]["id"] == PASSPORT
        r = await api.client.post(
            f"{V1}/tickets/{ticket['id']}/rating",
            json={"score": 4, "recommend": 9, "comment": "швидко"},
            headers=pad,
        )
        assert (r.status_code, r.json()["source"]) == (201, "pad")
        assert (await api.client.get(prompt, headers=pad)).status_code == 204  # rated: asleep

    async def test_the_pad_goes_back_to_sleep_after_a_few_minutes(self, api: Api) -> None:
        pad = await api.device("rating_pad")
        await served(api)
        api.stack.clock.advance(minutes=4)
        r = await api.client.get(f"{V1}/counters/{COUNTER_1}/rating-prompt", headers=pad)
        assert r.status_code == 204


class TestFeedbackReview:
    async def test_a_complaint_reaches_the_manager_never_the_administrator_it_is_about(
        self, api: Api
    ) -> None:
        ticket = await served(api, "admin1")
        await phone_rates(api, ticket, score=1, complaint=True, comment="Нагрубили у вікні")
        happy = await served(api, "admin3", COUNTER_3)
        await phone_rates(api, happy, score=5)  # not feedback: no comment, a good score

        manager = await api.as_("manager")
        [item] = (await api.client.get(f"{V1}/offices/{MAIN}/feedback", headers=manager)).json()
        assert (item["ticket_number"], item["complaint"], item["status"]) == (
            ticket["number"],
            True,
            "new",
        )
        assert item["operator_name"] == "Адміністратор 1"

        admin1 = await api.as_("admin1")
        r = await api.client.get(f"{V1}/offices/{MAIN}/feedback", headers=admin1)
        assert r.json() == []  # nothing assigned to them, and never this one

        staff = (await api.client.get(f"{V1}/offices/{MAIN}/staff", headers=manager)).json()
        ids = {u["display_name"]: u["id"] for u in staff}
        r = await api.client.patch(
            f"{V1}/feedback/{item['id']}",
            json={"assignee_id": ids["Адміністратор 1"]},
            headers=manager,
        )
        assert (r.status_code, r.json()["error"]["code"]) == (403, "complaint_about_assignee")
        r = await api.client.patch(
            f"{V1}/feedback/{item['id']}",
            json={"assignee_id": ids["Адміністратор 3"]},
            headers=manager,
        )
        assert (r.json()["status"], r.json()["assignee_id"]) == (
            "in_review",
            ids["Адміністратор 3"],
        )

        admin3 = await api.as_("admin3")
        [mine] = (await api.client.get(f"{V1}/offices/{MAIN}/feedback", headers=admin3)).json()
        assert mine["operator_name"] is None  # the assignee reviews the case, not a name
        assert (await api.client.get(f"{V1}/offices/{MAIN}/feedback", headers=admin1)).json() == []
        r = await api.client.patch(
            f"{V1}/feedback/{item['id']}", json={"assignee_id": None}, headers=admin3
        )
        assert r.status_code == 403  # only managers assign
        r = await api.client.patch(
            f"{V1}/feedback/{item['id']}",
            json={"status": "answered", "answer": "Провели бесіду, вибачилися"},
            headers=admin3,
        )
        assert r.json()["status"] == "answered"
        r = await api.client.get(
            f"{V1}/offices/{MAIN}/feedback", params={"status": "new"}, headers=manager
        )
        assert r.json() == []


class TestDailyDigest:
    async def test_yesterdays_ratings_by_service_and_administrator(self, api: Api) -> None:
        for score, recommend in ((5, 10), (4, 9), (2, 3)):
            await phone_rates(api, await served(api), score=score, recommend=recommend)
        complaint = await served(api, "admin3", COUNTER_3)
        await phone_rates(api, complaint, score=1, complaint=True, comment="черга", recommend=0)
        api.stack.clock.advance(days=1)
        api.tokens.clear()
        r = await api.client.get(
            f"{V1}/offices/{MAIN}/feedback/digest", headers=await api.as_("manager")
        )
        digest = r.json()
        assert (digest["count"], digest["average"], digest["complaints"]) == (4, 3.0, 1)
        assert digest["loyalty_index"] == 0.0  # 2 promoters, 2 detractors of 4
        by_admin = {t["name_uk"]: t for t in digest["by_administrator"]}
        assert by_admin["Адміністратор 1"]["count"] == 3
        assert by_admin["Адміністратор 1"]["average"] == 3.67
        assert by_admin["Адміністратор 3"]["loyalty_index"] == -100.0
        [passport] = digest["by_service"]
        assert passport["count"] == 4
        assert digest["unanswered"] == 2  # the score of 2 and the complaint


class TestRetention:
    async def test_comments_and_notes_are_erased_after_the_retention_period(self, api: Api) -> None:
        ticket = await served(api)
        await phone_rates(api, ticket, score=1, comment="Мене звати Олена, телефон 067...")
        noted = (
            await api.client.post(
                f"{V1}/offices/{MAIN}/tickets",
                json={"service_id": PASSPORT, "note": "пані Олена, слабочуюча"},
                headers=await api.as_("reception"),
            )
        ).json()
        keep = timedelta(days=180)
        purged = await purge_personal_data(uow=api.stack.uow, clock=api.stack.clock, keep=keep)
        assert (purged.comments, purged.notes) == (0, 0)
        api.stack.clock.advance(days=181)
        purged = await purge_personal_data(uow=api.stack.uow, clock=api.stack.clock, keep=keep)
        assert (purged.comments, purged.notes) == (1, 1)
        api.tokens.clear()
        r = await api.client.get(f"{V1}/tickets/{noted['id']}", headers=await api.as_("manager"))
        assert r.json()["note"] == ""
        [item] = (
            await api.client.get(f"{V1}/offices/{MAIN}/feedback", headers=await api.as_("manager"))
        ).json()
        assert (item["comment"], item["score"]) == ("", 1)  # the score stays for the reports

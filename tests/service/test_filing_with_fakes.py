"""Filing a request with the in-memory ports: the step runner and worker on a real database, Slack and GitHub as
``tests/fakes/ports.py``. No HTTP server: these check what the services ask of the outside, quickly."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from bot.core.clock import ManualClock
from bot.core.config import load_config
from bot.core.domain import Origin, RequestForm, RequestType
from bot.delivery.steps import StepRunner
from bot.delivery.worker import DeliveryWorker
from bot.intake.service import Suggested, submit
from routing.priority import Severity
from storage import repository as repo
from tests.fakes.ports import FakeChat, FakeTracker

T0 = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
FORM = RequestForm(customer="Initech", summary="Helm upgrade fails on 5.2", need="Tell us how to roll back",
                   severity=Severity.SERIOUS, request_type=RequestType.HELP, urgency="this week",
                   team_id="distribution", tier=1)


async def _file(sessions, chat: FakeChat, tracker: FakeTracker, clock: ManualClock, *, view_id: str = "V1") -> int:
    config = load_config()
    submitted = await submit(sessions=sessions, config=config, form=FORM, requester="U0REQ",
                             origin=Origin(channel_id="C0SUPPORT"), view_id=view_id,
                             suggested=Suggested("distribution", 0.9), clock=clock)
    runner = StepRunner(sessions=sessions, config=config, chat=chat, tracker=tracker, clock=clock)
    worker = DeliveryWorker(sessions=sessions, perform=runner.perform, on_failure=runner.on_failure, clock=clock)
    for _ in range(5):  # drain, then let backoff pass, until nothing is due
        await worker.drain()
        clock.advance(timedelta(minutes=10))
    return submitted.request.id


async def test_a_request_becomes_one_issue_one_team_post_and_one_confirmation(sessions):
    chat, tracker, clock = FakeChat({"distribution-support": "S0DIST"}), FakeTracker(), ManualClock(T0)
    request_id = await _file(sessions, chat, tracker, clock)

    [issue] = tracker.issues.values()
    assert issue.title == "[Initech] Helm upgrade fails on 5.2"
    assert {"rfh", "customer/initech", "team/distribution"} <= set(issue.labels)
    [post] = chat.in_channel("#distribution")
    assert post.text.startswith("<!subteam^S0DIST|@distribution-support>")
    assert f"RFH-{request_id}" in json.dumps(post.blocks)
    confirmations = [m for m in chat.messages if m.channel == "U0REQ"]
    assert len(confirmations) == 1
    async with sessions() as session:
        request = await repo.get_request(session, request_id)
    assert request is not None and request.state == "filed" and request.issue_number == issue.ref.number


async def test_an_issue_created_before_the_connection_dropped_is_found_not_filed_again(sessions):
    chat, tracker, clock = FakeChat(), FakeTracker(), ManualClock(T0)
    tracker.fail_next, tracker.after_effect = 1, True
    await _file(sessions, chat, tracker, clock)

    assert len(tracker.issues) == 1
    assert tracker.calls.count("create_issue") == 1
    assert "find_issue_by_marker" in tracker.calls
    assert len(chat.in_channel("#distribution")) == 1


async def test_a_repeated_submission_of_the_same_view_files_nothing_more(sessions):
    chat, tracker, clock = FakeChat(), FakeTracker(), ManualClock(T0)
    first = await _file(sessions, chat, tracker, clock, view_id="V7")
    second = await _file(sessions, chat, tracker, clock, view_id="V7")

    assert first == second
    assert len(tracker.issues) == 1 and len(chat.in_channel("#distribution")) == 1

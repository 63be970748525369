"""The words of ownership changes: who is named, and that user text is escaped wherever it lands in mrkdwn."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.blocks import ownership_notes as notes
from bot.blocks.pings import RequestRef
from bot.core.domain import ResolutionKind
from bot.core.ownership_events import OwnershipEvent
from bot.core.ownership_events import OwnershipEventKind as K

AT = datetime(2026, 12, 1, 10, tzinfo=UTC)


@pytest.mark.parametrize(("actor", "shown"), [("U1", "<@U1>"), ("rfh", "the rfh bot"),
                                              ("github:octo<cat>", "octo&lt;cat&gt; (on GitHub)")])
def test_an_actor_is_named_as_slack_shows_them(actor: str, shown: str) -> None:
    assert notes.who(actor) == shown


def test_every_kind_of_change_made_in_slack_has_a_thread_line() -> None:
    for kind in K:
        if kind is K.INFORMAL:
            continue  # the informal take-over is a prompt with buttons (bot.blocks.pings.informal_prompt)
        line = notes.thread_line(OwnershipEvent(kind, "U1", AT, "U0", "U2", "a <!channel> note",
                                                ResolutionKind.FIXED), 12)
        assert "RFH-12" in line and "<!channel>" not in line


def test_a_release_by_the_bot_says_why_instead_of_naming_a_person() -> None:
    line = notes.thread_line(OwnershipEvent(K.RELEASED, "rfh", AT, "U1", None, "re-routed to another team"), 3)
    assert "needs an owner again (re-routed to another team)" in line and "<@" not in line


def test_the_requester_is_handed_the_loop_back_with_who_resolved_it() -> None:
    in_slack = OwnershipEvent(K.RESOLVED, "U9", AT, "U9", "U9", "Patched <@U2>", ResolutionKind.FIXED)
    text = notes.resolved_for_requester(in_slack, request_id=4, requester="U1", customer="Acme <!here>")
    assert text.startswith(":white_check_mark: <@U1>, RFH-4") and "<@U9> resolved it" in text
    assert "close the loop with the customer" in text and "<!here>" not in text
    on_github = OwnershipEvent(K.RESOLVED, "github:octo", AT, None, None, "closing note", ResolutionKind.FIXED)
    text = notes.resolved_for_requester(on_github, request_id=4, requester="U1", customer="Acme")
    assert "the GitHub issue was closed by octo" in text and "closing note" not in text


def test_the_new_owner_gets_the_note_the_requester_and_the_issue() -> None:
    e = OwnershipEvent(K.HANDED_OVER, "U1", AT, "U1", "U2", "logs attached")
    text = notes.hand_over_dm(e, RequestRef(5, "Acme", "Pods crash", "ce/p1"), requester="U3",
                              issue_url="https://github.example/o/r/issues/9")
    assert "<@U1> handed you RFH-5" in text and "logs attached" in text and "Requester: <@U3>" in text
    assert text.endswith("Issue: https://github.example/o/r/issues/9")


def test_the_clicker_is_told_what_changed() -> None:
    assert notes.done_message(K.HANDED_OVER, 7, "U2") == "Handed RFH-7 over to <@U2>; they have your note."
    assert notes.done_message(K.CLAIMED, 7).startswith("You own RFH-7 now")

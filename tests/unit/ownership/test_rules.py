"""Ownership (seed 004): state derived from events, who may do what, and every refusal's reason."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.domain import ResolutionKind
from bot.ownership.rules import (
    Actor,
    Decision,
    OwnershipAction,
    OwnershipEvent,
    OwnershipEventKind,
    OwnershipState,
    RequestStatus,
    decide,
    derive_state,
)

A = OwnershipAction
K = OwnershipEventKind
T0 = datetime(2024, 3, 20, 9, 0, tzinfo=UTC)
NOW = T0 + timedelta(days=2)
TEAM = "Distribution"

OWNER = Actor("U1")
REQUESTER = Actor("UREQ", is_requester=True)
MEMBER = Actor("UMEM", is_team_member=True)
LEAD = Actor("ULEAD", is_lead=True)
STRANGER = Actor("UX")
BOT = Actor("UBOT", is_bot=True)

UNOWNED = derive_state([])
OWNED = derive_state([OwnershipEvent(K.CLAIMED, "U1", T0, None, "U1")])
INFORMAL = derive_state([OwnershipEvent(K.INFORMAL, "U1", T0, None, "U1")])
RESOLVED = derive_state([
    OwnershipEvent(K.CLAIMED, "U1", T0, None, "U1"),
    OwnershipEvent(K.RESOLVED, "U2", T0 + timedelta(hours=3), "U1", "U1", "Fixed config", ResolutionKind.FIXED),
])
DECLINED = derive_state([OwnershipEvent(K.INFORMAL, "UX", T0, None, "UX"), OwnershipEvent(K.DECLINED, "UX", T0, "UX")])
ASSIGN_REFUSAL = ("Only the leads of Distribution (<@ULEAD>) can assign or reassign a request that is not theirs. "
                  "Take ownership yourself, or ask the owner to hand it over.")
RESOLVED_ON = f"<!date^{int((T0 + timedelta(hours=3)).timestamp())}^{{date_short}}|2024-03-20>"


def run(action: OwnershipAction, state: OwnershipState, actor: Actor, **kw: object) -> Decision:
    return decide(action, state, actor, at=NOW, team=TEAM, leads=("ULEAD",), **kw)  # type: ignore[arg-type]


# --- every refusal, and its reason ----------------------------------------------------------------------------------

REFUSALS = [
    ("claim-resolved", A.CLAIM, RESOLVED, MEMBER, {}, f"It was resolved by <@U2> on {RESOLVED_ON}; reopen it first."),
    ("claim-own", A.CLAIM, OWNED, OWNER, {}, "You already own this."),
    ("claim-owned-stranger", A.CLAIM, OWNED, STRANGER, {}, "<@U1> already owns this; ask them to hand it over."),
    ("claim-owned-member", A.CLAIM, OWNED, MEMBER, {}, "<@U1> already owns this; ask them to hand it over."),
    ("claim-owned-requester", A.CLAIM, OWNED, REQUESTER, {}, "<@U1> already owns this; ask them to hand it over."),
    ("hand-over-resolved", A.HAND_OVER, RESOLVED, OWNER, {"target": "U3", "note": "n"},
     f"It was resolved by <@U2> on {RESOLVED_ON}; reopen it first."),
    ("hand-over-stranger", A.HAND_OVER, OWNED, STRANGER, {"target": "U3", "note": "n"},
     "Only the owner (<@U1>), the requester, members of Distribution or its leads can hand this over."),
    ("hand-over-stranger-unowned", A.HAND_OVER, UNOWNED, STRANGER, {"target": "U3", "note": "n"},
     "Only the requester, members of Distribution or its leads can hand this over."),
    ("hand-over-no-target", A.HAND_OVER, OWNED, OWNER, {"note": "n"}, "Choose who to hand this over to."),
    ("hand-over-to-owner", A.HAND_OVER, OWNED, LEAD, {"target": "U1", "note": "n"},
     "<@U1> already owns this; choose someone else."),
    ("hand-over-no-note", A.HAND_OVER, OWNED, OWNER, {"target": "U3"},
     "Add a note for <@U3>: what has been done and what is next."),
    ("hand-over-blank-note", A.HAND_OVER, OWNED, OWNER, {"target": "U3", "note": "  \n "},
     "Add a note for <@U3>: what has been done and what is next."),
    ("informal-resolved", A.INFORMAL, RESOLVED, STRANGER, {},
     "It is resolved; a reply does not make anyone its owner."),
    ("informal-owned", A.INFORMAL, OWNED, STRANGER, {}, "<@U1> already owns this."),
    ("informal-already-informal", A.INFORMAL, INFORMAL, MEMBER, {}, "<@U1> already owns this."),
    ("informal-requester", A.INFORMAL, UNOWNED, REQUESTER, {},
     "The requester's and the bot's own replies do not take ownership."),
    ("informal-bot", A.INFORMAL, UNOWNED, BOT, {}, "The requester's and the bot's own replies do not take ownership."),
    ("informal-after-decline", A.INFORMAL, DECLINED, STRANGER, {},
     "You declined ownership of this earlier, so replying does not make it yours."),
    ("confirm-nothing-pending", A.CONFIRM, OWNED, OWNER, {}, "There is no informal take-over to confirm or decline."),
    ("decline-nothing-pending", A.DECLINE, UNOWNED, STRANGER, {},
     "There is no informal take-over to confirm or decline."),
    ("confirm-someone-else", A.CONFIRM, INFORMAL, LEAD, {},
     "Only <@U1> can confirm or decline: the bot asked them because they took over the conversation."),
    ("decline-someone-else", A.DECLINE, INFORMAL, REQUESTER, {},
     "Only <@U1> can confirm or decline: the bot asked them because they took over the conversation."),
    ("release-resolved", A.RELEASE, RESOLVED, OWNER, {},
     f"It was resolved by <@U2> on {RESOLVED_ON}; reopen it first."),
    ("release-unowned", A.RELEASE, UNOWNED, LEAD, {}, "Nobody owns this, so there is nothing to release."),
    ("release-member", A.RELEASE, OWNED, MEMBER, {},
     "Only the owner (<@U1>) or the leads of Distribution can release this back to the queue."),
    ("release-requester", A.RELEASE, OWNED, REQUESTER, {},
     "Only the owner (<@U1>) or the leads of Distribution can release this back to the queue."),
    ("resolve-twice", A.RESOLVE, RESOLVED, OWNER, {"resolution": "fixed", "note": "n"},
     f"It was resolved by <@U2> on {RESOLVED_ON}."),
    ("resolve-stranger", A.RESOLVE, OWNED, STRANGER, {"resolution": "fixed", "note": "n"},
     "Only the owner (<@U1>), the requester, members of Distribution or its leads can resolve this."),
    ("resolve-no-kind", A.RESOLVE, OWNED, OWNER, {"note": "n"},
     "Choose how it was resolved: answered, answered (docs needed), fixed, defect filed, moved to a public "
     "issue, won't fix."),
    ("resolve-unknown-kind", A.RESOLVE, OWNED, OWNER, {"resolution": "shrugged", "note": "n"},
     "Choose how it was resolved: answered, answered (docs needed), fixed, defect filed, moved to a public "
     "issue, won't fix."),
    ("resolve-no-note", A.RESOLVE, OWNED, OWNER, {"resolution": ResolutionKind.ANSWERED},
     "Add a short note on the answer or the fix; it goes on the GitHub issue."),
    ("reopen-open", A.REOPEN, OWNED, OWNER, {}, "It is not resolved, so there is nothing to reopen."),
    # lead-only (bot.security.permissions): assigning a request that is not yours, closing as won't fix
    ("requester-hands-over", A.HAND_OVER, OWNED, REQUESTER, {"target": "U3", "note": "n"}, ASSIGN_REFUSAL),
    ("member-hands-over", A.HAND_OVER, OWNED, MEMBER, {"target": "U3", "note": "n"}, ASSIGN_REFUSAL),
    ("member-assigns-unowned", A.HAND_OVER, UNOWNED, MEMBER, {"target": "U3", "note": "n"}, ASSIGN_REFUSAL),
    ("member-takes-informal-by-hand-over", A.HAND_OVER, INFORMAL, MEMBER, {"target": "UMEM", "note": "n"},
     ASSIGN_REFUSAL),
    ("requester-wont-fix", A.RESOLVE, UNOWNED, REQUESTER, {"resolution": ResolutionKind.WONT_FIX, "note": "n"},
     "Only the leads of Distribution (<@ULEAD>) can close a request as won't fix. Choose another resolution, or ask "
     "a lead."),
    ("owner-wont-fix", A.RESOLVE, OWNED, OWNER, {"resolution": "wont_fix", "note": "n"},
     "Only the leads of Distribution (<@ULEAD>) can close a request as won't fix. Choose another resolution, or ask "
     "a lead."),
    ("reopen-stranger", A.REOPEN, RESOLVED, STRANGER, {},
     "Only the owner (<@U1>), the requester, members of Distribution or its leads can reopen this."),
]


@pytest.mark.parametrize(("action", "state", "actor", "kw", "reason"), [r[1:] for r in REFUSALS],
                         ids=[r[0] for r in REFUSALS])
def test_refusals_say_why(action: OwnershipAction, state: OwnershipState, actor: Actor, kw: dict[str, object],
                          reason: str) -> None:
    assert run(action, state, actor, **kw) == Decision(False, (), reason)


# --- what is allowed, and the event it records ---------------------------------------------------------------------

ALLOWED = [
    ("anyone-claims-unowned", A.CLAIM, UNOWNED, STRANGER, {}, K.CLAIMED, None, "UX"),
    ("lead-claims-owned", A.CLAIM, OWNED, LEAD, {}, K.CLAIMED, "U1", "ULEAD"),
    ("explicit-claim-replaces-informal", A.CLAIM, INFORMAL, MEMBER, {}, K.CLAIMED, "U1", "UMEM"),
    ("informal-owner-claim-confirms", A.CLAIM, INFORMAL, OWNER, {}, K.CONFIRMED, "U1", "U1"),
    ("owner-hands-over", A.HAND_OVER, OWNED, OWNER, {"target": "U3", "note": "logs attached"}, K.HANDED_OVER, "U1",
     "U3"),
    ("lead-reassigns", A.HAND_OVER, OWNED, LEAD, {"target": "U3", "note": "n"}, K.HANDED_OVER, "U1", "U3"),
    ("lead-assigns-unowned", A.HAND_OVER, UNOWNED, LEAD, {"target": "U3", "note": "n"}, K.HANDED_OVER, None, "U3"),
    ("informal-owner-hands-over", A.HAND_OVER, INFORMAL, OWNER, {"target": "U3", "note": "n"}, K.HANDED_OVER, "U1",
     "U3"),
    ("reply-takes-over-informally", A.INFORMAL, UNOWNED, STRANGER, {}, K.INFORMAL, None, "UX"),
    ("informal-owner-confirms", A.CONFIRM, INFORMAL, OWNER, {}, K.CONFIRMED, "U1", "U1"),
    ("informal-owner-declines", A.DECLINE, INFORMAL, OWNER, {}, K.DECLINED, "U1", None),
    ("owner-releases", A.RELEASE, OWNED, OWNER, {}, K.RELEASED, "U1", None),
    ("lead-releases", A.RELEASE, OWNED, LEAD, {}, K.RELEASED, "U1", None),
    ("owner-resolves", A.RESOLVE, OWNED, OWNER, {"resolution": "answered", "note": "n"}, K.RESOLVED, "U1", "U1"),
    ("requester-resolves-unowned", A.RESOLVE, UNOWNED, REQUESTER, {"resolution": ResolutionKind.ANSWERED, "note": "n"},
     K.RESOLVED, None, None),
    ("lead-wont-fix", A.RESOLVE, OWNED, LEAD, {"resolution": ResolutionKind.WONT_FIX, "note": "n"}, K.RESOLVED, "U1",
     "U1"),
    ("member-resolves", A.RESOLVE, OWNED, MEMBER, {"resolution": "defect_filed", "note": "n"}, K.RESOLVED, "U1", "U1"),
    ("lead-resolves", A.RESOLVE, OWNED, LEAD, {"resolution": "moved_to_public", "note": "n"}, K.RESOLVED, "U1", "U1"),
    ("requester-reopens", A.REOPEN, RESOLVED, REQUESTER, {}, K.REOPENED, "U1", "U1"),
    ("owner-reopens", A.REOPEN, RESOLVED, OWNER, {}, K.REOPENED, "U1", "U1"),
    ("member-reopens", A.REOPEN, RESOLVED, MEMBER, {}, K.REOPENED, "U1", "U1"),
    ("lead-reopens", A.REOPEN, RESOLVED, LEAD, {}, K.REOPENED, "U1", "U1"),
]


@pytest.mark.parametrize(("action", "state", "actor", "kw", "kind", "from_user", "to_user"), [a[1:] for a in ALLOWED],
                         ids=[a[0] for a in ALLOWED])
def test_allowed_actions_record_one_event(action: OwnershipAction, state: OwnershipState, actor: Actor,
                                          kw: dict[str, object], kind: OwnershipEventKind, from_user: str | None,
                                          to_user: str | None) -> None:
    decision = run(action, state, actor, **kw)
    assert decision.allowed and decision.reason == ""
    (event,) = decision.events
    assert (event.kind, event.actor, event.at, event.from_user, event.to_user) == (
        kind, actor.user_id, NOW, from_user, to_user)


def test_actions_accept_their_string_values() -> None:
    assert run("claim", UNOWNED, STRANGER).allowed  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        run("steal", UNOWNED, STRANGER)  # type: ignore[arg-type]


# --- deriving state ----------------------------------------------------------------------------------------------


def test_lifecycle_derives_the_current_owner_and_status() -> None:
    t = [T0 + timedelta(hours=h) for h in range(8)]
    events = [
        OwnershipEvent(K.INFORMAL, "UX", t[0], None, "UX"),
        OwnershipEvent(K.DECLINED, "UX", t[1], "UX", None),
        OwnershipEvent(K.CLAIMED, "U1", t[2], None, "U1"),
        OwnershipEvent(K.HANDED_OVER, "U1", t[3], "U1", "U3", "Needs a Kubernetes expert"),
        OwnershipEvent(K.RESOLVED, "U3", t[4], "U3", "U3", "Bumped memory limits", ResolutionKind.FIXED),
    ]
    state = derive_state(events)
    assert (state.owner, state.informal, state.status, state.resolved_by, state.resolved_at, state.resolution) == (
        "U3", False, RequestStatus.RESOLVED, "U3", t[4], ResolutionKind.FIXED)
    assert state.declined == frozenset({"UX"}) and state.history == tuple(events)
    assert state.last_activity_at == t[4]

    reopened = derive_state([*events, OwnershipEvent(K.REOPENED, "UREQ", t[5], "U3", "U3")])
    assert (reopened.owner, reopened.status, reopened.resolution, reopened.resolved_by) == (
        "U3", RequestStatus.OPEN, None, None)


def test_informal_then_confirmed_then_released() -> None:
    events = [OwnershipEvent(K.INFORMAL, "U1", T0, None, "U1")]
    assert (derive_state(events).owner, derive_state(events).informal) == ("U1", True)
    events.append(OwnershipEvent(K.CONFIRMED, "U1", T0, "U1", "U1"))
    assert (derive_state(events).owner, derive_state(events).informal) == ("U1", False)
    events.append(OwnershipEvent(K.RELEASED, "U1", T0, "U1", None))
    assert derive_state(events).owner is None


def test_last_activity_is_the_latest_event_even_if_stored_out_of_order() -> None:
    late, early = T0 + timedelta(hours=5), T0
    state = derive_state([OwnershipEvent(K.CLAIMED, "U1", late, None, "U1"),
                          OwnershipEvent(K.CONFIRMED, "U1", early, "U1", "U1")])
    assert state.last_activity_at == late


def test_allowed_events_carry_the_note_and_resolution() -> None:
    decision = run(A.RESOLVE, OWNED, OWNER, resolution="fixed", note="  Restarted gitserver  ")
    (event,) = decision.events
    assert (event.note, event.resolution) == ("Restarted gitserver", ResolutionKind.FIXED)


# --- resolution kinds --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "label", "closes", "reason"),
    [
        (ResolutionKind.ANSWERED, "Answered", True, "completed"),
        (ResolutionKind.DOCS_NEEDED, "Answered (docs needed)", True, "completed"),
        (ResolutionKind.FIXED, "Fixed", True, "completed"),
        (ResolutionKind.DEFECT_FILED, "Defect filed", False, None),
        (ResolutionKind.MOVED_TO_PUBLIC, "Moved to a public issue", True, "not_planned"),
        (ResolutionKind.WONT_FIX, "Won't fix", True, "not_planned"),
    ],
    ids=[k.value for k in ResolutionKind],
)
def test_resolution_kinds(kind: ResolutionKind, label: str, closes: bool, reason: str | None) -> None:
    assert (kind.label, kind.closes_issue, kind.close_reason) == (label, closes, reason)


# --- properties: whatever people click, the rules hold ----------------------------------------------------------

PEOPLE = [OWNER, REQUESTER, MEMBER, LEAD, STRANGER, BOT, Actor("U3")]
steps = st.tuples(
    st.sampled_from(list(OwnershipAction)),
    st.sampled_from(PEOPLE),
    st.sampled_from([None, "U1", "U3", "ULEAD"]),
    st.sampled_from([None, "", "handing over with context"]),
    st.sampled_from([None, *ResolutionKind]),
)


@settings(max_examples=150, deadline=None)
@given(st.lists(steps, max_size=25))
def test_ownership_is_only_ever_seen_through_or_handed_on(
    script: list[tuple[OwnershipAction, Actor, str | None, str | None, ResolutionKind | None]],
) -> None:
    events: list[OwnershipEvent] = []
    for i, (action, actor, target, note, resolution) in enumerate(script):
        state = derive_state(events)
        decision = decide(action, state, actor, at=T0 + timedelta(minutes=i), target=target, note=note,
                          resolution=resolution, team=TEAM)
        assert decision.allowed == bool(decision.events) == (not decision.reason)
        for event in decision.events:
            owner_moves = state.owner is not None and event.to_user != state.owner and event.kind is not K.RESOLVED
            if owner_moves and not state.informal:
                # Seed 004: a formal owner's request moves on only by a hand-over, a release, or a lead taking it.
                assert event.kind in (K.HANDED_OVER, K.RELEASED) or (event.kind is K.CLAIMED and actor.is_lead)
            if event.kind is K.RELEASED:
                assert actor.user_id == state.owner or actor.is_lead
            assert not (state.is_resolved and event.kind is not K.REOPENED)
        events.extend(decision.events)
        after = derive_state(events)
        assert after.informal <= (after.owner is not None)
        assert after.is_resolved == (after.resolution is not None) == (after.resolved_by is not None)

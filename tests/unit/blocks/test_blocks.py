"""Block Kit builders stay inside Slack's limits whatever the user typed, and never let user text ping anyone."""

from __future__ import annotations

import json

from slack_sdk.models.blocks import Block
from slack_sdk.models.views import View

from bot.blocks.intake_modal import IntakeMeta, IntakePrefill, RoutingHint, TeamChoice, intake_modal
from bot.blocks.team_post import RequestCard, confirmation_blocks, team_post
from bot.core.config import load_config
from bot.core.domain import RequestState

TEAMS = [TeamChoice(t.id, t.name, t.handle) for t in load_config().teams.teams]
HUGE = "x" * 20_000


def test_the_modal_validates_with_huge_prefills_and_a_long_permalink():
    view = intake_modal(teams=TEAMS, prefill=IntakePrefill(summary=HUGE, need=HUGE, customer_quote=HUGE),
                        hint=RoutingHint("distribution", "Distribution", 0.9, tuple(["k8s"] * 50)),
                        meta=IntakeMeta(channel_id="C1", thread_ts="1.2", permalink="https://x/" + "p" * 4000))
    View(**view).to_dict()  # the SDK's validators: lengths, block count, metadata size
    assert len(view["private_metadata"]) <= 3000


def test_an_unsure_suggestion_preselects_nothing():
    view = intake_modal(teams=TEAMS, prefill=IntakePrefill(), hint=RoutingHint(None, None, 0.2, unsure=True),
                        meta=IntakeMeta())
    team = next(b for b in view["blocks"] if b.get("block_id") == "team")
    assert "initial_option" not in team["element"]
    assert "pick one" in json.dumps(view["blocks"])



def test_each_modal_preselects_its_own_team_although_the_static_blocks_are_shared():
    def team_of(view: dict) -> dict:
        return next(b for b in view["blocks"] if b.get("block_id") == "team")["element"]

    first, second = TEAMS[0], TEAMS[1]
    views = [intake_modal(teams=TEAMS, prefill=IntakePrefill(summary=f"text {i}"), meta=IntakeMeta(source="command"),
                          hint=RoutingHint(t.id, t.name, 0.8) if t else RoutingHint(None, None, 0.1, unsure=True))
             for i, t in enumerate([first, second, None])]
    assert team_of(views[0])["initial_option"]["value"] == first.id
    assert team_of(views[1])["initial_option"]["value"] == second.id
    assert "initial_option" not in team_of(views[2])
    assert [o["value"] for o in team_of(views[2])["options"]] == [t.id for t in TEAMS]


def test_the_metadata_keeps_only_the_fields_that_are_set_and_reads_back():
    meta = IntakeMeta(channel_id="C1", source="shortcut", suggested_team="distribution", confidence=0.5)
    assert json.loads(meta.dump()) == {"channel_id": "C1", "source": "shortcut", "suggested_team": "distribution",
                                       "confidence": 0.5}
    assert IntakeMeta.load(meta.dump()) == meta

def card(**overrides) -> RequestCard:
    values = dict(request_id=1, customer="Acme <!channel>", summary="<@U999> broke @here", need=HUGE,
                  urgency=HUGE, priority="ce/p1", requester_id="U1", team_name="Distribution",
                  mention="<!subteam^S1|@distribution-support>", request_type="Defect",
                  issue_url="https://github.example/o/r/issues/1", issue_ref="r#1")
    values.update(overrides)
    return RequestCard(**values)  # type: ignore[arg-type]


def test_the_team_post_fits_slack_and_only_our_mention_pings():
    text, blocks = team_post(card())
    dumped = [b.to_dict() if isinstance(b, Block) else b for b in blocks]
    rendered = text + json.dumps(dumped)
    assert rendered.count("<!subteam^S1|@distribution-support>") == 2
    assert "<!channel>" not in rendered and "<@U999>" not in rendered and "@here" not in rendered
    assert len(text) <= 3000 and len(dumped) <= 50
    labels = [e["text"]["text"] for b in dumped if b["type"] == "actions" for e in b["elements"]]
    assert labels == ["Take ownership", "Hand over", "Resolve", "Re-route", "History"]


def test_a_resolved_post_offers_reopen_and_its_history_only():
    _, blocks = team_post(card(status="resolved", resolution="fixed"))
    labels = [e.text.text for b in blocks if b.type == "actions" for e in b.elements]  # type: ignore[attr-defined]
    assert labels == ["Reopen", "History"]


def test_a_request_that_needs_attention_offers_retry():
    blocks = [b.to_dict() for b in confirmation_blocks(card(state=RequestState.NEEDS_ATTENTION,
                                                            state_detail="GitHub refused the token"))]
    assert "needs attention" in json.dumps(blocks) and "Retry" in json.dumps(blocks)

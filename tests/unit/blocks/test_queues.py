"""App Home, the private lists and the priorities copy stay inside Block Kit's limits at their largest, escape user
text, and keep their state in the view."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from slack_sdk.models.views import View

from bot.blocks.app_home import (
    HOME_PAGE_SIZE,
    HomeState,
    Tab,
    home_pager,
    home_view,
    mine_body,
    overview_body,
    priorities_body,
    team_body,
)
from bot.blocks.intake_modal import TeamChoice
from bot.blocks.priorities import MoveLine, MoveMeta, move_modal, moved_dm, summary_line
from bot.blocks.queues import ListPage, id_line, list_message, priorities_message
from bot.core.config import load_config
from bot.core.queues import (
    ListPosition,
    Overview,
    PrioritiesList,
    PriorityEntry,
    QueueFilter,
    QueueItem,
    StateFilter,
    TeamOverview,
)
from bot.queues.rules import Move, list_entries, paginate
from fakes.slack import block_errors, view_errors

NOW = datetime(2026, 11, 24, 9, tzinfo=UTC)
HUGE = "<!channel> <@U999> " + "x" * 5000
CONFIG = load_config()
TEAMS = [TeamChoice(t.id, t.name, t.handle) for t in CONFIG.teams.teams]


def item(n: int, owner: str | None = None) -> QueueItem:
    return QueueItem(n, HUGE, HUGE, "distribution", "Distribution", "ce/p1", 1, "open", "retrying", "U0REQ",
                     NOW - timedelta(days=3), owner_id=owner, issue_url="https://github.example/o/r/issues/1",
                     issue_ref="r#1", post_permalink="https://slack.example/p1", position=ListPosition("d", n, 999),
                     overdue="unclaimed past its claim SLA")


def publish(body, state: HomeState, page, notice: str | None = HUGE) -> dict:
    view = home_view(state=state, body=body, pages=home_pager(state, page), teams=TEAMS,
                     priorities=CONFIG.priority.labels, notice=notice).to_dict()
    assert view_errors(view, allowed_types=("home",)) == []  # what Slack refuses (the fake's rules)
    assert len(view["blocks"]) <= 100
    View(**view).to_dict()  # and the SDK's own validators
    return view


def test_every_tab_at_its_largest_stays_under_100_blocks_and_validates():
    many = [item(n) for n in range(1, 200)]
    page = paginate([("owned" if n % 2 else "requested", i) for n, i in enumerate(many)], 1, HOME_PAGE_SIZE)
    publish(mine_body(page, NOW), HomeState(Tab.MINE, 1), page)
    team_page = paginate(many, 1, HOME_PAGE_SIZE)
    view = publish(team_body("Queue of Distribution", team_page, NOW), HomeState(Tab.TEAM, 1), team_page)
    assert sum(1 for b in view["blocks"] if b.get("accessory", {}).get("action_id") == "home_take_ownership") == 20
    lists = [PrioritiesList(f"team{t}", f"Team {t}", (PriorityEntry(1, item(t), HUGE, "U0LEAD"),), ("U1",))
             for t in range(40)]  # every entry on another team's list: a header per entry
    entries = paginate(list_entries(lists, QueueFilter()), 0, HOME_PAGE_SIZE)
    publish(priorities_body(lists, entries), HomeState(Tab.PRIORITIES), entries)
    overview = Overview({"unclaimed": 5, "owned": 3}, tuple(
        TeamOverview(f"t{n}", HUGE, 1, 2, 3, item(n), 4, 5, 6) for n in range(60)), NOW)
    publish(overview_body(overview), HomeState(Tab.OVERVIEW), paginate([], 0, 20))


def test_user_text_never_pings_anyone_from_app_home():
    view = publish(team_body("Queue", paginate([item(1)], 0, 20), NOW), HomeState(Tab.TEAM), paginate([], 0, 1),
                   notice=None)  # notices are the bot's own answers (they may mention people on purpose)
    text = str(view)
    assert "<!channel>" not in text and "<@U999>" not in text and "&lt;!channel&gt;" in text


def test_home_state_round_trips_and_survives_foreign_metadata():
    state = HomeState(Tab.PRIORITIES, 3, "distribution", 1, StateFilter.UNCLAIMED)
    assert HomeState.load(state.dump()) == state
    assert HomeState.load(None) == HomeState() == HomeState.load("not json") == HomeState.load('{"tab": "nope"}')
    assert state.with_filter("team", "any") == HomeState(Tab.PRIORITIES, 0, None, 1, StateFilter.UNCLAIMED)
    assert state.with_filter("priority", "0").priority == 0
    assert state.with_filter("state", "resolved").state is StateFilter.RESOLVED


def test_the_summary_is_one_line_and_counts_what_does_not_fit():
    moves = [MoveLine(n, "U0LEAD", 5, 1, "renewal\nnext week <!here>") for n in range(100)]
    line = summary_line("Distribution", moves)
    assert "\n" not in line and len(line) <= 3000
    assert line.endswith("more move(s).") and "<!here>" not in line
    assert summary_line("Distribution", moves[:1]) == (
        ":clipboard: Priorities list of Distribution: <@U0LEAD> moved RFH-0 from #5 to #1 (renewal next week "
        "&lt;!here&gt;).")


def test_the_requesters_note_escapes_their_text_and_the_reason():
    text = moved_dm(request_id=7, title="[Acme <!channel>] x", team_name="Distribution", actor="U0LEAD", before=4,
                    after=1, reason="<@U999> said so")
    assert "now *#1* (was #4)" in text and "<!channel>" not in text and "<@U999>" not in text


def test_the_move_modal_and_its_metadata():
    view = move_modal(request_id=7, title=HUGE, team_name="Distribution", current=4, length=9, move=Move.TOP,
                      target=1, origin="home:" + HomeState(Tab.PRIORITIES).dump()).to_dict()
    assert view_errors(view, allowed_types=("modal",)) == []
    assert MoveMeta.load(view["private_metadata"]) == MoveMeta(7, Move.TOP, "home:" + HomeState(Tab.PRIORITIES).dump())
    position = next(b for b in view["blocks"] if b.get("block_id") == "position")
    assert position["element"]["initial_value"] == "1"


def test_private_lists_fit_a_message_and_name_every_request():
    page = paginate([item(n) for n in range(1, 500)], 0, 10)
    text, blocks = list_message(title="Open requests of Distribution", where=ListPage("team", "distribution", 0),
                                page=page, now=NOW, empty="none", all_ids=list(range(1, 500)))
    dicts = [b.to_dict() for b in blocks]
    assert block_errors(dicts) == [] and len(dicts) <= 50
    assert "and 1" in id_line("All", list(range(1, 500))) or "more" in id_line("All", list(range(1, 500)))
    assert text.startswith("Open requests of Distribution (499 requests · page 1 of 50)")
    assert ListPage.load(ListPage("team", "distribution", 3).dump()) == ListPage("team", "distribution", 3)
    assert ListPage.load(ListPage("mine", None, 0).dump()) == ListPage("mine", None, 0)
    few = list(range(1, 40))
    assert id_line("All", few) == "All: " + ", ".join(f"RFH-{n}" for n in few)


@pytest.mark.parametrize("entries", [0, 1, 30])
def test_priorities_answer_fits_a_message(entries):
    plist = PrioritiesList("distribution", "Distribution",
                           tuple(PriorityEntry(n + 1, item(n + 1), HUGE, "U0LEAD") for n in range(entries)))
    page = paginate(list_entries([plist], QueueFilter()), 0, 15)
    text, blocks = priorities_message([plist], page, where=ListPage("priorities", "distribution", 0))
    dicts = [b.to_dict() for b in blocks]
    assert block_errors(dicts) == [] and len(dicts) <= 50
    assert text.startswith("Priorities list of Distribution")

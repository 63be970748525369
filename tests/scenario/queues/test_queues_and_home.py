"""Queues and App Home over signed HTTP: `/rfh list …` (private, paged, every open request of a team named), and
every App Home tab (Mine, My team's queue with Take ownership, Priorities, Overview) with its filters and pages,
each published view validated by the fake Slack (Block Kit limits, 100 blocks)."""

from __future__ import annotations

import uuid
from datetime import timedelta

from bot.core.domain import Origin, RequestForm, RequestType
from bot.intake.service import Suggested, submit
from routing.priority import Severity
from tests.scenario.harness import BotUnderTest, wait_for
from tests.scenario.ownership.flows import file_request, request_row, run_jobs, signed
from tests.scenario.queues.flows import (
    ANA,
    BEN,
    REQUESTER,
    STRANGER,
    click_home,
    home_text,
    listed,
    open_home,
    rendered,
    rfh_ids_in_order,
    sections,
    slash,
)
from tests.signing import block_actions_body, slash_command_body


async def seed(bot: BotUnderTest, n: int, *, team: str = "distribution", requester: str = REQUESTER,
               severity: Severity = Severity.SERIOUS) -> list[int]:
    """Requests stored as the intake modal stores them (not delivered: the lists show them all the same)."""
    ids = []
    for k in range(n):
        form = RequestForm(customer="Globex", summary=f"Search is slow {k}", need="Why?", severity=severity,
                           request_type=RequestType.HELP, urgency="this week", team_id=team)
        done = await submit(sessions=bot.services.sessions, config=bot.services.config, form=form,
                            requester=requester, origin=Origin(), view_id=f"V{uuid.uuid4().hex[:12]}",
                            suggested=Suggested(None, None), clock=bot.services.clock)
        ids.append(done.request.id)
    return ids


async def test_list_team_names_every_open_request_of_the_team_and_pages_through_them(queue_bot, fake_slack):
    first = await file_request(queue_bot, view_id="V0FIRST")
    ids = [first, *await seed(queue_bot, 12)]
    other = await seed(queue_bot, 1, team="core-application")
    ownership = queue_bot.services.ownership
    assert (await ownership.resolve(ids[5], actor=BEN, kind="answered", note="Pointed them at the docs")).ok
    open_ids = [i for i in ids if i != ids[5]]

    answer = await slash(queue_bot, fake_slack, "list team distribution", STRANGER)
    named = set(rfh_ids_in_order(answer["text"]))
    assert named == set(open_ids)  # every open request of the team, by RFH-<id>
    assert set(rfh_ids_in_order(rendered(answer))) == set(open_ids)
    assert "12 requests · page 1 of 2" in rendered(answer)

    url = fake_slack.response_url()
    message = {"ts": answer["message_ts"], "text": answer["text"], "blocks": answer["blocks"], "type": "message"}
    body = block_actions_body(action_id="list_page_next", user_id=STRANGER, channel_id=answer["channel"],
                              message=message, response_url=url)
    assert (await queue_bot.slack(body, signed(body))).status == 200
    [page2] = await wait_for(lambda: fake_slack.response_posts(url))
    assert page2.body["replace_original"] and not page2.errors  # the fake validated the blocks
    assert "page 2 of 2" in rendered(page2.body)
    shown = [b["text"]["text"] for b in page2.body["blocks"] if b["type"] == "section" and "RFH-" in b["text"]["text"]]
    assert len(shown) == 2  # the last two requests

    mine = await slash(queue_bot, fake_slack, "list", REQUESTER)
    assert set(rfh_ids_in_order(mine["text"])) <= set(open_ids + other) and "Your open requests" in mine["text"]
    unclaimed = await slash(queue_bot, fake_slack, "list unclaimed", STRANGER)
    assert unclaimed["text"].startswith("Unclaimed requests (13 requests")  # both teams' open ones, 12 + 1
    assert "Open requests you own" in (await slash(queue_bot, fake_slack, "list owned", BEN))["text"]
    ana_team = await slash(queue_bot, fake_slack, "list team", ANA)  # her team, from the config
    assert "Open requests of Distribution" in ana_team["text"]
    assert "Which team?" in (await slash(queue_bot, fake_slack, "list team", STRANGER))["text"]
    assert "There is no team `nope`" in (await slash(queue_bot, fake_slack, "list team nope", ANA))["text"]
    assert "takes no team" in (await slash(queue_bot, fake_slack, "list owned distribution", ANA))["text"]


async def test_list_overdue_and_unclaimed_and_a_summary_starting_with_list_still_opens_the_form(
        queue_bot, fake_slack, clock):
    urgent = await seed(queue_bot, 1, severity=Severity.OUTAGE)  # p0: claim within 15 minutes
    calm = await seed(queue_bot, 1, severity=Severity.FEATURE)  # p3: three business days
    clock.advance(timedelta(hours=1))
    overdue = await slash(queue_bot, fake_slack, "list overdue", STRANGER)
    assert rfh_ids_in_order(overdue["text"]) == urgent and "past its claim SLA" in rendered(overdue)
    unclaimed = await slash(queue_bot, fake_slack, "list unclaimed", STRANGER)
    assert rfh_ids_in_order(unclaimed["text"]) == urgent + calm  # by priority

    opened = len(fake_slack.calls_to("views.open"))
    body = slash_command_body(text="list of repos is not syncing", user_id=REQUESTER, channel_id="C0SUPPORT",
                              trigger_id=fake_slack.new_trigger_id(), response_url=fake_slack.response_url())
    assert (await queue_bot.slack(body, signed(body))).status == 200
    [modal] = await wait_for(lambda: fake_slack.calls_to("views.open")[opened:])
    assert "list of repos is not syncing" in rendered(modal.args["view"] if isinstance(modal.args["view"], dict)
                                                      else {"text": str(modal.args["view"])})


async def test_every_app_home_tab_renders_and_take_ownership_works_right_there(queue_bot, fake_slack, clock):
    mine = await file_request(queue_bot, view_id="V0HOME1")
    core = await seed(queue_bot, 1, team="core-application", requester=STRANGER)
    queue = await seed(queue_bot, 3, requester=STRANGER)

    home = await open_home(queue_bot, fake_slack, REQUESTER)
    assert '"Mine"' in home_text(home) and "You asked for" in home_text(home)
    assert f"RFH-{mine}" in home_text(home) and ":clipboard: #1 of 4" in home_text(home)

    await open_home(queue_bot, fake_slack, ANA)
    home = await click_home(queue_bot, fake_slack, ANA, "home_tab:team", "team")
    assert "Queue of Distribution: unclaimed first" in home_text(home)
    assert listed(home) == [mine, *queue]  # unclaimed, same priority: oldest first
    assert home_text(home).count('"home_take_ownership"') == 4
    home = await click_home(queue_bot, fake_slack, ANA, "home_take_ownership", str(queue[1]))
    assert f"You own RFH-{queue[1]} now" in home_text(home)
    assert (await request_row(queue_bot, queue[1])).owner_id == ANA
    assert listed(home) == [mine, queue[0], queue[2], queue[1]]  # unclaimed first
    assert home_text(home).count('"home_take_ownership"') == 3

    home = await click_home(queue_bot, fake_slack, ANA, "home_filter_state", "unclaimed")
    assert queue[1] not in listed(home)
    home = await click_home(queue_bot, fake_slack, ANA, "home_filter_priority", "0")
    assert listed(home) == [] and "No requests with these filters" in home_text(home)
    home = await click_home(queue_bot, fake_slack, ANA, "home_filter_priority", "any")
    home = await click_home(queue_bot, fake_slack, ANA, "home_filter_team", "core-application")
    assert listed(home) == core

    home = await click_home(queue_bot, fake_slack, ANA, "home_filter_team", "any")
    home = await click_home(queue_bot, fake_slack, ANA, "home_tab:priorities", "priorities")
    assert "RFH priorities list of Distribution" in home_text(home)
    assert "RFH priorities list of Core Application" in home_text(home)
    assert home_text(home).count('"priority_move"') == 4  # the unclaimed ones (the filter still applies)

    clock.advance(timedelta(hours=3))  # p1: past the claim SLA; the scheduler re-pings and escalates
    await run_jobs(queue_bot)
    home = await click_home(queue_bot, fake_slack, ANA, "home_tab:overview", "overview")
    distribution = next(text for text in sections(home) if text.startswith("*Distribution*"))
    assert distribution.startswith("*Distribution* · 3 unclaimed · 1 owned · 0 resolved this week\n"
                                   f"oldest unclaimed: RFH-{mine}, since 2026-11-24\n")
    assert distribution.endswith("1 claim deadline(s) missed, 1 escalation(s), 0 quiet owner(s) nudged")
    core_line = next(text for text in sections(home) if text.startswith("*Core Application*"))
    assert f"oldest unclaimed: RFH-{core[0]}" in core_line and "0 claim deadline(s) missed" in core_line


async def test_app_home_pages_stay_under_the_block_limit(queue_bot, fake_slack):
    await seed(queue_bot, 45)
    await seed(queue_bot, 30, team="core-application")
    for tab in ("team", "priorities"):
        await open_home(queue_bot, fake_slack, BEN)
        home = await click_home(queue_bot, fake_slack, BEN, f"home_tab:{tab}", tab)
        seen = set(listed(home))
        pages = 1
        while '"home_page_next"' in home_text(home):
            home = await click_home(queue_bot, fake_slack, BEN, "home_page_next")
            assert len(home["blocks"]) <= 100
            seen |= set(listed(home))
            pages += 1
        assert pages >= 3 and len(seen) >= (45 if tab == "team" else 75)
        home = await click_home(queue_bot, fake_slack, BEN, "home_page_previous")
        assert '"home_page_next"' in home_text(home) and '"home_page_previous"' in home_text(home)

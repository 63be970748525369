"""The RFH priorities list over signed HTTP (handbook 002, step 5): a new request lands last; a lead moves it to the
top with a reason and the requester is told; a non-lead's move is refused with the reason; two leads on two replicas
moving at once keep one consistent order; the list is printed by `rfh priorities TEAM`."""

from __future__ import annotations

import asyncio
import uuid
from datetime import timedelta

from sqlalchemy import select

from bot.blocks.ids import BlockId
from bot.blocks.priorities import move_modal
from bot.core.queues import Move
from bot.queues.service import Priorities
from bot.shell.cli import main
from storage.models import PriorityEvent
from tests.scenario.harness import BotUnderTest, wait_for
from tests.scenario.ownership.flows import dms, file_request, request_row, run_jobs, signed
from tests.scenario.queues.conftest import prepare_fakes
from tests.scenario.queues.flows import (
    ANA,
    CONFIG,
    LEAD,
    LEAD2,
    REQUESTER,
    STRANGER,
    click_home,
    home_text,
    open_home,
    queues_config,
    rendered,
    rfh_ids_in_order,
    slash,
)
from tests.signing import block_actions_body, view_submission_body


async def file_many(bot: BotUnderTest, n: int, team: str = "distribution") -> list[int]:
    return [await file_request(bot, team=team, summary=f"Pods crash-loop {k}", view_id=f"V{uuid.uuid4().hex[:10]}")
            for k in range(n)]


async def confirmation(bot: BotUnderTest, fake_slack, request_id: int) -> str:
    row = await request_row(bot, request_id)
    return rendered(fake_slack.message(row.confirm_channel, row.confirm_ts))


async def choose_move(bot: BotUnderTest, fake_slack, answer: dict, user: str, request_id: int, move: Move,
                      response_url: str | None = None) -> str:
    """Pick an entry of a private priorities answer from its Move menu; returns the trigger id used."""
    trigger = fake_slack.new_trigger_id()
    message = {"ts": answer["message_ts"], "text": answer["text"], "blocks": answer["blocks"], "type": "message"}
    body = block_actions_body(action_id="priority_move", value=f"{request_id}:{move.value}", user_id=user,
                              channel_id=answer["channel"], message=message, trigger_id=trigger,
                              response_url=response_url or fake_slack.response_url())
    assert (await bot.slack(body, signed(body))).status == 200
    return trigger


async def opened_modal(fake_slack, trigger: str) -> dict:
    calls = await wait_for(lambda: [c for c in fake_slack.calls_to("views.open") if c.args["trigger_id"] == trigger])
    assert calls and calls[0].ok, calls
    return calls[0].response["view"]


async def submit_move(bot: BotUnderTest, view: dict, user: str, position: str, reason: str) -> dict | None:
    body = view_submission_body(view=view, values={BlockId.POSITION: position, BlockId.NOTE: reason}, user_id=user,
                                view_id=view["id"])
    reply = await bot.slack(body, signed(body))
    assert reply.status == 200, reply.text
    return reply.json()


async def list_order(bot: BotUnderTest, team: str = "distribution") -> list[int]:
    plist = await Priorities(sessions=bot.services.sessions, config=bot.services.config,
                             clock=bot.services.clock).list_of(team)
    return [e.item.request_id for e in plist.entries]


async def test_a_new_request_lands_last_and_every_view_of_the_list_says_so(queue_bot, fake_slack, tmp_path,
                                                                            monkeypatch, capsys, database_url):
    ids = await file_many(queue_bot, 3)
    other = await file_many(queue_bot, 1, team="search-core")

    answer = await slash(queue_bot, fake_slack, "priorities distribution", STRANGER)
    assert rfh_ids_in_order(answer["text"]) == ids  # "1. RFH-1, 2. RFH-2, 3. RFH-3"
    assert rfh_ids_in_order(rendered({"blocks": answer["blocks"]}))[:3] == ids
    assert f"RFH-{other[0]}" not in rendered(answer)
    assert "*#3* of 3 on the RFH priorities list of Distribution" in await confirmation(queue_bot, fake_slack, ids[2])
    assert "priorities list" not in await confirmation(queue_bot, fake_slack, other[0])

    config = tmp_path / "rfh.toml"
    config.write_text(CONFIG)
    monkeypatch.setenv("RFH_CONFIG", str(config))
    monkeypatch.setenv("DATABASE_URL", database_url)
    capsys.readouterr()
    assert await asyncio.to_thread(main, ["priorities", "distribution"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [rfh_ids_in_order(line) for line in lines] == [[i] for i in ids]
    assert lines[0].startswith(f"1. RFH-{ids[0]} [Acme Corp] Pods crash-loop 0 (ce/p1, unclaimed")
    assert await asyncio.to_thread(main, ["priorities", "distribution", "--csv"]) == 0
    rows = capsys.readouterr().out.splitlines()
    assert rows[0].startswith("position,request,customer") and rows[1].startswith(f"1,RFH-{ids[0]},Acme Corp,")
    assert await asyncio.to_thread(main, ["priorities", "search-core"]) == 2
    assert "keeps no priorities list" in capsys.readouterr().err


async def test_a_lead_moves_it_to_the_top_with_a_reason_and_the_requester_is_told(queue_bot, fake_slack, clock):
    ids = await file_many(queue_bot, 3)
    answer = await slash(queue_bot, fake_slack, "priorities distribution", LEAD)
    url = fake_slack.response_url()
    view = await opened_modal(fake_slack, await choose_move(queue_bot, fake_slack, answer, LEAD, ids[2], Move.TOP,
                                                            url))
    assert "is *#3* of 3" in rendered(view)
    assert await submit_move(queue_bot, view, LEAD, "1", "Renewal at risk next week") is None
    await queue_bot.deliver()

    assert await list_order(queue_bot) == [ids[2], ids[0], ids[1]]
    [told] = [m for m in dms(fake_slack, REQUESTER) if "priorities list" in m["text"]]
    assert f"moved your RFH-{ids[2]}" in told["text"] and "now *#1* (was #3)" in told["text"]
    assert "Renewal at risk next week" in told["text"]
    assert "*#1* of 3" in await confirmation(queue_bot, fake_slack, ids[2])
    assert "*#2* of 3" in await confirmation(queue_bot, fake_slack, ids[0])  # shifted down, shown where it is now
    [refreshed] = await wait_for(lambda: fake_slack.response_posts(url))  # after the ack: waited for
    assert refreshed.body["replace_original"] and not refreshed.errors
    assert refreshed.body["text"].startswith(f"RFH-{ids[2]} is now #1 (was #3)")
    assert rfh_ids_in_order(refreshed.body["text"].split("top first")[1]) == [ids[2], ids[0], ids[1]]
    async with queue_bot.services.sessions() as session:
        history = (await session.execute(select(PriorityEvent.kind, PriorityEvent.actor, PriorityEvent.reason)
                                         .where(PriorityEvent.request_id == ids[2])
                                         .order_by(PriorityEvent.id))).all()
    assert [tuple(h) for h in history] == [("added", REQUESTER, None), ("moved", LEAD, "Renewal at risk next week")]

    assert not [m for m in fake_slack.messages("#distribution") if ":clipboard:" in m["text"]]  # batched, not yet
    clock.advance(timedelta(minutes=3))
    await run_jobs(queue_bot)
    [summary] = [m for m in fake_slack.messages("#distribution") if ":clipboard:" in m["text"]]
    assert summary["text"] == (f":clipboard: Priorities list of Distribution: <@{LEAD}> moved RFH-{ids[2]} from #3 "
                               "to #1 (Renewal at risk next week).")


async def test_a_non_leads_move_is_refused_with_the_reason(queue_bot, fake_slack):
    ids = await file_many(queue_bot, 2)
    refusal = ("Only the leads of Distribution (<@U0LEAD>, <@U0LEAD2>) can reorder its priorities list. To ask for "
               "another place, start a thread with them in the team's channel.")
    answer = await slash(queue_bot, fake_slack, "priorities distribution", ANA)
    opened = len(fake_slack.calls_to("views.open"))
    await choose_move(queue_bot, fake_slack, answer, ANA, ids[1], Move.TOP)
    assert await wait_for(lambda: fake_slack.ephemerals(user=ANA)[-1]["text"] == refusal)
    assert len(fake_slack.calls_to("views.open")) == opened  # no modal for someone who may not

    # A submission forged without the menu is refused too, on the position field.
    view = move_modal(request_id=ids[1], title="x", team_name="Distribution", current=2, length=2, move=Move.TOP,
                      target=1).to_dict()
    answer = await submit_move(queue_bot, {**view, "id": "V0FORGED"}, REQUESTER, "1", "mine first please")
    assert answer == {"response_action": "errors", "errors": {BlockId.POSITION: refusal}}

    await open_home(queue_bot, fake_slack, ANA)
    home = await click_home(queue_bot, fake_slack, ANA, "home_tab:priorities", "priorities")
    home = await click_home(queue_bot, fake_slack, ANA, "priority_move", f"{ids[1]}:up")
    assert f":no_entry: {refusal}" in home_text(home)
    assert await list_order(queue_bot) == ids


async def test_two_leads_on_two_replicas_moving_at_once_keep_one_order(queue_bot, fake_slack, fake_github, clock,
                                                                       database_url):
    """Both replicas serve Slack from one database (PostgreSQL in CI): the leads' moves are decided one after the
    other, whatever the interleaving."""
    ids = await file_many(queue_bot, 6)
    prepare_fakes(fake_slack, fake_github)
    replica = await BotUnderTest.start(slack_url=fake_slack.url, github_url=fake_github.url,
                                       database_url=database_url, clock=clock, config=queues_config())
    try:
        for round_, (first, second) in enumerate([(ids[4], ids[5]), (ids[0], ids[3]), (ids[2], ids[1])]):
            before = await list_order(queue_bot)
            answers = [await slash(bot, fake_slack, "priorities distribution", lead)
                       for bot, lead in ((queue_bot, LEAD), (replica, LEAD2))]
            views = [await opened_modal(fake_slack, await choose_move(bot, fake_slack, answer, lead, item, Move.TOP))
                     for bot, answer, lead, item in ((queue_bot, answers[0], LEAD, first),
                                                     (replica, answers[1], LEAD2, second))]
            replies = await asyncio.gather(submit_move(queue_bot, views[0], LEAD, "1", f"round {round_} A"),
                                           submit_move(replica, views[1], LEAD2, "1", f"round {round_} B"))
            assert replies == [None, None]
            after = await list_order(replica)
            assert sorted(after) == sorted(ids)  # nothing lost, nothing twice
            assert set(after[:2]) == {first, second}  # both on top, in the order they were decided
            assert [i for i in after if i not in (first, second)] == [i for i in before if i not in (first, second)]
    finally:
        await replica.stop()
    async with queue_bot.services.sessions() as session:
        moved = (await session.execute(select(PriorityEvent.to_position).where(PriorityEvent.kind == "moved"))).all()
    assert [m for (m,) in moved] == [1] * 6

"""One request's life, end to end over the fakes with a manual clock: filed, on-call pinged, re-pinged, escalated,
claimed, handed over, nudged, resolved. Prints the timeline of posts and DMs (``pytest -s`` shows it; the README's
example comes from here) and checks its order."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from bot.blocks.ids import BlockId
from tests.scenario.ownership.flows import (
    BEN,
    BERLIN,
    CAR,
    T0,
    berlin,
    click,
    file_request,
    request_row,
    run_jobs,
    submit_modal,
)

NAMES = {"U0REQ": "requester", "U0ANA": "Ana", "U0BEN": "Ben", "U0CAR": "Car", "U0LEAD": "Lea",
         "U0DAN": "Dan"}


def _where(fake_slack, channel: str, thread_ts: str | None, request) -> str:
    if channel in ("#distribution", request.post_channel):
        return "#distribution thread" if thread_ts else "#distribution"
    dm_of = {fake_slack.channel_id(user): name for user, name in NAMES.items()}
    name = NAMES.get(channel) or dm_of.get(channel)
    return f"DM {name}" if name else channel


def _short(text: str) -> str:
    text = re.sub(r"<@(U0[A-Z]+)>", lambda m: "@" + NAMES.get(m.group(1), m.group(1)), text)
    text = re.sub(r"<!subteam\^\w+\|(@[\w-]+)>", r"\1", text)
    text = re.sub(r"<(https?://[^|>]+)\|([^>]+)>", r"\2", text)
    text = re.sub(r"<!date\^\d+\^[^|]+\|([^>]+)>", r"\1", text)
    return text.replace("\n", " ")[:260]


def _slack_line(fake_slack, call, request) -> str | None:
    if call.method not in ("chat.postMessage", "chat.update") or not call.ok:
        return None
    where = _where(fake_slack, str(call.args["channel"]), call.args.get("thread_ts"), request)
    if call.method == "chat.update":  # what changed on the post or the confirmation: its ownership line
        context = [e["text"] for b in call.args.get("blocks") or [] if b["type"] == "context" for e in b["elements"]]
        return f"{where:<22} (updated) {_short(context[-1] if context else call.args.get('text', ''))}"
    return f"{where:<22} {_short(str(call.args.get('text', '')))}"


def _github_line(call) -> str | None:
    number = re.search(r"/issues/(\d+)", call.path)
    if call.method == "POST" and call.path.endswith("/issues"):
        return f"{'GitHub':<22} issue customer#{call.response.get('number')} filed: {call.json['title']}"
    if call.method == "POST" and call.path.endswith("/comments"):
        return f"{'GitHub':<22} comment on customer#{number.group(1)}: {_short(call.json['body'])}"
    if call.method == "PATCH" and (call.json or {}).get("state"):
        reason = f" ({call.json['state_reason']})" if call.json.get("state_reason") else ""
        return f"{'GitHub':<22} customer#{number.group(1)} {call.json['state']}{reason}"
    return None


async def test_one_request_from_creation_through_escalation_claim_hand_over_and_resolution(
        team_bot, fake_slack, fake_github, clock):
    slack_at: list[datetime] = []
    github_at: list[datetime] = []

    def stamp() -> None:
        """The bot clock's time for each call to the fakes made since the last stamp."""
        slack_at.extend([clock.now()] * (len(fake_slack.calls) - len(slack_at)))
        github_at.extend([clock.now()] * (len(fake_github.calls) - len(github_at)))

    request_id = await file_request(team_bot, priority="ce/p1")
    stamp()
    row = await request_row(team_bot, request_id)
    for at in (T0 + timedelta(hours=1), T0 + timedelta(hours=2)):
        clock.set(at)
        await run_jobs(team_bot)
        stamp()
    clock.set(berlin(24, 12, 10))
    await click(team_bot, fake_slack, "take_ownership", request_id, BEN, channel=row.post_channel, ts=row.post_ts)
    stamp()
    clock.set(berlin(24, 15, 30))
    await click(team_bot, fake_slack, "hand_over", request_id, BEN, channel=row.post_channel, ts=row.post_ts)
    await submit_modal(team_bot, fake_slack, BEN, {BlockId.NEW_OWNER: CAR, BlockId.NOTE: (
        "gitserver is OOMKilled; their limit is 2Gi. Next: confirm the new limit with the customer.")})
    stamp()
    clock.set(berlin(25, 15, 30))
    await run_jobs(team_bot)
    stamp()
    clock.set(berlin(25, 16, 45))
    await click(team_bot, fake_slack, "resolve", request_id, CAR, channel=row.post_channel, ts=row.post_ts)
    await submit_modal(team_bot, fake_slack, CAR, {BlockId.RESOLUTION: "fixed",
                                                   BlockId.NOTE: "Raised gitserver memory to 4Gi; stable since."})
    stamp()

    calls = [(c.at, at, _slack_line(fake_slack, c, row)) for at, c in zip(slack_at, fake_slack.calls, strict=False)]
    calls += [(c.at, at, _github_line(c)) for at, c in zip(github_at, fake_github.calls, strict=False)]
    lines = [f"{at.astimezone(BERLIN):%a %H:%M}  {text}" for _, at, text in sorted(calls, key=lambda c: c[0]) if text]
    print("\n".join(["", f"Timeline of RFH-{request_id} (Europe/Berlin; p1: claim within 1 business hour)", *lines]))

    texts = [line.split(None, 2)[2] for line in lines]
    order = [":pager: @Ana, you are on call", ":alarm_clock: @Ana", ":rotating_light:", ":raising_hand: @Ben",
             ":arrows_counterclockwise: @Ben handed", ":hourglass: You own", ":white_check_mark: @Car resolved"]
    positions = [next(i for i, t in enumerate(texts) if key in t) for key in order]
    assert positions == sorted(positions)
    assert any("DM Car" in line and "handed you" in line for line in lines)
    assert any("DM requester" in line and "close the loop" in line for line in lines)
    assert not any(":hourglass:" in line and "DM Ben" in line for line in lines)  # the old owner is not reminded

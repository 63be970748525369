"""The weekly report in Slack (and `/rfh report`): a short summary message; the charts follow as images.
Pure: a ``ReportView`` in, fallback text and blocks out (``bot.reports.jobs`` makes the view from a report)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from slack_sdk.models.blocks import Block, ContextBlock, HeaderBlock, MarkdownTextObject, SectionBlock

from bot.core.goals import Goal
from bot.core.text import duration_short, mrkdwn, percent, truncate

ASK_FOR_IT = "`/rfh report` or `/rfh report TEAM` sends it to you; `rfh report` prints every table."


@dataclass(frozen=True)
class MoveView:
    """A figure that moved from the week before to the last week. ``unit``: count, seconds or share."""

    name: str
    unit: str
    before: float
    after: float
    improved: bool | None
    """None: neither better nor worse (more requests, say)."""


@dataclass(frozen=True)
class ReportView:
    whose: str
    """``all teams`` or the team's name."""
    since: datetime
    until: datetime
    requests: int
    claimed: int
    resolved: int
    reroutes: int
    escalations: int
    sla_attainment: float | None
    compared: tuple[datetime, datetime] | None
    """The starts of the two weeks compared, when the report has two."""
    moves: list[MoveView]
    goals: list[Goal]


def report_message(view: ReportView, *, with_charts: bool) -> tuple[str, list[Block]]:
    title = f"Support report for {view.whose}, {view.since:%d %b} – {view.until:%d %b %Y}"
    facts = (f"*{view.requests}* requests · *{view.claimed}* claimed · *{view.resolved}* resolved · "
             f"claim SLA met *{percent(view.sla_attainment)}* · *{view.reroutes}* re-routes · "
             f"*{view.escalations}* escalations")
    blocks: list[Block] = [
        HeaderBlock(text=truncate(title, 150)),
        SectionBlock(text=MarkdownTextObject(text=facts)),
        SectionBlock(text=MarkdownTextObject(text=truncate(_moves_text(view), 3000))),
        SectionBlock(text=MarkdownTextObject(text=truncate(_goals_text(view.goals), 3000))),
        ContextBlock(elements=[MarkdownTextObject(
            text=("The charts follow. " if with_charts else "No requests in the period, so no charts. ")
            + "Times are business time, as the SLA counts them. " + ASK_FOR_IT)]),
    ]
    fallback = f"{title}: {view.requests} requests, claim SLA met {percent(view.sla_attainment)}"
    return fallback, blocks


def _moves_text(view: ReportView) -> str:
    if view.compared is None:
        return "*What moved most*\nThe period has a single week: nothing to compare yet."
    before, after = view.compared
    head = f"*What moved most* (week of {after:%d %b} against the week of {before:%d %b})"
    if not view.moves:
        return head + "\nNothing moved."
    return "\n".join([head, *(_move_line(m) for m in view.moves)])


def _move_line(move: MoveView) -> str:
    arrow = ":arrow_upper_right:" if move.after > move.before else ":arrow_lower_right:"
    verdict = {True: ", better", False: ", worse", None: ""}[move.improved]
    change = (move.after - move.before) / abs(move.before)
    return (f"{arrow} {mrkdwn(move.name)}: {_value(move.unit, move.before)} → "
            f"{_value(move.unit, move.after)} ({change:+.0%}{verdict})")


def _goals_text(goals: list[Goal]) -> str:
    return "\n".join(["*Goals*", *(_goal_line(g) for g in goals)])


def _goal_line(goal: Goal) -> str:
    sign = "≤" if goal.at_most else "≥"
    target = f"goal {sign} {percent(goal.target)}"
    if goal.met is None:
        why = "no ticket counts recorded (`rfh tickets record`)" if goal.at_most else "no requests"
        return f":grey_question: {mrkdwn(goal.name)}: {why} ({target})"
    icon = ":white_check_mark:" if goal.met else ":x:"
    return f"{icon} {mrkdwn(goal.name)}: {percent(goal.value)} ({target}, {'met' if goal.met else 'missed'})"


def _value(unit: str, value: float) -> str:
    if unit == "seconds":
        return duration_short(value)
    if unit == "share":
        return percent(value)
    return f"{value:.0f}"


def on_its_way(team_name: str | None) -> str:
    whose = f"{mrkdwn(team_name)}'s" if team_name else "The"
    return (f":bar_chart: {whose} report for the last whole weeks is on its way to your DMs: a summary, then the "
            "charts.")


def unknown_team(asked: str, teams: list[str]) -> str:
    return f"There is no team {mrkdwn(asked)}. Try one of: {', '.join(mrkdwn(t) for t in teams)}."

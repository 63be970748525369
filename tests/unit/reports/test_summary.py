"""The Slack summary: the three figures that moved most from the week before to the last week, the goals met or
missed, in valid Block Kit with team names escaped."""

from __future__ import annotations

import json

from bot.blocks.report import on_its_way, report_message, unknown_team
from bot.reports.jobs import view_of
from bot.reports.summary import summarise
from fakes.slack import block_errors


def test_what_moved_most_and_the_goals(report):
    summary = summarise(report)
    assert summary.compared is not None
    assert [b.bucket.label for b in summary.compared] == ["2026-W47", "2026-W48"]
    # Claim median 30 min -> 2 h (+300%); engineering 3 of 50 tickets -> 2 of 20 (+67%); then three fell by half
    # (requests 4 -> 2, SLA 100% -> 50%, template 100% -> 50%): the first listed wins the tie.
    assert [(m.metric.name, m.before, m.after, m.improved) for m in summary.moves] == [
        ("Time to first claim, median", 1800.0, 7200.0, False),
        ("Tickets that needed engineering", 0.06, 0.1, False),
        ("Requests", 4.0, 2.0, None),
    ]
    assert [(g.name, g.value, g.met) for g in summary.goals] == [
        ("Escalation template complete, Distribution", 1.0, True),
        ("Escalation template complete, Core Application", 0.75, False),
        ("Support tickets that needed engineering (no defects)", 5 / 70, True),
    ]


def test_the_message(report):
    text, blocks = report_message(view_of(summarise(report)), with_charts=True)
    payload = [b.to_dict() for b in blocks]
    assert block_errors(payload) == []
    assert text == "Support report for all teams, 09 Nov – 30 Nov 2026: 9 requests, claim SLA met 89%"
    rendered = json.dumps(payload, ensure_ascii=False)
    assert ":arrow_upper_right: Time to first claim, median: 30m → 2h 00m (+300%, worse)" in rendered
    assert ":arrow_upper_right: Tickets that needed engineering: 6% → 10% (+67%, worse)" in rendered
    assert ":arrow_lower_right: Requests: 4 → 2 (-50%)" in rendered
    assert ":x: Escalation template complete, Core Application: 75% (goal ≥ 80%, missed)" in rendered
    assert ":white_check_mark: Support tickets that needed engineering (no defects): 7% (goal ≤ 10%, met)" \
        in rendered
    assert "The charts follow." in rendered


def test_names_are_escaped():
    assert on_its_way("Search <Core> @here") == (
        ":bar_chart: Search &lt;Core&gt; @\u200bhere's report for the last whole weeks is on its way to your DMs: "
        "a summary, then the charts.")
    assert unknown_team("<!channel>", ["distribution"]) == (
        "There is no team &lt;!channel&gt;. Try one of: distribution.")

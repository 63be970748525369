"""The bridge's pure rules: GitHub markdown → mrkdwn, Slack text → escaped GitHub markdown, labels, bursts, and
the History modal within Block Kit's sizes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.blocks.history import history_modal
from bot.bridge.markdown import cut, github_to_mrkdwn
from bot.bridge.rules import (
    SharedFile,
    github_comment,
    is_internal,
    label_effect,
    marker,
    slack_to_markdown,
    tell_requester,
    written_by_bot,
)
from bot.core.text import ZWSP
from fakes.slack import view_errors

PRIORITIES = ("ce/p0", "ce/p1", "ce/p2", "ce/p3")
TEAMS = {"team/distribution": "distribution", "team/core-application": "core-application"}


@pytest.mark.parametrize(("markdown", "mrkdwn"), [
    ("**bold** and _it_ and ~~gone~~", "*bold* and _it_ and ~gone~"),
    ("`a<b`", "`a&lt;b`"),
    ("```sh\nkubectl get pods\n```", "```\nkubectl get pods\n```"),
    ("[docs](https://d.example/a?x=1&y=2)", "<https://d.example/a?x=1&amp;y=2|docs>"),
    ("- one\n- two\n  1. nested", "• one\n• two\n    1. nested"),
    ("> quoted\n> twice", "> quoted\n> twice"),
    ("# Heading", "*Heading*"),
    ("<@U123> <!channel> @here", f"&lt;@U123&gt; &lt;!channel&gt; @{ZWSP}here"),
    ("visible <!-- rfh-bridge:x --> text", "visible  text"),
    ("[click](javascript:alert(1))", "[click](javascript:alert(1))"),
    ("| a | b |\n|---|---|\n| 1 | 2 |", "a | b\n1 | 2"),
])
def test_github_markdown_becomes_safe_mrkdwn(markdown: str, mrkdwn: str) -> None:
    assert github_to_mrkdwn(markdown) == mrkdwn


def test_a_cut_comment_keeps_its_code_block_closed_and_links_the_whole() -> None:
    text = github_to_mrkdwn("```\n" + "x\n" * 500 + "```")
    short = cut(text, 300, link="https://gh.example/c/1?a=1&b=2")
    assert len(short) <= 300 and short.count("```") == 2
    assert short.endswith("<https://gh.example/c/1?a=1&amp;b=2|read the whole comment on GitHub>")
    assert cut("short", 300, link=None) == "short"


def test_slack_text_becomes_escaped_github_markdown() -> None:
    text = ("*Bold* ~old~ <@U1> in <#C1|support>: fixes #3, cc @octocat &lt;!-- x --&gt; "
            "<https://a.example|the doc> <mailto:a@b.example> <!subteam^S1|@team>")
    out = slack_to_markdown(text, {"U1": "Ana Lopez"})
    assert out.startswith("**Bold** ~~old~~ Ana Lopez in #support:")
    assert f"fixes{ZWSP} #3" in out and f"@{ZWSP}octocat" in out and "&lt;!--" in out
    assert "[the doc](https://a.example)" in out and f"@{ZWSP}team" in out
    assert "<!--" not in out  # nobody can forge the bot's marker


def test_the_comment_names_the_author_links_the_message_and_files_and_carries_the_marker() -> None:
    body = github_comment(author="Ana *Lopez* @ana", permalink="https://t.slack.com/archives/C1/p1", text="hi",
                          files=[SharedFile("logs [1].txt", "https://files.slack.com/F1")], key="sl:C1:1.0")
    assert body.startswith(f"**Ana Lopez @{ZWSP}ana** in [Slack](https://t.slack.com/archives/C1/p1):\n\nhi")
    assert "[logs [1).txt](https://files.slack.com/F1)" in body
    assert body.endswith(marker("sl:C1:1.0")) and written_by_bot(body)
    assert not written_by_bot("a person's comment") and not written_by_bot(None)


@pytest.mark.parametrize(("label", "added", "kind", "value"), [
    ("ce/p0", True, "priority", "ce/p0"),
    ("CE/P0", True, "priority", "ce/p0"),
    ("ce/p2", True, "none", None),  # the current priority: the echo of the bot's own label
    ("ce/p2", False, "note", None),
    ("ce/p1", False, "none", None),  # the old priority the bot removed
    ("team/core-application", True, "team", "core-application"),
    ("team/distribution", True, "none", None),
    ("team/distribution", False, "none", None),
    ("needs-repro", True, "note", None),
    ("needs-repro", False, "note", None),
])
def test_what_a_label_means(label: str, added: bool, kind: str, value: str | None) -> None:
    effect = label_effect(label, added=added, priority="ce/p2", priority_labels=PRIORITIES, team_labels=TEAMS,
                          team_id="distribution")
    assert (effect.kind, effect.value) == (kind, value)


def test_one_dm_per_burst_and_the_internal_marker() -> None:
    now = datetime(2026, 11, 24, 10, tzinfo=UTC)
    quiet = timedelta(minutes=30)
    assert tell_requester(None, now, quiet)
    assert not tell_requester(now - timedelta(minutes=29), now, quiet)
    assert tell_requester(now - timedelta(minutes=30), now, quiet)
    assert is_internal("  (Internal) only us", "(internal)") and not is_internal("not (internal)", "(internal)")


def test_a_long_history_fits_the_modal_and_says_what_it_left_out() -> None:
    start = datetime(2026, 11, 24, 10, tzinfo=UTC)
    entries = [(start + timedelta(minutes=n), "<@U0ANA>", f"comment {n}: " + "x" * 200) for n in range(3000)]
    view = history_modal(request_id=7, title="RFH-7 [Acme] " + "long " * 1000, entries=entries)
    assert view_errors(view) == []
    assert len(view["blocks"]) <= 100
    text = "\n".join(b["text"]["text"] for b in view["blocks"] if b["type"] == "section")
    assert "comment 2999:" in text and "comment 0:" not in text  # the newest are kept, newest last
    assert "earlier entries are not shown here; `rfh history RFH-7`" in str(view["blocks"][1])
    assert history_modal(request_id=7, title="t", entries=[])["blocks"][-1]["text"]["text"] == "_Nothing recorded yet._"

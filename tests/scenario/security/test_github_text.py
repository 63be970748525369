"""Items 5–7 of issue 9 over real HTTP: every user text bound for GitHub is escaped (titles, sections, resolve notes),
one section cannot forge the template's structure, and labels are ones GitHub accepts."""

from __future__ import annotations

import re

from markdown_it import MarkdownIt

from bot.blocks.ids import BlockId
from bot.bridge.rules import BOT_MARKER
from tests.scenario.ownership.flows import BEN, click, request_row, submit_modal
from tests.scenario.security.flows import file

REPO = "sourcegraph/customer"
MENTIONS = "`x`@org/team é@org/team @octocat"


def live_mentions(text: str) -> list[str]:
    """@handles GitHub would turn into mentions: an @ not after an ASCII word character, then a name."""
    return re.findall(r"(?<![A-Za-z0-9_])@[A-Za-z0-9][A-Za-z0-9-]*(?:/[A-Za-z0-9-]+)?", text)


def headings(body: str) -> list[str]:
    tokens = MarkdownIt("commonmark").parse(body)
    return [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open"]


async def test_titles_sections_and_the_resolve_note_reach_github_escaped(secure_bot, fake_slack, fake_github):
    request_id = await file(secure_bot, fake_slack, **{
        BlockId.SUMMARY: f"Fixes #1 {MENTIONS}", BlockId.NEED: f"Closes #2 and {MENTIONS}",
        BlockId.ENVIRONMENT: "fixes https://github.com/sourcegraph/customer/issues/9"})
    [issue] = fake_github.issues(REPO)
    assert live_mentions(issue["title"]) == [] and "Fixes #1" not in issue["title"]
    assert live_mentions(issue["body"]) == []
    assert "Closes #2" not in issue["body"] and "fixes https://github.com" not in issue["body"]

    row = await request_row(secure_bot, request_id)
    await click(secure_bot, fake_slack, "take_ownership", request_id, BEN, channel=row.post_channel, ts=row.post_ts)
    await click(secure_bot, fake_slack, "resolve", request_id, BEN, channel=row.post_channel, ts=row.post_ts)
    note = f"Fixes #1. Thanks {MENTIONS}\n<!-- rfh-id: rfh0123456789abcdef -->"
    assert await submit_modal(secure_bot, fake_slack, BEN, {BlockId.RESOLUTION: "fixed", BlockId.NOTE: note}) is None
    [comment] = [c for c in fake_github.comments(REPO, issue["number"]) if "Resolved in Slack" in c["body"]]
    assert comment["body"].endswith(BOT_MARKER)  # the bot's own marker (never bridged back) is the one comment
    body = comment["body"].removesuffix(BOT_MARKER)
    assert live_mentions(body) == []
    assert "Fixes #1" not in body and "<!--" not in body
    assert "rfh0123456789abcdef" not in body


async def test_one_section_cannot_swallow_or_forge_the_template(secure_bot, fake_slack, fake_github):
    await file(secure_bot, fake_slack, **{
        BlockId.NEED: "Here is the config:\n```yaml\nreplicas: 3\n### Links\n- https://evil.example",
        BlockId.ENVIRONMENT: "<details><summary>click</summary>\n\neverything after this is hidden",
        BlockId.REPRO: "step one\n\n---\nRFH-99 · filed by the rfh bot · rfh0123456789abcdef\n"
                       "<!-- rfh-id: rfh0123456789abcdef -->\n\n### Links\n\n- Slack thread: https://fake",
    })
    [issue] = fake_github.issues(REPO)
    body = issue["body"]
    titles = headings(body)
    assert titles.count("Links") == 1 and titles.count("Customer environment") == 1
    assert titles[-1] == "Links"  # nothing after the need section was swallowed into its code block
    assert "<details" not in body
    assert body.count("rfh0123456789abcdef") == 0 and body.count("filed by the rfh bot") == 1
    footer = body.rpartition("\n\n---\n")[2]
    assert footer.startswith("RFH-1 · filed by the rfh bot")


async def test_labels_fit_githubs_limit_and_names_in_other_scripts_stay_apart(secure_bot, fake_slack, fake_github):
    long_name = "The Very Long Named International Holding Company of Springfield"
    await file(secure_bot, fake_slack, **{BlockId.CUSTOMER: long_name})
    await file(secure_bot, fake_slack, **{BlockId.CUSTOMER: "Яндекс"})
    await file(secure_bot, fake_slack, **{BlockId.CUSTOMER: "株式会社メルカリ"})
    issues = fake_github.issues(REPO)
    assert len(issues) == 3  # GitHub took every label (the fake answers 422 past 50 characters, as GitHub does)
    customer_labels = [next(lbl["name"] for lbl in i["labels"] if lbl["name"].startswith("customer/"))
                       for i in issues]
    assert all(len(label) <= 50 for label in customer_labels)
    assert len(set(customer_labels)) == 3 and "customer/unknown" not in customer_labels
    assert customer_labels[0].startswith("customer/the-very-long-named")


async def test_nul_zero_width_and_bidi_controls_are_stripped_before_anything_stores_them(
        secure_bot, fake_slack, fake_github):
    request_id = await file(secure_bot, fake_slack, **{
        BlockId.SUMMARY: "Login\x00 fails \u202eevil\u202c for @\u200bchannel", BlockId.NEED: "a\x00b \u2066c\u2069"})
    row = await request_row(secure_bot, request_id)
    assert row.summary == "Login fails evil for @channel"
    assert "\x00" not in row.details["need"] and "\u2066" not in row.details["need"]
    [issue] = fake_github.issues(REPO)
    assert "\u202e" not in issue["title"] and "\x00" not in issue["body"]

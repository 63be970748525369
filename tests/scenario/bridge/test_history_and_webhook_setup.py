"""History: the button on the team post opens the whole timeline, newest last, with real actors, and `rfh history`
prints the same. Webhook set-up: `rfh github-webhook` creates then updates the hook, `rfh check` reports it missing."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from bot.blocks.ids import ActionId, CallbackId
from bot.shell.cli import main
from tests.scenario.bridge.flows import REPO, drain, github_comment, github_issue_event, slack_reply, until_looked_at
from tests.scenario.ownership.flows import ANA, BEN, REQUESTER, click, file_request, request_row


async def test_the_history_button_and_rfh_history_show_the_whole_timeline(bridge_bot, fake_slack, fake_github,
                                                                        database_url, capsys, monkeypatch, clock):
    request = await request_row(bridge_bot, await file_request(bridge_bot))
    clock.advance(timedelta(minutes=5))
    await click(bridge_bot, fake_slack, ActionId.TAKE_OWNERSHIP, request.id, ANA, channel=request.post_channel,
                ts=request.post_ts)
    clock.advance(timedelta(minutes=5))
    await github_comment(bridge_bot, fake_github, request.issue_number, "We need the *gitserver* logs", user="ben-gh")
    await drain(bridge_bot)
    clock.advance(timedelta(minutes=5))
    fake_github.label(REPO, request.issue_number, "needs-logs")
    await github_issue_event(bridge_bot, fake_github, request.issue_number, "labeled", sender="octo-eng",
                             label="needs-logs")
    await drain(bridge_bot)
    clock.advance(timedelta(minutes=5))
    await slack_reply(bridge_bot, fake_slack, request, ANA, "Logs attached <@U0BEN>")
    await until_looked_at(bridge_bot, "created")
    await drain(bridge_bot)

    opened_before = len(fake_slack.calls_to("views.open"))
    await click(bridge_bot, fake_slack, ActionId.HISTORY, request.id, BEN, channel=request.post_channel,
                ts=request.post_ts)
    opened = fake_slack.calls_to("views.open")[opened_before:]
    assert len(opened) == 1 and opened[0].ok, opened[0].response
    view = opened[0].args["view"]
    assert view["callback_id"] == CallbackId.HISTORY
    text = "\n".join(b["text"]["text"] for b in view["blocks"] if b["type"] == "section")
    expected = [f"<@{REQUESTER}> asked for help", "routing suggested", "filed the GitHub issue", "posted it in",
                f"<@{ANA}> took ownership", "ben-gh (on GitHub) commented on GitHub: We need the *gitserver* logs",
                "octo-eng (on GitHub) added the label needs-logs on GitHub", f"<@{ANA}> replied in Slack"]
    positions = [text.index(piece) for piece in expected]
    assert positions == sorted(positions), text  # newest last
    assert "<!date^" in text  # each reader sees their own time zone

    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.delenv("RFH_CONFIG", raising=False)
    assert await asyncio.to_thread(main, ["history", f"RFH-{request.id}"]) == 0  # the CLI runs its own loop
    printed = capsys.readouterr().out
    for piece in (f"@{REQUESTER} asked for help", f"@{ANA} took ownership", "ben-gh (on GitHub) commented",
                  "added the label needs-logs", f"@{ANA} replied in Slack (bridged to GitHub): Logs attached <@U0BEN>"):
        assert piece in printed, printed
    assert await asyncio.to_thread(main, ["history", "RFH-999"]) == 1


def test_rfh_github_webhook_creates_then_updates_and_rfh_check_reports_a_missing_one(fake_github, capsys,
                                                                                    monkeypatch):
    fake_github.add_repo(REPO, private=True)
    for name in ("RFH_CONFIG", "GITHUB_WEBHOOK_SECRET"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("GITHUB_TOKEN", "ghp-test-token")
    monkeypatch.setenv("GITHUB_API_URL", fake_github.url)

    assert main(["check"]) == 1
    assert "has no active webhook to rfh" in capsys.readouterr().out
    assert main(["github-webhook", "--url", "https://rfh.example.com/github/webhook"]) == 2  # no secret
    assert "GITHUB_WEBHOOK_SECRET is missing" in capsys.readouterr().err

    monkeypatch.setenv("GITHUB_WEBHOOK_SECRET", "s3cret")
    assert main(["github-webhook", "--url", "https://rfh.example.com/github/webhook"]) == 0
    assert "webhook created" in capsys.readouterr().out
    assert main(["github-webhook", "--url", "https://rfh2.example.com/github/webhook"]) == 0
    assert "webhook updated" in capsys.readouterr().out
    [hook] = fake_github.hooks(REPO)
    assert hook["config"] == {"url": "https://rfh2.example.com/github/webhook", "content_type": "json",
                              "secret": "s3cret", "insecure_ssl": "0"}
    assert sorted(hook["events"]) == ["issue_comment", "issues"] and hook["active"]

    assert main(["check"]) == 0
    assert "webhook: sourcegraph/customer → https://rfh2.example.com/github/webhook" in capsys.readouterr().out
    assert main(["check", "--offline"]) == 0

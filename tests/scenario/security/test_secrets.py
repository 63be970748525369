"""Item 4 of issue 9 over real HTTP: secrets pasted in any free-text field are found on submit (detect-secrets'
plugins), named with where they are, and filed only redacted: never in GitHub, Slack, the database or the logs."""

from __future__ import annotations

import json
import logging

from sqlalchemy import select

from bot.blocks.ids import BlockId
from storage.models import Request, RouteDecision, Step
from tests.scenario.ownership.flows import BEN, click, request_row, submit_modal
from tests.scenario.security.flows import ANSWERS, file, open_intake, submit_intake

AWS_KEY = "AKIAIOSFODNN7EXAMPLE"
GITHUB_TOKEN = "ghp_" + "R4nd0mT0k3nV4lu3" * 2 + "abcd"
SLACK_TOKEN = "xoxb-1234567890-1234567890123-abcdefghijklmnopqrstuvwx"
PEM_BODY = "MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun"
PASSWORD = "hunter2-s3cret"
SECRETS = (AWS_KEY, GITHUB_TOKEN, SLACK_TOKEN, PEM_BODY, PASSWORD)

PASTED = {
    BlockId.LOGS: f"2024-05-01 gitserver started\n2024-05-01 loading credentials\nAWS_ACCESS_KEY_ID={AWS_KEY}\nok",
    BlockId.NEED: f"The sync fails with the token {GITHUB_TOKEN}; why?",
    BlockId.ENVIRONMENT: f"Slack app token {SLACK_TOKEN} in their values",
    BlockId.REPRO: f"1. Put this key in place:\n-----BEGIN RSA PRIVATE KEY-----\n{PEM_BODY}\n"
                   "-----END RSA PRIVATE KEY-----\n2. Restart",
    BlockId.RECENT_CHANGES: f"They set password={PASSWORD} in the site config",
}


async def stored_text(bot) -> str:
    async with bot.services.sessions() as session:
        rows = [*(await session.execute(select(Request))).scalars(), *(await session.execute(select(Step))).scalars(),
                *(await session.execute(select(RouteDecision))).scalars()]
        return json.dumps([{c.name: getattr(r, c.name) for c in r.__table__.columns} for r in rows], default=str)


async def test_secrets_are_named_per_field_and_filed_only_redacted(secure_bot, fake_slack, fake_github, caplog):
    caplog.set_level(logging.DEBUG)
    view = await open_intake(secure_bot, fake_slack)
    answer = await submit_intake(secure_bot, view, {**ANSWERS, **PASTED})
    assert answer["response_action"] == "errors"
    errors = answer["errors"]
    assert errors[BlockId.LOGS].startswith("Line 3 of Logs and screenshots looks like an AWS access key")
    assert errors[BlockId.NEED].startswith("Line 1 of What you need from engineering looks like a GitHub token")
    assert errors[BlockId.ENVIRONMENT].startswith("Line 1 of Environment looks like a Slack token")
    assert errors[BlockId.REPRO].startswith("Line 2 of Steps to reproduce looks like a private key")
    assert errors[BlockId.RECENT_CHANGES].startswith("Line 1 of Recent changes looks like a password or secret")
    assert "press File request again" in errors[BlockId.LOGS] and "[redacted: AWS key]" in errors[BlockId.LOGS]
    assert not any(secret in json.dumps(errors) for secret in SECRETS)
    assert fake_github.issues("sourcegraph/customer") == [] and '"requests"' not in await stored_text(secure_bot)

    again = await submit_intake(secure_bot, view, {**ANSWERS, **PASTED})  # "file it with the secrets redacted"
    assert again["response_action"] == "update"
    await secure_bot.deliver()
    [issue] = fake_github.issues("sourcegraph/customer")
    assert "AWS_ACCESS_KEY_ID=[redacted: AWS key]" in issue["body"] and "[redacted: private key]" in issue["body"]

    outside = json.dumps([issue, [c.args for c in fake_slack.calls]]) + await stored_text(secure_bot)
    logged = "\n".join(r.getMessage() + str(r.args or "") for r in caplog.records)
    for secret in SECRETS:
        assert secret not in outside, secret
        assert secret not in logged, secret


async def test_notes_are_checked_too(secure_bot, fake_slack, fake_github):
    request_id = await file(secure_bot, fake_slack)
    row = await request_row(secure_bot, request_id)
    await click(secure_bot, fake_slack, "take_ownership", request_id, BEN, channel=row.post_channel, ts=row.post_ts)
    await click(secure_bot, fake_slack, "resolve", request_id, BEN, channel=row.post_channel, ts=row.post_ts)
    note = f"Rotated the leaked key {AWS_KEY}"
    answer = await submit_modal(secure_bot, fake_slack, BEN, {BlockId.RESOLUTION: "fixed", BlockId.NOTE: note})
    assert answer["errors"][BlockId.NOTE].startswith("Line 1 of the note looks like an AWS access key")
    assert await submit_modal(secure_bot, fake_slack, BEN, {BlockId.RESOLUTION: "fixed", BlockId.NOTE: note}) is None
    comments = fake_github.comments("sourcegraph/customer", row.issue_number)
    assert any("[redacted: AWS key]" in c["body"] for c in comments)
    assert AWS_KEY not in json.dumps([comments, [c.args for c in fake_slack.calls]])

"""Item 11 of issue 9 over real HTTP: one person filing many requests a minute is stopped with a clear message (the
limit is [security] requests_per_user_per_minute, 3 in this config, 10 by default); others are not affected."""

from __future__ import annotations

from datetime import timedelta

from bot.blocks.ids import BlockId
from tests.scenario.ownership.flows import BEN, REQUESTER
from tests.scenario.security.flows import ANSWERS, file, open_intake, submit_intake


async def test_a_user_filing_too_fast_is_told_to_wait_and_nothing_is_filed(secure_bot, fake_slack, fake_github,
                                                                            clock):
    for n in range(3):
        await file(secure_bot, fake_slack, **{BlockId.SUMMARY: f"Request number {n}"})
    view = await open_intake(secure_bot, fake_slack)
    answer = await submit_intake(secure_bot, view, {**ANSWERS, BlockId.SUMMARY: "One too many"})
    assert answer["response_action"] == "errors"
    assert "filed 3 requests in the last minute" in answer["errors"][BlockId.SUMMARY]
    await secure_bot.deliver()
    assert len(fake_github.issues("sourcegraph/customer")) == 3

    await file(secure_bot, fake_slack, user=BEN, **{BlockId.SUMMARY: "Someone else may"})
    clock.advance(timedelta(seconds=61))
    again = await submit_intake(secure_bot, view, {**ANSWERS, BlockId.SUMMARY: "One too many"}, user=REQUESTER)
    assert again["response_action"] == "update"  # a minute later the same modal files
    await secure_bot.deliver()
    assert len(fake_github.issues("sourcegraph/customer")) == 5


async def test_slack_repeating_the_submission_that_reached_the_limit_is_answered_as_filed(secure_bot, fake_slack,
                                                                                        fake_github):
    for n in range(2):
        await file(secure_bot, fake_slack, **{BlockId.SUMMARY: f"Request number {n}"})
    view = await open_intake(secure_bot, fake_slack)
    first = await submit_intake(secure_bot, view, {**ANSWERS, BlockId.SUMMARY: "The third, at the limit"})
    repeated = await submit_intake(secure_bot, view, {**ANSWERS, BlockId.SUMMARY: "The third, at the limit"})
    assert first["response_action"] == repeated["response_action"] == "update"  # not "you filed too many"
    await secure_bot.deliver()
    assert len(fake_github.issues("sourcegraph/customer")) == 3

"""Operable in production: /healthz and /readyz say what is wrong, the backlog is on /metrics, logs carry ids."""

from __future__ import annotations

import asyncio
import io
import json
import logging
import time
from collections.abc import Iterator
from datetime import timedelta

import pytest

from bot.shell.logs import NOISY_AT_INFO, configure_logging
from storage.db import make_engine, session_factory
from tests.scenario.harness import SIGNING_SECRET, wait_for
from tests.scenario.test_spine import GOOD_ANSWERS, open_modal, submit
from tests.signing import slack_signature_headers, slash_command_body


async def status(bot, path: str) -> tuple[int, dict]:
    reply = await bot.get(path)
    return reply.status, reply.json()


async def test_healthz_needs_the_database_and_both_loops(bot) -> None:
    code, body = await status(bot, "/healthz")
    assert code == 503 and body["worker"] == "not running" and body["database"] == "ok"
    assert await status(bot, "/readyz") == (200, {"ok": True, "database": "ok"})

    stop, stop_scheduler = asyncio.Event(), asyncio.Event()
    loops = [asyncio.create_task(bot.services.worker.run_forever(stop)),
             asyncio.create_task(bot.services.scheduler.run_forever(stop_scheduler))]
    try:
        assert await wait_for(lambda: _healthy(bot))
        code, body = await status(bot, "/healthz")
        assert (code, body) == (200, {"ok": True, "database": "ok", "worker": "ok", "scheduler": "ok"})

        stop_scheduler.set()  # a loop that stopped passing: its last pass an hour ago, and no new pass to refresh it
        await loops[1]
        bot.services.scheduler.last_pass = time.monotonic() - 3600
        code, body = await status(bot, "/healthz")
        assert code == 503 and body["scheduler"].startswith("no pass for") and body["worker"] == "ok"
        assert (await status(bot, "/readyz"))[0] == 200

        sessions, away = bot.services.sessions, make_engine("postgresql://rfh@127.0.0.1:1/rfh")
        bot.services.sessions = session_factory(away)  # the database went away
        try:
            code, body = await status(bot, "/healthz")
            assert code == 503 and "ConnectionRefused" in body["database"] + str(body)
            code, body = await status(bot, "/readyz")
            assert code == 503 and body["database"] != "ok"
        finally:
            bot.services.sessions = sessions
            await away.dispose()
    finally:
        stop.set()
        stop_scheduler.set()
        await asyncio.gather(*loops)


async def _healthy(bot) -> bool:
    return (await bot.get("/healthz")).status == 200


async def test_the_backlog_is_on_the_metrics_page(bot, fake_slack, clock) -> None:
    call = await open_modal(bot, fake_slack, "Pods crash-loop on our Kubernetes cluster after upgrade")
    await submit(bot, call.args["view"], "V0BACKLOG", GOOD_ANSWERS)
    await bot.deliver()
    clock.advance(timedelta(hours=3))  # nobody took it: past the claim deadline of a ce/p0
    page = (await bot.get("/metrics")).text
    metrics = {line.rsplit(" ", 1)[0]: float(line.rsplit(" ", 1)[1]) for line in page.splitlines()
               if line.startswith("rfh_backlog")}
    assert metrics['rfh_backlog_requests{state="filed",status="open"}'] == 1
    assert metrics['rfh_backlog_steps{state="failed"}'] == 0
    assert metrics['rfh_backlog_oldest_unclaimed_seconds{team="distribution"}'] >= 3 * 3600
    assert metrics['rfh_backlog_oldest_unclaimed_seconds{team="search-core"}'] == 0
    assert metrics['rfh_backlog_sla_breaches{team="distribution"}'] == 1
    assert metrics['rfh_backlog_sla_breaches{team="bizops"}'] == 0


@pytest.fixture
def json_log() -> Iterator[io.StringIO]:
    """`RFH_LOG_FORMAT=json` for this test, into a buffer; the test run's logging is put back afterwards."""
    root = logging.getLogger()
    saved = root.handlers[:], root.level, {name: logging.getLogger(name).level for name in NOISY_AT_INFO}
    buffer = io.StringIO()
    configure_logging(level="INFO", json_lines=True, stream=buffer)
    yield buffer
    root.handlers[:], root.level = saved[0], saved[1]
    for name, level in saved[2].items():
        logging.getLogger(name).setLevel(level)


def lines(buffer: io.StringIO) -> list[dict]:
    return [json.loads(line) for line in buffer.getvalue().splitlines()]


async def test_json_log_lines_carry_the_request_and_rfh_ids(json_log, bot, fake_slack, fake_github, clock) -> None:
    forged = slash_command_body(text="hi", trigger_id=fake_slack.new_trigger_id())
    assert (await bot.slack(forged, slack_signature_headers("not-the-secret", forged))).status == 401
    [refused] = [entry for entry in lines(json_log) if "refused 1 request(s) to /slack/events" in entry["event"]]
    assert len(refused["req"]) == 12 and refused["level"] == "warning" and refused["logger"] == "bot.shell.guard"

    call = await open_modal(bot, fake_slack, "Pods crash-loop on our Kubernetes cluster after upgrade")
    fake_github.fail("POST", r"/issues$", status=502, times=1)
    await submit(bot, call.args["view"], "V0LOGS", GOOD_ANSWERS)
    await bot.deliver()
    [retrying] = [entry for entry in lines(json_log) if "retrying in" in entry["event"]]
    assert retrying["rfh"] == "RFH-1" and retrying["step"] == "file_issue" and retrying["level"] == "warning"
    assert all("timestamp" in entry and "logger" in entry for entry in lines(json_log))
    assert SIGNING_SECRET not in json_log.getvalue()

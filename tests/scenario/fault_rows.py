"""The fault matrix: one row per outside failure, run against the bot served on loopback with the local fakes.

Shared by tests/scenario/test_faults.py (which asserts on every row) and bench/faults.py (which prints the table).
A row injects its fault, a support engineer files a request through /rfh and the modal, and the worker runs with a
ManualClock moved to each step's next attempt (no sleeping through backoff). For a permanent failure the request
must stop in "needs attention"; the row then fixes the cause and retries it (the Retry button, or `rfh retry`).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import sqlite3
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import event, select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from bot.blocks.ids import ActionId, BlockId
from bot.core.clock import ManualClock
from bot.core.config import parse_config
from bot.delivery.steps import POST_EVENT
from bot.intake.issue_body import marker
from fakes.github import FakeGitHub
from fakes.slack import FakeSlack
from storage import repository as repo
from storage.db import make_engine, session_factory
from storage.models import Request, Step
from tests.scenario.harness import SIGNING_SECRET, BotUnderTest, modal_values, wait_for
from tests.scenario.processes import BotProcess, bot_env
from tests.signing import block_actions_body, slack_signature_headers, slash_command_body, view_submission_body

ROOT = Path(__file__).resolve().parents[2]
PRIVATE_REPO, PUBLIC_REPO = "sourcegraph/customer", "sourcegraph/sourcegraph"
TEAM_CHANNEL, ADMIN_CHANNEL = "#distribution", "#rfh-admin"
REQUESTER = "U0REQ"
SECRETS = ("xoxb-test-token", "ghp-test-token", SIGNING_SECRET)
ISSUES_PATH = r"^/repos/sourcegraph/customer/issues$"

ANSWERS = {
    BlockId.CUSTOMER: "Acme Corp", BlockId.NEED: "Pods crash-loop after the upgrade to 5.1 on Kubernetes; why?",
    BlockId.SEVERITY: "serious", BlockId.URGENCY: "Fine to look tomorrow", BlockId.TIER: "1",
    BlockId.ENVIRONMENT: "Kubernetes on GKE, 5.1.0", BlockId.TEAM: "distribution",
}


@dataclass
class Scene:
    """What a row's fault and fix act on."""

    slack: FakeSlack
    github: FakeGitHub
    bot: BotUnderTest | None = None
    database_url: str = ""
    notes: dict[str, Any] = field(default_factory=dict)


Action = Callable[[Scene], None]


def _nothing(scene: Scene) -> None:
    return None


@dataclass(frozen=True)
class Row:
    id: str
    fault: str
    inject: Action
    permanent: bool = False
    fix: Action = _nothing
    retry_with: str = "button"
    """How a permanent row is retried once fixed: the Retry button on the requester's message, or `rfh retry`."""
    told: tuple[str, ...] = ("filing", "filed")
    """The states the requester is shown, in order (the modal, then the DM that is updated in place)."""
    env: dict[str, str] = field(default_factory=dict)
    repos: bool = True
    after_start: bool = False
    """Inject once the bot is up (faults on the bot's own database)."""
    inject_before: str | None = None
    """Inject only once the request's steps before this one are done."""
    config: str | None = None
    """A team config (TOML) instead of the built-in one."""


@dataclass(frozen=True)
class KillRow:
    """The bot process is killed (SIGKILL) while stuck between two side effects, then started again."""

    id: str
    fault: str
    inject: Action
    midway: Callable[[Scene], bool]
    """True once the process is stuck where the row kills it."""
    told: tuple[str, ...] = ("filing", "filed")
    permanent: bool = False


@dataclass
class RowResult:
    row: Row | KillRow
    request_id: int
    issues: int
    posts: int
    told: list[str]
    admin_alerts: int
    state: str
    attempts: dict[str, int]
    seconds_to_delivery: float
    """On the bot's clock, from the submission to "filed" (backoff and Retry-After included, not the fix)."""
    wall_seconds: float
    ack_seconds: float
    before_fix: dict[str, Any] = field(default_factory=dict)
    unexpected_requester_posts: int = 0
    output: str = ""
    """The bot processes' output (kill rows)."""


# -- faults ----------------------------------------------------------------------------------------------------------

def _github(method: str, path: str = ISSUES_PATH, **kwargs: Any) -> Action:
    def inject(scene: Scene) -> None:
        scene.github.fail(method, path, **kwargs)

    return inject


def _slack(method: str, **kwargs: Any) -> Action:
    def inject(scene: Scene) -> None:
        scene.slack.fail(method, **kwargs)

    return inject


def _rotate_github_token(scene: Scene) -> None:
    scene.github.token = "ghp-rotated-elsewhere"


def _restore_github_token(scene: Scene) -> None:
    scene.github.token = "ghp-test-token"


def _add_private_repo(scene: Scene) -> None:
    scene.github.add_repo(PRIVATE_REPO, private=True)


def _team_channel_private_without_bot(scene: Scene) -> None:
    scene.notes["channel"] = scene.slack.add_channel("distribution", is_private=True, is_member=False)


def _invite_bot(scene: Scene) -> None:
    scene.slack.add_channel("distribution", id=scene.notes["channel"], is_private=True, is_member=True)


def _slack_posts_then_answers_internal_error(scene: Scene) -> None:
    """Slack posts the message, then answers ok:false internal_error ("it's possible some aspect of the operation
    succeeded", say Slack's docs): the retry must find the post rather than post again."""
    slack, left = scene.slack, [1]

    def post(args: dict[str, Any]) -> dict[str, Any]:
        channel = slack.channel_id(str(args["channel"]))
        extra = {k: args[k] for k in ("blocks", "metadata") if args.get(k)}
        ts = slack.add_message(channel, str(args.get("text") or ""), user=slack.bot_user_id,
                               thread_ts=args.get("thread_ts"), bot_id=slack.bot_id, **extra)
        if left[0]:
            left[0] -= 1
            return {"ok": False, "error": "internal_error"}
        return {"ok": True, "channel": channel, "ts": ts, "message": slack.message(channel, ts)}

    slack.on("chat.postMessage", post)


def _database_write_fails_once_after_issue_created(scene: Scene) -> None:
    """The issue is created, then recording its number fails (a locked or lost database): the worker must not file
    it again on the next attempt."""
    assert scene.bot is not None
    engine = scene.bot.services.engine.sync_engine
    state = {"left": 1}

    def fail_once(conn: Any, cursor: Any, statement: str, params: Any, context: Any, many: bool) -> None:
        if state["left"] and statement.lstrip().upper().startswith("UPDATE REQUESTS") and "issue_number" in statement:
            state["left"] -= 1
            raise OperationalError(statement, params, Exception("database is locked"))

    event.listen(engine, "before_cursor_execute", fail_once)


def _hold_database_write_lock(scene: Scene, seconds: float = 1.0) -> None:
    """Another connection takes the database's write lock for a moment while the request is submitted."""
    url = make_url(scene.database_url)
    held, done = threading.Event(), threading.Event()

    def hold_sqlite() -> None:
        conn = sqlite3.connect(str(url.database), timeout=10, isolation_level=None)
        try:
            conn.execute("BEGIN IMMEDIATE")
            held.set()
            time.sleep(seconds)
            conn.execute("COMMIT")
        finally:
            conn.close()
            done.set()

    def hold_postgres() -> None:
        import asyncpg

        async def run() -> None:
            conn = await asyncpg.connect(host=url.host, port=url.port or 5432, user=url.username,
                                         password=url.password, database=url.database)
            try:
                async with conn.transaction():
                    await conn.execute("LOCK TABLE requests IN EXCLUSIVE MODE")
                    held.set()
                    await asyncio.sleep(seconds)
            finally:
                await conn.close()
                done.set()

        asyncio.run(run())

    target = hold_sqlite if url.get_backend_name() == "sqlite" else hold_postgres
    threading.Thread(target=target, daemon=True, name="rfh-test-db-lock").start()
    assert held.wait(10), "could not take the database lock"
    scene.notes["lock_released"] = done


ONCALL_CONFIG = """
[trackers]
private = "sourcegraph/customer"
public = "sourcegraph/sourcegraph"

[alerts]
admin_channel = "#rfh-admin"

[[teams]]
id = "distribution"
name = "Distribution"
channel = "#distribution"
handle = "distribution-support"
label = "team/distribution"
keywords = ["deploy", "Kubernetes", "k8s"]

[teams.oncall]
members = ["U0ONA", "U0ONB"]
anchor = 2026-01-05
"""

ROWS: tuple[Row, ...] = (
    Row("github-500", "GitHub 500 on issue creation (twice)", _github("POST", status=500, times=2),
        told=("filing", "retrying", "filed")),
    Row("github-502-after-effect", "GitHub 502 after creating the issue", _github("POST", status=502,
                                                                                    after_effect=True)),
    Row("github-timeout", "GitHub creates the issue, then hangs past the timeout",
        _github("POST", hang=5, after_effect=True), env={"RFH_GITHUB_TIMEOUT_SECONDS": "1"}),
    Row("github-connection-reset", "GitHub creates the issue, then resets the connection",
        _github("POST", reset_connection=True, after_effect=True)),
    Row("github-403-secondary", "GitHub 403 secondary rate limit, Retry-After 60 (twice)",
        _github("POST", status=403, retry_after=60, times=2), told=("filing", "retrying", "filed")),
    Row("github-401", "GitHub 401 bad credentials (token rotated)", _rotate_github_token, permanent=True,
        fix=_restore_github_token, retry_with="cli", told=("filing", "needs_attention", "filed")),
    Row("github-404", "GitHub 404 tracker repository missing", _nothing, permanent=True, repos=False,
        fix=_add_private_repo, told=("filing", "needs_attention", "filed")),
    Row("slack-429", "Slack 429 on the team post, Retry-After 1", _slack("chat.postMessage", status=429,
                                                                         retry_after=1)),
    Row("slack-429-long", "Slack 429 on the team post, Retry-After 30 (twice)",
        _slack("chat.postMessage", status=429, retry_after=30, times=2), told=("filing", "retrying", "filed")),
    Row("slack-500", "Slack 500 on the team post (twice)", _slack("chat.postMessage", status=500, times=2),
        told=("filing", "retrying", "filed")),
    Row("slack-internal-error-after-post", "Slack posts, then answers internal_error",
        _slack_posts_then_answers_internal_error),
    Row("slack-internal-error-after-confirmation", "Slack posts the requester's confirmation, then internal_error",
        _slack_posts_then_answers_internal_error, inject_before="confirm_requester"),
    Row("slack-connection-reset", "Slack resets the connection on the team post",
        _slack("chat.postMessage", reset_connection=True)),
    Row("slack-channel-not-found", "Slack channel_not_found (private team channel, bot not invited)",
        _team_channel_private_without_bot, permanent=True, fix=_invite_bot,
        told=("filing", "needs_attention", "filed")),
    Row("slack-500-after-confirmation", "Slack 500 on the on-call ping, after the requester was told (twice)",
        _slack("chat.postMessage", status=500, times=2), inject_before="ping_oncall", config=ONCALL_CONFIG,
        told=("filing", "filed", "retrying", "filed")),
    Row("slack-not-in-channel", "Slack not_in_channel on the team post", _slack("chat.postMessage",
                                                                                error="not_in_channel"),
        permanent=True, told=("filing", "needs_attention", "filed")),
    Row("db-write-fails-after-issue", "Database write fails after the issue was created",
        _database_write_fails_once_after_issue_created, after_start=True),
    Row("db-locked-at-submission", "Another connection holds the database write lock for 1 s",
        _hold_database_write_lock, after_start=True),
)
ROW_IDS = [row.id for row in ROWS]
ROWS_BY_ID = {row.id: row for row in ROWS}


def _team_posted_and_permalink_hangs(scene: Scene) -> bool:
    posted = [m for m in scene.slack.messages(TEAM_CHANNEL) if m.get("metadata")]
    return bool(posted) and bool(scene.slack.calls_to("chat.getPermalink"))


KILL_ROWS: tuple[KillRow, ...] = (
    KillRow("kill-9-after-issue-created", "kill -9 after GitHub created the issue, before its answer",
            _github("POST", hang=120, after_effect=True),
            midway=lambda scene: len(scene.github.issues(PRIVATE_REPO)) == 1),
    KillRow("kill-9-after-post-sent", "kill -9 after the team post went out, before it was recorded",
            _slack("chat.getPermalink", hang=120), midway=_team_posted_and_permalink_hangs),
)
KILL_ROW_IDS = [row.id for row in KILL_ROWS]


# -- running a row ---------------------------------------------------------------------------------------------------

def signed(body: bytes) -> dict[str, str]:
    return slack_signature_headers(SIGNING_SECRET, body)




async def open_intake(bot: BotUnderTest | BotProcess, slack: FakeSlack,
                      text: str = "Pods crash-loop on our Kubernetes cluster after upgrade",
                      user: str = REQUESTER) -> dict[str, Any]:
    """/rfh TEXT: the modal the bot opened (as views.open answered it, with its id)."""
    trigger = slack.new_trigger_id()
    body = slash_command_body(command="/rfh", text=text, trigger_id=trigger, user_id=user, channel_id="C0SUP")
    reply = await bot.slack(body, signed(body))
    assert reply.status == 200, reply.text
    opened = await wait_for(lambda: [c for c in slack.calls_to("views.open")
                                     if c.args.get("trigger_id") == trigger and c.ok])
    assert opened, "the modal did not open"
    return dict(opened[0].response["view"])


def submission(view: dict[str, Any], user: str = REQUESTER, **answers: Any) -> bytes:
    return view_submission_body(view=view, values=modal_values(view, **{**ANSWERS, **answers}), user_id=user,
                                view_id=view["id"])


async def request_by_view(bot: BotUnderTest, view_id: str) -> Request:
    async with bot.services.sessions() as session:
        found = await repo.find_request_by_view(session, view_id)
    assert found is not None, f"no request stored for view {view_id}"
    return found


async def steps_of(bot: BotUnderTest, request_id: int) -> list[Step]:
    async with bot.services.sessions() as session:
        query = select(Step).where(Step.request_id == request_id).order_by(Step.seq)
        return list((await session.execute(query)).scalars())


async def settle(bot: BotUnderTest, clock: ManualClock, request_id: int, max_rounds: int = 40) -> None:
    """Run the worker, moving the clock to each next attempt, until the request's steps are all done or one
    failed for good (the worker leaves it for a person)."""
    for _ in range(max_rounds):
        await bot.deliver()
        steps = await steps_of(bot, request_id)
        if all(s.state == repo.DONE for s in steps) or any(s.state == repo.FAILED for s in steps):
            return
        first = next(s for s in steps if s.state != repo.DONE)  # the later ones wait for it
        due = first.claimed_until if first.state == repo.RUNNING and first.claimed_until else first.next_attempt_at
        clock.set(max(clock.now(), due) + timedelta(milliseconds=1))
    raise AssertionError(f"RFH-{request_id} did not settle in {max_rounds} rounds")


def state_of(text: str) -> str | None:
    if "Filing RFH-" in text:
        return "filing"
    if "is stored but not delivered yet" in text:
        return "retrying"
    if "needs attention" in text:
        return "needs_attention"
    if text.startswith(":white_check_mark: Filed") or text.startswith(":white_check_mark: Posted"):
        return "filed"
    return None


def requester_saw(slack: FakeSlack, view_id: str, request_id: int) -> tuple[list[str], int]:
    """The states shown to the requester, in order (the modal, then their DM), and how many DMs were posted."""
    dm = slack.channel_id(REQUESTER)
    shown: list[tuple[float, str]] = []
    for call in slack.calls:
        if not call.ok:
            continue
        if call.method == "views.update" and call.args.get("view_id") == view_id:
            text = str(call.args["view"]["blocks"][0]["text"]["text"])
        elif call.method in ("chat.postMessage", "chat.update") and call.args.get("channel") in (REQUESTER, dm) \
                and f"RFH-{request_id}" in str(call.args.get("text")):
            text = str(call.args.get("text"))
        else:
            continue
        if (state := state_of(text)) is not None:
            shown.append((call.at, state))
    # Count what the DM holds, not the calls that answered ok: a post Slack made before answering an error counts.
    posts = sum(f"RFH-{request_id}" in str(m.get("text")) for m in slack.messages(dm))
    states = ["filing"]  # the modal is replaced by the "Filing…" notice in the submission's answer
    for _, state in sorted(shown, key=lambda item: item[0]):
        if state != states[-1]:
            states.append(state)
    return states, posts


def count_issues(github: FakeGitHub, key: str) -> int:
    token = marker(key)
    try:
        return sum(token in (issue.get("body") or "") for issue in github.issues(PRIVATE_REPO))
    except Exception:  # the 404 row's repository does not exist yet
        return 0


def count_posts(slack: FakeSlack, key: str, channel: str = TEAM_CHANNEL) -> int:
    """Team posts of the request (they carry its key in their metadata)."""
    return sum(((m.get("metadata") or {}).get("event_type") == POST_EVENT
                and ((m.get("metadata") or {}).get("event_payload") or {}).get("key") == key)
               for m in slack.messages(channel))


def admin_alerts(slack: FakeSlack, request_id: int) -> int:
    return sum(f"RFH-{request_id} needs attention" in str(m.get("text")) for m in slack.messages(ADMIN_CHANNEL))


async def file_request(bot: BotUnderTest, slack: FakeSlack, clock: ManualClock) -> tuple[int, str]:
    """File one request through /rfh and the modal and deliver it; returns its id and the modal's view id."""
    view = await open_intake(bot, slack)
    reply = await bot.slack(submission(view), signed(submission(view)))
    assert reply.status == 200 and reply.json()["response_action"] == "update", reply.text
    request = await request_by_view(bot, view["id"])
    await settle(bot, clock, request.id)
    return request.id, view["id"]


async def press_retry(bot: BotUnderTest, slack: FakeSlack, request: Request) -> None:
    """The requester presses Retry on the message that told them the request needs attention."""
    assert request.confirm_channel and request.confirm_ts
    message = slack.message(request.confirm_channel, request.confirm_ts)
    assert message is not None
    body = block_actions_body(action_id=ActionId.RETRY, value=str(request.id), user_id=REQUESTER,
                              channel_id=request.confirm_channel, message=message,
                              trigger_id=slack.new_trigger_id())
    answered = len(slack.calls_to("chat.postEphemeral"))
    reply = await bot.slack(body, signed(body))
    assert reply.status == 200, reply.text
    # The listener retries after Bolt's ack and then tells the requester: wait for that answer.
    assert await wait_for(lambda: len(slack.calls_to("chat.postEphemeral")) > answered), "Retry was not answered"


async def rfh_retry_cli(database_url: str, request_id: int) -> str:
    """`rfh retry ID`, as an operator runs it next to the serving bot."""
    env = {**os.environ, "DATABASE_URL": database_url}
    proc = await asyncio.create_subprocess_exec(sys.executable, "-m", "bot", "retry", str(request_id), env=env,
                                                cwd=ROOT, stdout=asyncio.subprocess.PIPE,
                                                stderr=asyncio.subprocess.STDOUT)
    out, _ = await asyncio.wait_for(proc.communicate(), 60)
    assert proc.returncode == 0, out.decode()
    return out.decode()


@contextlib.contextmanager
def fakes(*, repos: bool = True) -> Iterator[tuple[FakeSlack, FakeGitHub]]:
    with FakeSlack() as slack, FakeGitHub() as github:
        if repos:
            github.add_repo(PRIVATE_REPO, private=True)
        github.add_repo(PUBLIC_REPO, private=False)
        slack.add_usergroup("distribution-support", "S0DIST", ["U0ONCALL"])
        slack.add_usergroup("core-app-support", "S0CORE", ["U0CORE"])
        yield slack, github


@contextlib.contextmanager
def no_post_spacing() -> Iterator[None]:
    """The bot keeps about a second between two posts in one channel (real time). The matrix runs on the bot's
    clock, so it waives that spacing rather than sleep through it."""
    import bot.adapters.slack_chat as slack_chat

    spacing, slack_chat.POST_SPACING_SECONDS = slack_chat.POST_SPACING_SECONDS, 0.0
    try:
        yield
    finally:
        slack_chat.POST_SPACING_SECONDS = spacing


async def run_row(row: Row, database_url: str, *, press_retry_times: int = 1) -> RowResult:
    """Start fresh fakes and a fresh bot on ``database_url``, file one request under the row's fault, and report."""
    started = time.perf_counter()
    with fakes(repos=row.repos) as (slack, github), no_post_spacing():
        scene = Scene(slack, github, database_url=database_url)
        if not (row.after_start or row.inject_before):
            row.inject(scene)
        clock = ManualClock(datetime.now(UTC))
        config = parse_config(row.config, source=f"{row.id} config") if row.config else None
        bot = await BotUnderTest.start(slack_url=slack.url, github_url=github.url, database_url=database_url,
                                       clock=clock, env=row.env, config=config)
        scene.bot = bot
        try:
            view = await open_intake(bot, slack)
            if row.after_start:
                row.inject(scene)
            submitted_at = clock.now()
            reply = await bot.slack(submission(view), signed(submission(view)))
            assert reply.status == 200 and reply.json()["response_action"] == "update", reply.text
            if "lock_released" in scene.notes:
                assert scene.notes["lock_released"].wait(10)
            request = await request_by_view(bot, view["id"])
            if row.inject_before:
                while next(s for s in await steps_of(bot, request.id) if s.state != repo.DONE).kind \
                        != row.inject_before:
                    assert await bot.services.worker.run_once(), "nothing to run before the row's step"
                row.inject(scene)
            await settle(bot, clock, request.id)
            before: dict[str, Any] = {}
            if row.permanent:
                stuck = await request_by_view(bot, view["id"])
                before = {"state": stuck.state, "issues": count_issues(github, stuck.key),
                          "posts": count_posts(slack, stuck.key), "admin_alerts": admin_alerts(slack, stuck.id),
                          "failed": [s.kind for s in await steps_of(bot, stuck.id) if s.state == repo.FAILED]}
                row.fix(scene)
                if row.retry_with == "cli":
                    await rfh_retry_cli(database_url, stuck.id)
                else:
                    await press_retry(bot, slack, stuck)
                for _ in range(press_retry_times - 1):  # pressed again while it runs
                    await bot.services.worker.run_once()
                    await press_retry(bot, slack, stuck)
                await settle(bot, clock, stuck.id)
            final = await request_by_view(bot, view["id"])
            steps = await steps_of(bot, final.id)
            told, dms = requester_saw(slack, view["id"], final.id)
            return RowResult(
                row=row, request_id=final.id, issues=count_issues(github, final.key),
                posts=count_posts(slack, final.key), told=told, admin_alerts=admin_alerts(slack, final.id),
                state=final.state, attempts={s.kind: s.attempts for s in steps},
                seconds_to_delivery=(clock.now() - submitted_at).total_seconds(),
                wall_seconds=time.perf_counter() - started, ack_seconds=reply.elapsed, before_fix=before,
                unexpected_requester_posts=max(0, dms - 1),
            )
        finally:
            await bot.stop()



# -- kill -9 -----------------------------------------------------------------------------------------------------------

async def wait_until(probe: Callable[[], Any], timeout: float, what: str) -> Any:
    deadline = time.monotonic() + timeout
    while not (found := probe()):
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.05)
    return found


async def stored(database_url: str, view_id: str) -> tuple[Request, list[Step]]:
    """The request and its steps, read straight from the database the bot processes share."""
    engine = make_engine(database_url)
    try:
        async with session_factory(engine)() as session:
            request = await repo.find_request_by_view(session, view_id)
            assert request is not None, f"no request stored for view {view_id}"
            steps = (await session.execute(select(Step).where(Step.request_id == request.id)
                                           .order_by(Step.seq))).scalars()
            return request, list(steps)
    finally:
        await engine.dispose()


async def run_kill_row(row: KillRow, database_url: str, workdir: Path) -> RowResult:
    """Serve the bot as a process, get it stuck mid-way, SIGKILL it, start it again on the same database."""
    started = time.perf_counter()
    with fakes() as (slack, github):
        scene = Scene(slack, github, database_url=database_url)
        env = bot_env(slack_url=slack.url, github_url=github.url, database_url=database_url,
                      RFH_GITHUB_TIMEOUT_SECONDS="60")
        first = BotProcess(env, workdir / f"{row.id}-first.log", "the first process").start()
        try:
            await first.wait_healthy()
            row.inject(scene)
            view = await open_intake(first, slack)
            reply = await first.slack(submission(view), signed(submission(view)))
            assert reply.status == 200 and reply.json()["response_action"] == "update", reply.text
            await wait_until(lambda: row.midway(scene), 20, f"{row.id}: the bot to get stuck mid-way")
            first.kill_9()
        finally:
            await first.stop()
        killed_at = time.perf_counter()
        slack.clear_faults()
        github.clear_faults()
        second = BotProcess(env, workdir / f"{row.id}-second.log", "the restarted process").start()
        try:
            await second.wait_healthy()
            request, _ = await stored(database_url, view["id"])
            await wait_until(lambda: requester_saw(slack, view["id"], request.id)[0][-1] == "filed", 30,
                             f"{row.id}: the request to be delivered after the restart")
            delivered_at = time.perf_counter()
        finally:
            await second.stop()
        request, steps = await stored(database_url, view["id"])
        told, dms = requester_saw(slack, view["id"], request.id)
        return RowResult(
            row=row, request_id=request.id, issues=count_issues(github, request.key),
            posts=count_posts(slack, request.key), told=told, admin_alerts=admin_alerts(slack, request.id),
            state=request.state, attempts={s.kind: s.attempts for s in steps},
            seconds_to_delivery=delivered_at - killed_at, wall_seconds=time.perf_counter() - started,
            ack_seconds=reply.elapsed, unexpected_requester_posts=max(0, dms - 1),
            output=first.output() + second.output(),
        )

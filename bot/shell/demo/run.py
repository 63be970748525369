"""`rfh demo`: the bot as `rfh serve --http` runs it, against stand-ins for Slack and GitHub on 127.0.0.1, and one
request's life (filed, claimed, handed over, resolved) through Slack's signed HTTP requests, shown as each person
sees it. Nothing leaves the machine; the database is a temporary SQLite file."""

from __future__ import annotations

import asyncio
import secrets
import socket
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import aiohttp

from bot.core.config import RfhConfig, load_config
from bot.shell.demo import slack_requests as slack_req
from bot.shell.demo.screen import Screen
from bot.shell.logs import configure_logging
from bot.shell.settings import load_settings
from fakes import FakeGitHub, FakeSlack
from storage import backlog
from storage.db import make_engine, session_factory

JSONDict = dict[str, Any]
REQUESTER, ANA, BEN = "U0RILEY", "U0ANA", "U0BEN"
PEOPLE = {REQUESTER: "Riley (support)", ANA: "Ana (Distribution)", BEN: "Ben (Distribution)"}
SUPPORT = "support"
COMMAND = "Pods crash-loop after the upgrade to 5.1 on our Kubernetes cluster"
ANSWERS = {"customer": "Acme Corp", "tier": "1", "severity": "serious",
           "need": "Why do the frontend pods crash-loop since the 5.1 upgrade, and how do we get them back?",
           "urgency": "Today: their developers cannot search", "environment": "Kubernetes 1.29 on GKE, Helm chart 5.1",
           "quote": "Since this morning's upgrade, search is down for all 3,000 developers."}
SETTLE_QUIET_SECONDS = 0.3
SETTLE_TIMEOUT_SECONDS = 15.0
REAL_WORKSPACE = ("SLACK_APP_TOKEN=xapp-… SLACK_BOT_TOKEN=xoxb-… GITHUB_TOKEN=ghp_… rfh serve   "
                  "(Socket Mode: no public URL; create the app from `rfh manifest` first)")


class Demo:
    def __init__(self, *, slack: FakeSlack, github: FakeGitHub, url: str, secret: str, database_url: str,
                 screen: Screen):
        self.slack, self.github, self.url, self.secret, self.screen = slack, github, url, secret, screen
        self.engine = make_engine(database_url)
        self.http = aiohttp.ClientSession()

    async def close(self) -> None:
        await self.http.close()
        await self.engine.dispose()

    async def send(self, body: bytes) -> tuple[int, Any]:
        """POST to /slack/events as Slack does, signed."""
        signed = slack_req.sign(self.secret, body)
        async with self.http.post(self.url + "/slack/events", data=signed.body, headers=signed.headers) as reply:
            text = await reply.text()
            return reply.status, (await reply.json(content_type=None)) if text.startswith("{") else text

    async def settle(self) -> None:
        """Wait until the listeners and the delivery worker are done: nothing new for a moment, no step left."""
        deadline = time.monotonic() + SETTLE_TIMEOUT_SECONDS
        seen, quiet_since = self.screen.counts(), time.monotonic()
        while time.monotonic() < deadline:
            await asyncio.sleep(0.05)
            now = self.screen.counts()
            if now != seen:
                seen, quiet_since = now, time.monotonic()
            elif time.monotonic() - quiet_since >= SETTLE_QUIET_SECONDS and not await self._steps_left():
                return

    async def _steps_left(self) -> int:
        async with session_factory(self.engine)() as session:
            steps = (await backlog.backlog(session)).steps
        return steps.get("pending", 0) + steps.get("running", 0)

    async def wait_for(self, probe: Callable[[], Any]) -> Any:
        deadline = time.monotonic() + SETTLE_TIMEOUT_SECONDS
        while not (found := probe()) and time.monotonic() < deadline:
            await asyncio.sleep(0.02)
        if not found:
            raise RuntimeError("the bot did not answer in time")
        return found

    def opened_by(self, trigger: str) -> JSONDict:
        calls = [c for c in self.slack.calls_to("views.open") if c.args.get("trigger_id") == trigger and c.ok]
        return dict(calls[0].response["view"]) if calls and calls[0].response else {}

    async def click(self, user: str, action_id: str, post: tuple[str, str]) -> str:
        """``user`` clicks a button of the team post; returns the trigger id (for a modal it opens)."""
        trigger = self.slack.new_trigger_id()
        message = self.slack.message(*post) or {}
        await self.send(slack_req.block_actions(message, channel=post[0], action_id=action_id, user=user,
                                                name=PEOPLE[user], trigger_id=trigger,
                                                response_url=self.slack.response_url()))
        return trigger

    async def submit(self, user: str, view: JSONDict, answers: JSONDict) -> tuple[int, Any]:
        return await self.send(slack_req.view_submission(view, answers, user=user, name=PEOPLE[user]))


async def story(demo: Demo, config: RfhConfig) -> None:
    await file_the_request(demo)
    team = config.teams["distribution"]
    post = next((str(m["ts"]) for m in demo.slack.messages(team.channel) if m.get("metadata")), "")
    where = (demo.slack.channel_id(team.channel), post)
    demo.screen.say(f"\n3. {PEOPLE[ANA]} clicks Take ownership on the post in {team.channel}")
    await demo.click(ANA, "take_ownership", where)
    await demo.settle()
    demo.screen.new_effects()
    await through_a_modal(
        demo, user=ANA, button="hand_over", post=where,
        step=f"\n4. {PEOPLE[ANA]} clicks Hand over, picks {PEOPLE[BEN]} and writes a note",
        answers={"new_owner": BEN, "note": "The frontend OOMs at 2Gi since 5.1; Ben owns the Helm chart's limits."})
    await through_a_modal(
        demo, user=BEN, button="resolve", post=where,
        step=f"\n5. {PEOPLE[BEN]} raises the limit, then clicks Resolve: fixed",
        answers={"resolution": "fixed", "note": "Raised the frontend memory limit to 4Gi; pods stable for an hour."})


async def file_the_request(demo: Demo) -> None:
    screen, slack = demo.screen, demo.slack
    screen.say(f"\n1. {PEOPLE[REQUESTER]} types in #{SUPPORT}:  /rfh {COMMAND}")
    trigger = slack.new_trigger_id()
    await demo.send(slack_req.slash_command(text=COMMAND, user=REQUESTER, user_name="riley",
                                            channel=slack.channel_id(SUPPORT), channel_name=SUPPORT,
                                            trigger_id=trigger, response_url=slack.response_url()))
    view = await demo.wait_for(lambda: demo.opened_by(trigger))
    screen.modal_owner[str(view["id"])] = REQUESTER
    screen.new_effects()
    screen.say(f"\n2. {PEOPLE[REQUESTER]} fills in the customer, tier, severity, need, urgency, environment and "
               "quote, and presses Submit")
    status, answer = await demo.submit(REQUESTER, view, ANSWERS)
    if status != 200 or not isinstance(answer, dict) or answer.get("response_action") != "update":
        raise RuntimeError(f"the submission was refused: {answer}")
    screen.modal(REQUESTER, {**answer["view"], "id": view["id"]}, "sees, at once (the answer to Submit)")
    await demo.settle()
    screen.new_effects()


async def through_a_modal(demo: Demo, *, user: str, button: str, post: tuple[str, str], step: str,
                          answers: JSONDict) -> None:
    """``user`` clicks ``button`` on the post, sees the modal it opens, fills it in with ``answers`` and submits."""
    demo.screen.say(step)
    trigger = await demo.click(user, button, post)
    view = await demo.wait_for(lambda: demo.opened_by(trigger))
    demo.screen.modal_owner[str(view["id"])] = user
    demo.screen.new_effects()
    await demo.submit(user, view, answers)
    await demo.settle()
    demo.screen.new_effects()


def prepare_fakes(slack: FakeSlack, github: FakeGitHub, config: RfhConfig) -> dict[str, str]:
    """The workspace and the trackers the story happens in; returns the names people see, by Slack id."""
    github.add_repo(config.private_tracker, private=True)
    if config.public_tracker:
        github.add_repo(config.public_tracker, private=False)
    names = {"UBOT": "rfh"}
    for user, name in PEOPLE.items():
        slack.add_user(user, name=name.split()[0].lower(), real_name=name)
        names[user] = name.split()[0]
        names[slack.channel_id(user)] = name.split()[0]
    for team in config.teams.teams:
        if team.handle:
            members = [ANA, BEN] if team.id == "distribution" else []
            slack.add_usergroup(team.handle, users=members)
        names[slack.add_channel(team.channel)] = "#" + team.channel.lstrip("#")
    names[slack.add_channel(SUPPORT, members=list(PEOPLE))] = f"#{SUPPORT}"
    return names


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def run_demo(*, out: Callable[[str], None] = print) -> int:
    from bot.shell.server import serve

    started = time.monotonic()
    configure_logging(level="WARNING")
    config = load_config()
    secret, port = secrets.token_hex(16), free_port()
    with FakeSlack(team_id="T0DEMO", team_domain="demo", trigger_ttl=10.0) as slack, FakeGitHub() as github, \
            tempfile.TemporaryDirectory(prefix="rfh-demo-") as tmp:
        screen = Screen(slack, github, prepare_fakes(slack, github, config), print=out)
        database_url = f"sqlite:///{Path(tmp) / 'rfh.db'}"
        settings = load_settings({
            "SLACK_BOT_TOKEN": slack.bot_token, "SLACK_SIGNING_SECRET": secret, "SLACK_API_URL": slack.url,
            "GITHUB_TOKEN": github.token, "GITHUB_API_URL": github.url, "DATABASE_URL": database_url,
            "RFH_GITHUB_WRITE_SPACING": "0", "RFH_WORKER_POLL_SECONDS": "0.2",
        })
        out(f"rfh demo: the bot (`rfh serve --http` on 127.0.0.1:{port}) with stand-ins for Slack and GitHub on "
            "127.0.0.1; nothing leaves this machine.")
        stop = asyncio.Event()
        server = asyncio.create_task(serve(settings, config, http=True, host="127.0.0.1", port=port, stop=stop))
        demo = Demo(slack=slack, github=github, url=f"http://127.0.0.1:{port}", secret=secret,
                    database_url=database_url, screen=screen)
        try:
            await _ready(demo, server)
            await story(demo, config)
        finally:
            stop.set()
            await demo.close()
            await server
    out(f"\nThat was one request's whole life, in {time.monotonic() - started:.1f} s.\n"
        f"The same against a real workspace:  {REAL_WORKSPACE}")
    return 0


async def _ready(demo: Demo, server: asyncio.Task[None]) -> None:
    deadline = time.monotonic() + SETTLE_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if server.done():
            server.result()  # raises what stopped it
            raise RuntimeError("the bot stopped")
        try:
            async with demo.http.get(demo.url + "/readyz") as reply:
                if reply.status == 200:
                    return
        except aiohttp.ClientError:
            pass
        await asyncio.sleep(0.05)
    raise RuntimeError("the bot did not start in time")

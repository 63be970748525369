"""`rfh history`, `rfh github-webhook` and the webhook part of `rfh check`."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Mapping

from bot.adapters.github_tracker import GitHubTracker
from bot.blocks.ownership_notes import who
from bot.core.config import RfhConfig
from bot.core.errors import DeliveryError
from bot.history.service import request_history
from bot.shell.settings import DEFAULT_GITHUB_API_URL, SettingsError
from storage.db import make_engine, migrate, session_factory

WEBHOOK_PATH = "/github/webhook"
WEBHOOK_EVENTS = ["issues", "issue_comment"]
_LINK = re.compile(r"<([^<>|]+)\|([^<>]*)>|<([^<>]+)>")


def history_command(database_url: str, config: RfhConfig, request_id: int) -> int:
    async def run() -> list[str] | None:
        engine = make_engine(database_url)
        try:
            await migrate(engine)
            history = await request_history(session_factory(engine), config, request_id)
        finally:
            await engine.dispose()
        if history is None:
            return None
        return [history.title] + [f"{e.at:%Y-%m-%d %H:%M} UTC  {plain(who(e.actor))} {plain(e.text)}"
                                  for e in history.entries]

    lines = asyncio.run(run())
    if lines is None:
        print(f"There is no request RFH-{request_id}.")
        return 1
    print("\n".join(lines))
    return 0


def plain(text: str) -> str:
    """Slack mrkdwn as terminal text: <@U1> → @U1, <#C1> → #C1, <url|label> → label (url), entities decoded."""

    def link(match: re.Match[str]) -> str:
        target, label, bare = match.group(1), match.group(2), match.group(3)
        target = target or bare
        if target.startswith(("@", "#")):
            return target
        if target.startswith("!date^"):
            return label or ""
        return f"{label} ({target})" if label else target

    text = _LINK.sub(link, text).replace("*", "")
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def _github(environ: Mapping[str, str], *, need_secret: bool) -> tuple[GitHubTracker, str]:
    problems = []
    token, secret = environ.get("GITHUB_TOKEN", ""), environ.get("GITHUB_WEBHOOK_SECRET", "")
    if not token:
        problems.append("GITHUB_TOKEN is missing; set it to a token that may manage the tracker repositories' "
                        "webhooks (classic: admin:repo_hook; fine-grained: Webhooks read & write)")
    if need_secret and not secret:
        problems.append("GITHUB_WEBHOOK_SECRET is missing; set it to the secret `rfh serve` verifies webhooks with "
                        "(any long random string, the same for both)")
    if problems:
        raise SettingsError(problems)
    base = (environ.get("GITHUB_API_URL") or DEFAULT_GITHUB_API_URL).rstrip("/")
    return GitHubTracker(token=token, base_url=base, write_spacing=None), secret


def webhook_command(environ: Mapping[str, str], config: RfhConfig, url: str) -> int:
    """Create or update the private tracker's webhook to ``url`` (JSON, the secret, issues + issue_comment)."""
    if not url.startswith(("https://", "http://")):
        raise SettingsError([f"--url {url!r} is not a URL; give https://HOST{WEBHOOK_PATH}"])
    tracker, secret = _github(environ, need_secret=True)
    try:
        done = asyncio.run(tracker.ensure_webhook(config.private_tracker, url=url, secret=secret,
                                                  events=WEBHOOK_EVENTS, match=WEBHOOK_PATH))
    except DeliveryError as exc:
        print(f"rfh: could not set up the webhook of {config.private_tracker}: {exc}")
        return 1
    print(f"{config.private_tracker}: webhook {done}: {url} ({', '.join(WEBHOOK_EVENTS)}, JSON, signed)")
    return 0


def webhook_report(environ: Mapping[str, str], config: RfhConfig) -> int:
    """For `rfh check`: 0 when the private tracker sends issues and comments to an rfh webhook, else 1."""
    if not environ.get("GITHUB_TOKEN"):
        print("webhook: not checked (GITHUB_TOKEN is not set)")
        return 0
    tracker, _ = _github(environ, need_secret=False)
    repo_name = config.private_tracker
    try:
        hooks = asyncio.run(tracker.webhooks(repo_name))
    except DeliveryError as exc:
        print(f"rfh: cannot read the webhooks of {repo_name}: {exc}")
        return 1
    ours = [h for h in hooks if str(h["url"]).endswith(WEBHOOK_PATH) and h["active"]]
    missing = [e for e in WEBHOOK_EVENTS if not any(e in h["events"] or "*" in h["events"] for h in ours)]
    if not ours or missing:
        what = "has no active webhook to rfh" if not ours else f"sends no {', '.join(missing)} events to rfh"
        print(f"rfh: {repo_name} {what}: GitHub comments, labels, assignees and closing will not reach Slack; run "
              f"`rfh github-webhook --url https://HOST{WEBHOOK_PATH}`")
        return 1
    if not environ.get("GITHUB_WEBHOOK_SECRET"):
        print("rfh: GITHUB_WEBHOOK_SECRET is not set: `rfh serve` answers every webhook with 401")
        return 1
    print(f"webhook: {repo_name} → {ours[0]['url']} ({', '.join(WEBHOOK_EVENTS)})")
    return 0



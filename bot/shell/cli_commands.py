"""What each `rfh` sub-command does once its arguments are parsed (``bot.shell.cli`` parses): load the settings or
config it needs, call the command's module, return the exit code. Imports stay inside each function, so `rfh check`
does not pay for the web server or matplotlib."""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
from typing import NoReturn

from bot.core.config import RfhConfig, load_config
from bot.shell.settings import SettingsError, load_settings


def _config() -> RfhConfig:
    path = os.environ.get("RFH_CONFIG") or None
    return load_config(path)


def serve(args: argparse.Namespace) -> int:
    settings = load_settings(os.environ, http_mode=args.http or not os.environ.get("SLACK_APP_TOKEN"))
    if not args.http and not settings.SLACK_APP_TOKEN:
        _fail("SLACK_APP_TOKEN is missing; set it (xapp-…) for Socket Mode, or run `rfh serve --http`")
    config = load_config(settings.RFH_CONFIG)
    from bot.shell.logs import configure_logging

    configure_logging(level=settings.RFH_LOG_LEVEL, json_lines=settings.RFH_LOG_FORMAT == "json")
    from bot.shell import server
    from bot.shell.preflight import check_database, check_tokens

    port = args.port if args.port is not None else settings.RFH_PORT

    async def run() -> None:
        await check_database(settings.DATABASE_URL)
        await check_tokens(settings, config.private_tracker)
        await server.serve(settings, config, http=args.http, host=args.host, port=port)

    asyncio.run(run())
    return 0


def check(args: argparse.Namespace) -> int:
    from bot.core.config import config_warnings

    config = load_config(args.file or os.environ.get("RFH_CONFIG") or None)
    print(f"{config.source}: OK ({len(config.teams.teams)} teams, private tracker {config.private_tracker})")
    for warning in config_warnings(config):
        print(f"rfh check: warning: {warning}", file=sys.stderr)
    if args.offline:
        return 0
    from bot.shell.bridge_commands import webhook_report

    return webhook_report(os.environ, config)


def manifest(args: argparse.Namespace) -> int:
    from bot.shell.manifest import manifest

    print(json.dumps(manifest(url=args.url), indent=2))
    return 0


def route(args: argparse.Namespace) -> int:
    from bot.shell.route_command import route_command

    return route_command(_config(), text=args.text, batch=args.batch,
                         stats_database=_existing_database() if args.stats else None, database=_database_url())


def learn(args: argparse.Namespace) -> int:
    from bot.shell.learn_command import learn_command

    config = _config()
    return learn_command(config.teams, config.routing, args)


def retry(args: argparse.Namespace) -> int:
    from bot.shell.ops import retry_command

    return retry_command(_existing_database(), args.request_id)


def _existing_database() -> str:
    """DATABASE_URL (default sqlite:///rfh.db) if that database exists and opens; else SettingsError, one line.
    `rfh retry`, `rfh history` and `rfh route --stats` read the bot's database: they never create an empty one."""
    from bot.shell.preflight import DEFAULT_DATABASE_URL, check_database
    from bot.shell.settings import database_url

    url = database_url(os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL)
    asyncio.run(check_database(url, must_exist=True))
    return url


def oncall(args: argparse.Namespace) -> int:
    from bot.shell.ops import oncall_command

    return oncall_command(_config())


def history(args: argparse.Namespace) -> int:
    from bot.shell.bridge_commands import history_command

    return history_command(_existing_database(), _config(), args.request_id)


def github_webhook(args: argparse.Namespace) -> int:
    from bot.shell.bridge_commands import webhook_command

    return webhook_command(os.environ, _config(), args.url)


def demo(args: argparse.Namespace) -> int:
    from bot.shell.demo.run import run_demo

    return asyncio.run(run_demo())


def _database_url() -> str:
    return os.environ.get("DATABASE_URL") or "sqlite:///rfh.db"


def customers_import(args: argparse.Namespace) -> int:
    from bot.shell.customers_command import import_command

    return import_command(_database_url(), args.file, actor=f"cli:{os.environ.get('USER') or 'rfh'}")


def customers_show(args: argparse.Namespace) -> int:
    from bot.shell.customers_command import show_command

    return show_command(_database_url(), args.name)


def customers_export(args: argparse.Namespace) -> int:
    from bot.shell.customers_command import export_command

    return export_command(_database_url(), fmt=args.format)


def priorities(args: argparse.Namespace) -> int:
    from bot.shell.ops import priorities_command

    return priorities_command(_database_url(), _config(), args.team,
                              csv_out=args.csv)


def report(args: argparse.Namespace) -> int:
    from bot.reports.cli import report_command

    return report_command(args, config=_config(), database_url=_database_url())


def tickets(args: argparse.Namespace) -> int:
    from bot.reports.cli import tickets_command

    return tickets_command(args, database_url=_database_url())


def _fail(message: str) -> NoReturn:
    raise SettingsError([message])

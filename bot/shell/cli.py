"""The `rfh` command: serve, check, manifest, route, learn, retry, oncall, history, github-webhook, priorities,
customers, report, tickets. Thin: parse, call, print, exit code."""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
from collections.abc import Sequence
from typing import NoReturn

from bot.core.config import ConfigError, RfhConfig, load_config
from bot.shell.settings import SettingsError, load_settings

EXIT_USAGE = 2


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return int(args.run(args) or 0)
    except SettingsError as exc:
        for line in exc.problems:
            print(f"rfh: {line}", file=sys.stderr)
        return EXIT_USAGE
    except ConfigError as exc:
        print(f"rfh: the config {exc.source} has {len(exc.problems)} problem(s):", file=sys.stderr)
        for line in exc.problems:
            print(f"  {line}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="rfh", description="Requests for help from support to engineering.")
    parser.add_argument("--version", action="version", version=f"rfh {_version()}")
    sub = parser.add_subparsers(required=True, metavar="COMMAND")

    serve = sub.add_parser("serve", help="run the bot (Socket Mode when SLACK_APP_TOKEN is set, or --http)")
    serve.add_argument("--http", action="store_true", help="HTTP mode: POST /slack/events on --host:--port")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=None, help="default: RFH_PORT, else 3000")
    serve.set_defaults(run=_serve)

    check = sub.add_parser("check", help="validate a config file and print every error with its path")
    check.add_argument("file", nargs="?", help="config file (default: RFH_CONFIG or the built-in config)")
    check.add_argument("--offline", action="store_true", help="only the config: do not ask GitHub about the webhook")
    check.set_defaults(run=_check)

    manifest = sub.add_parser("manifest", help="print a Slack app manifest (Socket Mode, or HTTP with --url)")
    manifest.add_argument("--url", help="public base URL of `rfh serve --http`, e.g. https://rfh.example.com")
    manifest.set_defaults(run=_manifest)

    route = sub.add_parser("route", help="suggest a team for a text, route a JSONL batch, or print accuracy")
    route.add_argument("text", nargs="?")
    route.add_argument("--batch", metavar="FILE.jsonl", help='lines {"id": ..., "text": ...}; "-" for stdin')
    route.add_argument("--stats", action="store_true", help="suggestion accuracy per team, from the database")
    route.set_defaults(run=_route)

    learn = sub.add_parser("learn", help="learn the team's history (JSONL or a GitHub tracker), measure and calibrate")
    learn.add_argument("file", nargs="?", metavar="FILE.jsonl", help='lines {"text": ..., "team": ..., "id": ...}')
    learn.add_argument("--github", metavar="OWNER/REPO", help="import the repository's team-labelled issues")
    learn.add_argument("--label", action="append", metavar="LABEL=TEAM_ID", help="default: the config's team labels")
    learn.add_argument("--state", choices=("closed", "all"), default="closed")
    learn.add_argument("--since", metavar="DATE", help="only issues updated since, e.g. 2024-01-31")
    learn.add_argument("--limit", type=int, metavar="N", help="stop after about N new examples")
    learn.add_argument("--evaluate", action="store_true", help="only cross-validate on the stored history")
    learn.add_argument("--no-evaluate", action="store_true", help="import without measuring and calibrating")
    learn.add_argument("--folds", type=int, default=5, help="cross-validation folds (default 5)")
    learn.set_defaults(run=_learn)

    retry = sub.add_parser("retry", help="retry a request whose delivery needs attention, once the cause is fixed")
    retry.add_argument("request_id", type=_request_id)
    retry.set_defaults(run=_retry)

    oncall = sub.add_parser("oncall", help="who is on call now and next, per team")
    oncall.set_defaults(run=_oncall)

    history = sub.add_parser("history", help="a request's full timeline: filing, routing, ownership, GitHub")
    history.add_argument("request_id", type=_request_id)
    history.set_defaults(run=_history)

    hook = sub.add_parser("github-webhook", help="create or update the private tracker's webhook to rfh")
    hook.add_argument("--url", required=True, help="public URL of /github/webhook, e.g. https://rfh.example.com/"
                                                   "github/webhook")
    hook.set_defaults(run=_github_webhook)

    demo = sub.add_parser("demo", help="show a request's whole life against local stand-ins for Slack and GitHub")
    demo.set_defaults(run=_demo)
    _customers_parser(sub)

    priorities = sub.add_parser("priorities", help="print a team's RFH priorities list, top first (or --csv)")
    priorities.add_argument("team", help="team id, e.g. distribution")
    priorities.add_argument("--csv", action="store_true", help="export it as CSV (header row, then top first)")
    priorities.set_defaults(run=_priorities)

    from bot.reports.cli import add_report_arguments, add_tickets_arguments

    add_report_arguments(sub.add_parser("report", help="figures and charts against the handbook's goals"))
    sub.choices["report"].set_defaults(run=_report)
    add_tickets_arguments(sub.add_parser("tickets", help="record the support desk's ticket counts (the 10% goal)"))
    sub.choices["tickets"].set_defaults(run=_tickets)
    return parser


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("rfh")
    except PackageNotFoundError:  # run from a checkout that was never installed
        return "unknown (not installed)"


def _customers_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    customers = sub.add_parser("customers", help="customer environment profiles: import, show, export")
    verbs = customers.add_subparsers(required=True, metavar="ACTION")
    imp = verbs.add_parser("import", help="add or update profiles from FILE.csv or FILE.toml (versioned)")
    imp.add_argument("file")
    imp.set_defaults(run=_customers_import)
    show = verbs.add_parser("show", help="a profile and its history (any spelling or alias of the name)")
    show.add_argument("name")
    show.set_defaults(run=_customers_show)
    export = verbs.add_parser("export", help="every profile, as TOML (default) or CSV, on standard output")
    export.add_argument("--format", choices=("toml", "csv"), default="toml")
    export.set_defaults(run=_customers_export)


def _request_id(text: str) -> int:
    try:
        return int(text.upper().removeprefix("RFH-"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"request id must be a number like 42 or RFH-42, not {text!r}") from None


def _config() -> RfhConfig:
    path = os.environ.get("RFH_CONFIG") or None
    return load_config(path)


def _serve(args: argparse.Namespace) -> int:
    settings = load_settings(os.environ, http_mode=args.http or not os.environ.get("SLACK_APP_TOKEN"))
    if not args.http and not settings.SLACK_APP_TOKEN:
        _fail("SLACK_APP_TOKEN is missing; set it (xapp-…) for Socket Mode, or run `rfh serve --http`")
    config = load_config(settings.RFH_CONFIG)
    from bot.shell.logs import configure_logging

    configure_logging(level=settings.RFH_LOG_LEVEL, json_lines=settings.RFH_LOG_FORMAT == "json")
    from bot.shell.preflight import check_database, check_tokens
    from bot.shell.server import serve

    port = args.port if args.port is not None else settings.RFH_PORT

    async def run() -> None:
        await check_database(settings.DATABASE_URL)
        await check_tokens(settings, config.private_tracker)
        await serve(settings, config, http=args.http, host=args.host, port=port)

    asyncio.run(run())
    return 0


def _check(args: argparse.Namespace) -> int:
    from bot.core.config import config_warnings

    config = load_config(args.file or os.environ.get("RFH_CONFIG") or None)
    print(f"{config.source}: OK ({len(config.teams.teams)} teams, private tracker {config.private_tracker})")
    for warning in config_warnings(config):
        print(f"rfh check: warning: {warning}", file=sys.stderr)
    if args.offline:
        return 0
    from bot.shell.bridge_commands import webhook_report

    return webhook_report(os.environ, config)


def _manifest(args: argparse.Namespace) -> int:
    from bot.shell.manifest import manifest

    print(json.dumps(manifest(url=args.url), indent=2))
    return 0


def _route(args: argparse.Namespace) -> int:
    from bot.shell.route_command import route_command

    return route_command(_config(), text=args.text, batch=args.batch,
                         stats_database=_existing_database() if args.stats else None, database=_database_url())


def _learn(args: argparse.Namespace) -> int:
    from bot.shell.learn_command import learn_command

    config = _config()
    return learn_command(config.teams, config.routing, args)


def _retry(args: argparse.Namespace) -> int:
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


def _oncall(args: argparse.Namespace) -> int:
    from bot.shell.ops import oncall_command

    return oncall_command(_config())


def _history(args: argparse.Namespace) -> int:
    from bot.shell.bridge_commands import history_command

    return history_command(_existing_database(), _config(), args.request_id)


def _github_webhook(args: argparse.Namespace) -> int:
    from bot.shell.bridge_commands import webhook_command

    return webhook_command(os.environ, _config(), args.url)


def _demo(args: argparse.Namespace) -> int:
    from bot.shell.demo.run import run_demo

    return asyncio.run(run_demo())


def _database_url() -> str:
    return os.environ.get("DATABASE_URL") or "sqlite:///rfh.db"


def _customers_import(args: argparse.Namespace) -> int:
    from bot.shell.customers_command import import_command

    return import_command(_database_url(), args.file, actor=f"cli:{os.environ.get('USER') or 'rfh'}")


def _customers_show(args: argparse.Namespace) -> int:
    from bot.shell.customers_command import show_command

    return show_command(_database_url(), args.name)


def _customers_export(args: argparse.Namespace) -> int:
    from bot.shell.customers_command import export_command

    return export_command(_database_url(), fmt=args.format)


def _priorities(args: argparse.Namespace) -> int:
    from bot.shell.ops import priorities_command

    return priorities_command(_database_url(), _config(), args.team,
                              csv_out=args.csv)


def _report(args: argparse.Namespace) -> int:
    from bot.reports.cli import report_command

    return report_command(args, config=_config(), database_url=_database_url())


def _tickets(args: argparse.Namespace) -> int:
    from bot.reports.cli import tickets_command

    return tickets_command(args, database_url=_database_url())


def _fail(message: str) -> NoReturn:
    raise SettingsError([message])


if __name__ == "__main__":
    sys.exit(main())

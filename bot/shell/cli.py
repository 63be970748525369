"""The `rfh` command: serve, check, manifest, route, learn, retry, oncall, history, github-webhook, priorities,
customers, report, tickets. Thin: parse, call, print, exit code."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import TypeAlias

from bot.core.config import ConfigError
from bot.shell import cli_commands as commands
from bot.shell.settings import SettingsError

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


Subparsers: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="rfh", description="Requests for help from support to engineering.")
    parser.add_argument("--version", action="version", version=f"rfh {_version()}")
    sub = parser.add_subparsers(required=True, metavar="COMMAND")
    for add in (_add_running, _add_routing, _add_request_commands, _customers_parser, _add_reports):
        add(sub)
    return parser


def _add_running(sub: Subparsers) -> None:
    """Running the bot and setting it up: serve, check, manifest, github-webhook, demo."""
    serve = sub.add_parser("serve", help="run the bot (Socket Mode when SLACK_APP_TOKEN is set, or --http)")
    serve.add_argument("--http", action="store_true", help="HTTP mode: POST /slack/events on --host:--port")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=None, help="default: RFH_PORT, else 3000")
    serve.set_defaults(run=commands.serve)

    check = sub.add_parser("check", help="validate a config file and print every error with its path")
    check.add_argument("file", nargs="?", help="config file (default: RFH_CONFIG or the built-in config)")
    check.add_argument("--offline", action="store_true", help="only the config: do not ask GitHub about the webhook")
    check.set_defaults(run=commands.check)

    manifest = sub.add_parser("manifest", help="print a Slack app manifest (Socket Mode, or HTTP with --url)")
    manifest.add_argument("--url", help="public base URL of `rfh serve --http`, e.g. https://rfh.example.com")
    manifest.set_defaults(run=commands.manifest)

    hook = sub.add_parser("github-webhook", help="create or update the private tracker's webhook to rfh")
    hook.add_argument("--url", required=True, help="public URL of /github/webhook, e.g. https://rfh.example.com/"
                                                   "github/webhook")
    hook.set_defaults(run=commands.github_webhook)

    demo = sub.add_parser("demo", help="show a request's whole life against local stand-ins for Slack and GitHub")
    demo.set_defaults(run=commands.demo)


def _add_routing(sub: Subparsers) -> None:
    route = sub.add_parser("route", help="suggest a team for a text, route a JSONL batch, or print accuracy")
    route.add_argument("text", nargs="?")
    route.add_argument("--batch", metavar="FILE.jsonl", help='lines {"id": ..., "text": ...}; "-" for stdin')
    route.add_argument("--stats", action="store_true", help="suggestion accuracy per team, from the database")
    route.set_defaults(run=commands.route)

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
    learn.set_defaults(run=commands.learn)


def _add_request_commands(sub: Subparsers) -> None:
    """Looking after requests from a terminal: retry, history, on-call, the priorities list."""
    retry = sub.add_parser("retry", help="retry a request whose delivery needs attention, once the cause is fixed")
    retry.add_argument("request_id", type=_request_id)
    retry.set_defaults(run=commands.retry)

    oncall = sub.add_parser("oncall", help="who is on call now and next, per team")
    oncall.set_defaults(run=commands.oncall)

    history = sub.add_parser("history", help="a request's full timeline: filing, routing, ownership, GitHub")
    history.add_argument("request_id", type=_request_id)
    history.set_defaults(run=commands.history)

    priorities = sub.add_parser("priorities", help="print a team's RFH priorities list, top first (or --csv)")
    priorities.add_argument("team", help="team id, e.g. distribution")
    priorities.add_argument("--csv", action="store_true", help="export it as CSV (header row, then top first)")
    priorities.set_defaults(run=commands.priorities)


def _add_reports(sub: Subparsers) -> None:
    from bot.reports.cli import add_report_arguments, add_tickets_arguments

    add_report_arguments(sub.add_parser("report", help="figures and charts against the handbook's goals"))
    sub.choices["report"].set_defaults(run=commands.report)
    add_tickets_arguments(sub.add_parser("tickets", help="record the support desk's ticket counts (the 10%% goal)"))
    sub.choices["tickets"].set_defaults(run=commands.tickets)


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("rfh")
    except PackageNotFoundError:  # run from a checkout that was never installed
        return "unknown (not installed)"


def _customers_parser(sub: Subparsers) -> None:
    customers = sub.add_parser("customers", help="customer environment profiles: import, show, export")
    verbs = customers.add_subparsers(required=True, metavar="ACTION")
    imp = verbs.add_parser("import", help="add or update profiles from FILE.csv or FILE.toml (versioned)")
    imp.add_argument("file")
    imp.set_defaults(run=commands.customers_import)
    show = verbs.add_parser("show", help="a profile and its history (any spelling or alias of the name)")
    show.add_argument("name")
    show.set_defaults(run=commands.customers_show)
    export = verbs.add_parser("export", help="every profile, as TOML (default) or CSV, on standard output")
    export.add_argument("--format", choices=("toml", "csv"), default="toml")
    export.set_defaults(run=commands.customers_export)


def _request_id(text: str) -> int:
    try:
        return int(text.upper().removeprefix("RFH-"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"request id must be a number like 42 or RFH-42, not {text!r}") from None


if __name__ == "__main__":
    sys.exit(main())

"""Bolt listeners, one module per kind. Each register(app, services) binds ids to thin functions."""

from __future__ import annotations

from typing import TYPE_CHECKING

from slack_bolt.async_app import AsyncApp

if TYPE_CHECKING:
    from bot.services import Services


def register_all(app: AsyncApp, services: Services) -> None:
    from handlers import (
        actions,
        app_home,
        commands,
        customers,
        events,
        history,
        nudges,
        public_review,
        queues,
        related,
        reports,
        rerouting,
        review,
        shortcuts,
        submissions,
    )

    # reports first: its `/rfh report` listener must match before the intake modal's `/rfh` one.
    for module in (reports, commands, shortcuts, submissions, actions, rerouting, nudges, events, app_home,
                   history, public_review, related, customers, review, queues):
        module.register(app, services)

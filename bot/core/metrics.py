"""Prometheus metrics, on a registry of our own so tests can build several apps in one process."""

from __future__ import annotations

from typing import Protocol

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram


class StepResult(Protocol):
    @property
    def kind(self) -> str: ...

    @property
    def ok(self) -> bool: ...


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.http_requests = Counter("rfh_http_requests_total", "HTTP requests served", ["route", "status"],
                                     registry=self.registry)
        self.http_latency = Histogram("rfh_http_request_seconds", "Time to answer an HTTP request", ["route"],
                                      registry=self.registry,
                                      buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5))
        self.steps = Counter("rfh_steps_total", "Delivery steps attempted", ["kind", "outcome"],
                             registry=self.registry)
        self.submissions = Counter("rfh_requests_total", "Requests stored from the intake modal", ["team"],
                                   registry=self.registry)
        self.intake_outcomes = Counter("rfh_intake_outcomes_total", "Drafts that did not become a new request: "
                                       "added to an existing one, withdrawn after an answer, duplicates offered",
                                       ["outcome"], registry=self.registry)
        self.tech_reviews = Counter("rfh_tech_reviews_total", "Tech reviews requested and decided", ["event"],
                                    registry=self.registry)
        self.webhooks = Counter("rfh_github_webhooks_total", "GitHub webhook deliveries", ["event", "outcome"],
                                registry=self.registry)
        self.bridge = Counter("rfh_bridge_slack_messages_total", "Slack message events the bridge looked at",
                              ["outcome"], registry=self.registry)

        # The backlog, read from the database when /metrics is scraped (bot.shell.health.refresh_backlog).
        self.requests_by_state = Gauge("rfh_backlog_requests", "Requests by delivery state and status",
                                       ["state", "status"], registry=self.registry)
        self.steps_by_state = Gauge("rfh_backlog_steps", "Delivery steps not done: pending, running, and failed "
                                    "(needing attention)", ["state"], registry=self.registry)
        self.oldest_unclaimed = Gauge("rfh_backlog_oldest_unclaimed_seconds", "Age of the oldest open request "
                                      "nobody owns, per team", ["team"], registry=self.registry)
        self.sla_breaches = Gauge("rfh_backlog_sla_breaches", "Open requests nobody owns past their claim "
                                  "deadline (SLA), per team", ["team"], registry=self.registry)

    def step_done(self, outcome: StepResult) -> None:
        self.steps.labels(outcome.kind, "ok" if outcome.ok else "failed").inc()

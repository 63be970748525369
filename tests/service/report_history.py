"""A known history for the report tests, made the way the bot makes it: requests through ``intake.submit``, claims,
hand-overs and resolutions through ``Ownership``, a re-route through ``Rerouting``, with a ManualClock; the
scheduler's finished re-ping and escalation jobs as it leaves them; a support-desk ticket count.

Two weeks, Monday 16 to Sunday 29 November 2026, UTC business hours 09:00-17:00 (built-in SLAs: p0 15 minutes of
wall time; p1 1 business hour; p2 1 business day; p3 3 business days). Every expected figure is worked out by hand in
``EXPECTED`` below; the comments give the arithmetic.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.core.clock import ManualClock
from bot.core.config import RfhConfig, parse_config
from bot.core.domain import Origin, RequestForm, RequestType
from bot.intake.service import Suggested, submit
from bot.ownership.reroute import Rerouting
from bot.ownership.service import Ownership
from bot.reports.periods import Period
from bot.sla.timers import Timers
from routing.priority import Severity
from storage import tickets
from storage.models import Job

CONFIG = """
[trackers]
private = "sourcegraph/customer"

[[teams]]
id = "distribution"
name = "Distribution"
channel = "#distribution"
label = "team/distribution"
leads = ["U0BEN"]  # assigning someone else's request is a lead's move

[[teams]]
id = "core-application"
name = "Core Application"
channel = "#core-application-support"
label = "team/core-application"
leads = ["U0CAR"]  # closing as won't fix is a lead's decision

[[teams]]
id = "ce-sales"
name = "CE and Sales"
kind = "ce-sales"
channel = "#ce"
"""

PERIOD = Period(datetime(2026, 11, 16, tzinfo=UTC), datetime(2026, 11, 30, tzinfo=UTC))
ANA, BEN, CAR = "U0ANA", "U0BEN", "U0CAR"
FULL = {"environment": "k8s 1.29", "steps_to_reproduce": "helm upgrade", "logs": "OOMKilled",
        "recent_changes": "new node pool", "impacted_users": "everyone"}


def config() -> RfhConfig:
    return parse_config(CONFIG, source="report test config")


def at(day: int, hour: int, minute: int = 0) -> datetime:
    """A UTC time in November 2026 (the 16th and the 23rd are Mondays)."""
    return datetime(2026, 11, day, hour, minute, tzinfo=UTC)


class History:
    def __init__(self, sessions: async_sessionmaker[AsyncSession]):
        self.sessions, self.config, self.clock = sessions, config(), ManualClock(at(16, 9))
        self.ownership = Ownership(sessions=sessions, config=self.config, clock=self.clock,
                                   timers=Timers(self.config))
        self.ids: dict[str, int] = {}

    async def request(self, name: str, when: datetime, *, team: str, severity: Severity,
                      kind: RequestType = RequestType.HELP, suggested: str | None = None,
                      sections: dict[str, str] | None = None) -> int:
        self.clock.set(when)
        form = RequestForm(customer="Acme Corp", summary=f"{name}: pods crash", need="Why?", severity=severity,
                           request_type=kind, urgency="Today", team_id=team, tier=2, **(FULL if sections is None
                                                                                        else sections))
        done = await submit(sessions=self.sessions, config=self.config, form=form, requester="U0REQ",
                            origin=Origin(channel_id="C0SUPPORT"), view_id=f"V{name}",
                            suggested=Suggested(suggested, 0.8 if suggested else None), clock=self.clock)
        self.ids[name] = done.request.id
        return done.request.id

    async def claim(self, name: str, when: datetime, user: str = ANA) -> None:
        self.clock.set(when)
        assert (await self.ownership.take(self.ids[name], user)).ok

    async def hand_over(self, name: str, when: datetime, actor: str, to: str) -> None:
        self.clock.set(when)
        outcome = await self.ownership.hand_over(self.ids[name], actor=actor, new_owner=to, note="yours now")
        assert outcome.ok, outcome.message

    async def resolve(self, name: str, when: datetime, kind: str, user: str = ANA) -> None:
        self.clock.set(when)
        outcome = await self.ownership.resolve(self.ids[name], actor=user, kind=kind, note="done")
        assert outcome.ok, outcome.message

    async def reroute(self, name: str, when: datetime, to: str) -> None:
        self.clock.set(when)

        async def learn() -> int:
            return 0

        rerouting = Rerouting(sessions=self.sessions, config=self.config, learn=learn, clock=self.clock,
                              ownership=self.ownership)
        assert await rerouting.reroute(self.ids[name], actor=ANA, new_team_id=to, note="it is an SSO question") is None

    async def job(self, name: str, kind: str, when: datetime, outcome: str) -> None:
        """A scheduler job finished at ``when`` with ``outcome`` (the words ``bot.sla.jobs`` returns)."""
        async with self.sessions() as session, session.begin():
            session.add(Job(kind=kind, request_id=self.ids[name], due_at=when, dedupe_key=f"{kind}:{name}:{when}",
                            payload={"round": 0}, claimed_by="w1", claimed_at=when, done_at=when, outcome=outcome,
                            attempts=1))

    async def tickets(self, start: date, end: date, count: int) -> None:
        async with self.sessions() as session, session.begin():
            await tickets.record_count(session, start=start, end=end, count=count, source="test", at=at(30, 9))


async def build(sessions: async_sessionmaker[AsyncSession]) -> History:
    h = History(sessions)
    await h.request("R0", at(13, 10), team="distribution", severity=Severity.SERIOUS)  # before the period
    # Week 47
    await h.request("R1", at(16, 10), team="distribution", severity=Severity.SERIOUS, suggested="distribution")
    await h.claim("R1", at(16, 10, 30))  # 30 min, p1 deadline 11:00: met
    await h.resolve("R1", at(16, 15), "answered")  # 5 h
    await h.job("R1", "reping", at(16, 11), "no longer unowned: nothing to do")  # did nothing: not a re-ping
    no_logs = {k: v for k, v in FULL.items() if k != "logs"}
    await h.request("R2", at(16, 16, 30), team="distribution", severity=Severity.MINOR, kind=RequestType.DEFECT,
                    suggested="core-application", sections=no_logs)
    await h.claim("R2", at(17, 10))  # 30 min Monday + 1 h Tuesday = 1 h 30; p2 deadline Tuesday 16:30: met
    await h.resolve("R2", at(18, 9, 30), "fixed")  # 30 min + 8 h + 30 min = 9 h
    await h.request("R3", at(18, 9), team="core-application", severity=Severity.MINOR, suggested="core-application")
    await h.job("R3", "reping", at(18, 17), "re-pinged U0ANA")
    await h.job("R3", "escalate", at(19, 17), "escalated to U0BEN, U0LEAD")
    await h.claim("R3", at(20, 11), BEN)  # 8 h + 8 h + 2 h = 18 h; deadline Wednesday 17:00: missed
    await h.request("R4", at(19, 14), team="distribution", severity=Severity.OUTAGE, suggested="distribution")
    await h.claim("R4", at(19, 14, 10))  # p0, wall clock: 10 min, deadline 14:15: met
    await h.resolve("R4", at(19, 16, 10), "docs_needed")  # 2 h 10 wall
    # Week 48
    await h.request("R5", at(23, 11), team="distribution", severity=Severity.SERIOUS, suggested="distribution")
    await h.reroute("R5", at(23, 11, 20), "core-application")
    await h.claim("R5", at(23, 13), CAR)  # 2 h; p1 deadline 12:00: missed
    await h.resolve("R5", at(24, 10), "wont_fix", CAR)  # 6 h Monday + 1 h Tuesday = 7 h
    await h.request("R6", at(24, 9, 30), team="ce-sales", severity=Severity.FEATURE, kind=RequestType.FEATURE,
                    sections={})  # p3; unclaimed; deadline Friday 09:30: missed by the end of the period
    await h.request("R8", at(25, 10), team="distribution", severity=Severity.SERIOUS, kind=RequestType.DEFECT,
                    suggested="distribution")
    await h.hand_over("R8", at(25, 10, 45), BEN, CAR)  # the first owner after 45 min; deadline 11:00: met
    await h.resolve("R8", at(25, 12), "defect_filed", CAR)  # 2 h
    await h.request("R7", at(27, 16), team="distribution", severity=Severity.MINOR, suggested="distribution")
    # R7's p2 deadline is Monday 30 16:00, after the period: neither met nor missed. Its claim comes after the end.
    await h.claim("R7", at(30, 9, 15))
    await h.request("R9", at(30, 10), team="distribution", severity=Severity.SERIOUS)  # after the period
    await h.tickets(date(2026, 11, 16), date(2026, 11, 23), 40)  # week 47 only
    return h


TEAM_KEYS = ("requests", "claimed", "resolved", "reroutes", "sla_met", "sla_missed", "template_complete",
             "time_to_claim_p50_s", "time_to_claim_p90_s", "time_to_resolve_p50_s", "time_to_resolve_p90_s",
             "repings", "escalations", "suggested", "suggested_right")

# Claim and resolve times in seconds: R1 1800 / 18000, R2 5400 / 32400, R3 64800 / -, R4 600 / 7800,
# R5 7200 / 25200, R6 - / -, R7 - / -, R8 2700 / 7200. Percentiles are linear between neighbours.
EXPECTED: dict[str, tuple[float | int | None, ...]] = {
    # R1 R2 R4 R7 R8: claims [600, 1800, 2700, 5400] -> p50 2250, p90 2700 + 0.7 * 2700 = 4590;
    # resolves [7200, 7800, 18000, 32400] -> p50 12900, p90 18000 + 0.7 * 14400 = 28080; R2's suggestion wrong.
    "distribution": (5, 4, 4, 0, 4, 0, 4, 2250.0, 4590.0, 12900.0, 28080.0, 0, 0, 5, 4),
    # R3 R5: claims [7200, 64800] -> p50 36000, p90 7200 + 0.9 * 57600 = 59040; R5 was suggested distribution.
    "core-application": (2, 2, 1, 1, 0, 2, 2, 36000.0, 59040.0, 25200.0, 25200.0, 1, 1, 2, 1),
    "ce-sales": (1, 0, 0, 0, 0, 1, 0, None, None, None, None, 0, 0, 0, 0),
    # claims [600, 1800, 2700, 5400, 7200, 64800] -> p50 4050, p90 7200 + 0.5 * 57600 = 36000;
    # resolves [7200, 7800, 18000, 25200, 32400] -> p50 18000, p90 25200 + 0.6 * 7200 = 29520.
    "totals": (8, 6, 5, 1, 4, 3, 6, 4050.0, 36000.0, 18000.0, 29520.0, 1, 1, 7, 5),
}
EXPECTED_SECTIONS = {"distribution": {"environment": 5, "steps_to_reproduce": 5, "logs": 4, "recent_changes": 5,
                                      "impacted_users": 5, "urgency": 5},
                     "ce-sales": {"environment": 0, "steps_to_reproduce": 0, "logs": 0, "recent_changes": 0,
                                  "impacted_users": 0, "urgency": 1}}
EXPECTED_RESOLUTIONS = {"answered": 1, "fixed": 1, "docs_needed": 1, "wont_fix": 1, "defect_filed": 1}
EXPECTED_TYPES = {"help": 5, "defect": 2, "feature": 1}  # help: R1 R3 R4 R5 R7; defects: R2 R8; feature: R6
# Priorities: p0 R4; p1 R1 R5 R8; p2 R2 R3 R7; p3 R6 -> requests, sla_met, sla_missed
EXPECTED_PRIORITIES = {"p0": (1, 1, 0), "p1": (3, 2, 1), "p2": (3, 1, 1), "p3": (1, 0, 1)}
# Weeks: W47 R1-R4, W48 R5-R8. Engineering help in week 47 (not defects, not CE and Sales): R1, R3, R4 of 40.
EXPECTED_WEEKS = {"2026-W47": (4, 40, 3), "2026-W48": (4, None, None)}


def figures_of(values: dict) -> tuple:
    """The ``TEAM_KEYS`` figures of a team's (or the totals') JSON object."""
    return tuple(values[k] for k in TEAM_KEYS)

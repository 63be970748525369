""""Add to RFH-12 instead": the request joins an existing one. Stored first, then durable steps on the existing
request tell GitHub (a comment with this customer's step-1 context and the customer label), the team thread and the
owner ("+1 from Initech, p1"), and the requester. Withdrawals after an answer are recorded here too."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.core.clock import Clock
from bot.core.config import RfhConfig
from bot.core.domain import Origin, StepKind
from bot.core.text import github_markdown, mrkdwn, one_line, quote_block, truncate
from routing.priority import Severity, compute_priority
from storage import related_repo
from storage import repository as repo
from storage.models import Request, RequestAddOn

NOT_PROVIDED = "_Not provided._"


@dataclass(frozen=True)
class AddOnDraft:
    """What the requester had typed when they chose to add to an existing request (any field may be empty)."""

    customer: str
    summary: str = ""
    need: str = ""
    severity: Severity | None = None
    tier: int | None = None
    in_sales_process: bool = False
    environment: str = ""
    steps_to_reproduce: str = ""
    logs: str = ""
    impacted_users: str = ""
    urgency: str = ""
    customer_quote: str = ""
    support_ticket: str = ""


@dataclass(frozen=True)
class AddOnOutcome:
    ok: bool
    message: str


def addon_comment(draft: AddOnDraft, *, request_id: int, requester: str, priority: str | None,
                  thread_url: str | None = None) -> str:
    """The GitHub comment: the new customer's context, every piece of user text escaped."""
    tier = f", tier {draft.tier}" if draft.tier else ""
    sales = ", in the sales process" if draft.in_sales_process else ""
    prio = f" · **Priority for them:** `{priority}`" if priority else ""
    parts = [
        f"**+1 from {github_markdown(one_line(draft.customer))}**{tier}{sales}{prio}",
        f"Added to RFH-{request_id} from Slack by {github_markdown(requester)} instead of filing a new request.",
        "",
        *(_section(title, text) for title, text in (
            ("Summary", draft.summary), ("What they need from engineering", draft.need),
            ("Customer environment", draft.environment), ("Steps to reproduce", draft.steps_to_reproduce),
            ("Logs and screenshots", draft.logs), ("Users impacted", draft.impacted_users),
            ("Urgency and timeline", draft.urgency))),
        "### Customer quote\n\n" + (quote_block(draft.customer_quote) if draft.customer_quote.strip()
                                    else NOT_PROVIDED),
    ]
    links = [f"- Slack thread: {thread_url}"] if thread_url else []
    if draft.support_ticket:
        links.append(f"- Support ticket: {github_markdown(draft.support_ticket)}")
    if links:
        parts.append("\n" + "\n".join(links))
    return "\n".join(parts)


def plus_one(customer: str, priority: str | None) -> str:
    """"+1 from Initech, p1" (the priority's short form)."""
    short = f", {priority.rsplit('/', 1)[-1]}" if priority else ""
    return f"+1 from {mrkdwn(one_line(customer))}{short}"


class AddOns:
    def __init__(self, *, sessions: async_sessionmaker[AsyncSession], config: RfhConfig, clock: Clock):
        self.sessions, self.config, self.clock = sessions, config, clock

    async def add(self, *, target_id: int, draft: AddOnDraft, requester: str, requester_name: str,
                  origin: Origin, view_id: str | None) -> AddOnOutcome:
        """Attach the draft to ``target_id``; ``origin`` is where the form was opened (kept with the add-on)."""
        if not draft.customer.strip():
            return AddOnOutcome(False, "Enter the customer first: the existing request's issue gets their name.")
        async with self.sessions() as session, session.begin():
            if view_id and await related_repo.find_addon_by_view(session, view_id):
                return AddOnOutcome(True, f"Already added to RFH-{target_id}.")
            target = await _lock(session, target_id)
            if target is None:
                return AddOnOutcome(False, f"RFH-{target_id} no longer exists; file a new request instead.")
            if target.status != "open":
                return AddOnOutcome(False, f"RFH-{target_id} is resolved; file a new request (it can link to it).")
            customer = self.config.customer(draft.customer)
            priority = self._priority(draft, customer.tier, customer.in_sales_process)
            addon = RequestAddOn(request_id=target.id, view_id=view_id, created_at=self.clock.now(),
                                 requester_id=requester, customer=draft.customer.strip(), customer_slug=customer.slug,
                                 priority=priority, details={**_details(draft), "origin": _origin(origin)})
            session.add(addon)
            await session.flush()
            await self._queue(session, target, addon, draft, requester_name)
        return AddOnOutcome(True, f"Added to RFH-{target_id}: its issue, owner and team thread have "
                                  f"{mrkdwn(one_line(draft.customer))}'s details. Nothing new was filed.")

    async def withdraw(self, *, answered_by: int, requester: str, view_id: str | None, text: str) -> bool:
        async with self.sessions() as session, session.begin():
            return await related_repo.add_withdrawal(session, view_id=view_id, answered_by=answered_by,
                                                     requester=requester, text=text[:4000], at=self.clock.now())

    def _priority(self, draft: AddOnDraft, tier: int | None, in_sales: bool) -> str | None:
        if draft.severity is None:
            return None
        return compute_priority(severity=draft.severity, tier=draft.tier if draft.tier is not None else tier,
                                in_sales_process=draft.in_sales_process or in_sales, rules=self.config.priority).label

    async def _queue(self, session: AsyncSession, target: Request, addon: RequestAddOn, draft: AddOnDraft,
                     requester_name: str) -> None:
        now, key = self.clock.now(), f"addon{addon.id}"
        comment = addon_comment(draft, request_id=target.id, requester=requester_name, priority=addon.priority,
                                thread_url=(addon.details.get("origin") or {}).get("permalink"))
        await repo.add_steps(session, target, [StepKind.ISSUE_COMMENT], now, round_=key, payload={"body": comment})
        await repo.add_steps(session, target, [StepKind.ADD_LABELS], now, round_=key,
                             payload={"labels": [f"customer/{addon.customer_slug}"]})
        line = plus_one(addon.customer, addon.priority)
        about = f"RFH-{target.id} *{mrkdwn(truncate(one_line(target.summary), 150))}*"
        what = f": {mrkdwn(truncate(one_line(draft.summary), 200))}" if draft.summary else ""
        notes: list[tuple[str, dict[str, Any]]] = []
        if target.post_channel and target.post_ts:
            notes.append(("thread", {"channel": target.post_channel, "thread_ts": target.post_ts,
                                     "text": f":heavy_plus_sign: {line}{what} (added by <@{addon.requester_id}>; "
                                             "their details are on the issue)."}))
        if target.owner_id:
            notes.append(("owner", {"channel": target.owner_id,
                                    "text": f":heavy_plus_sign: {line} on {about}, which you own{what}. Added by "
                                            f"<@{addon.requester_id}>; their details are on the issue."}))
        # By DM even when the form came from a customer thread: the message names another customer's request.
        notes.append(("requester", {
            "channel": addon.requester_id,
            "text": f":white_check_mark: Added {mrkdwn(one_line(addon.customer))}'s request to {about} instead of "
                    f"filing a new one: the issue has their details and label"
                    + (f", and <@{target.owner_id}> (the owner)" if target.owner_id else "")
                    + " and the team thread were told. Nothing new was filed."}))
        for slot, payload in notes:
            await repo.add_steps(session, target, [StepKind.NOTIFY], now, round_=f"{key}.{slot}",
                                 payload={k: v for k, v in payload.items() if v is not None})


async def _lock(session: AsyncSession, request_id: int) -> Request | None:
    """The same row lock the ownership service takes, so an add-on and a resolve are decided one after the other."""
    await session.execute(update(Request).where(Request.id == request_id).values(status=Request.status)
                          .execution_options(synchronize_session=False))
    return await session.get(Request, request_id, populate_existing=True)


def _section(title: str, text: str) -> str:
    body = github_markdown(text.strip()) if text.strip() else NOT_PROVIDED
    return f"### {title}\n\n{body}\n"


def _origin(origin: Origin) -> dict[str, Any]:
    return {"channel": origin.channel_id, "thread_ts": origin.thread_ts, "permalink": origin.permalink,
            "source": origin.source}


def _details(draft: AddOnDraft) -> dict[str, Any]:
    data = {name: getattr(draft, name) for name in AddOnDraft.__dataclass_fields__}
    data["severity"] = draft.severity.value if draft.severity else None
    return data

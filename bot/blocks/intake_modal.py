"""The intake modal: every step-1 field of handbook 002, pre-filled from the command text or the message."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from slack_sdk.models.blocks import (
    Block,
    CheckboxesElement,
    ContextBlock,
    DatePickerElement,
    InputBlock,
    MarkdownTextObject,
    Option,
    PlainTextInputElement,
    RadioButtonsElement,
    StaticSelectElement,
    UserMultiSelectElement,
)
from slack_sdk.models.blocks.basic_components import DispatchActionConfig
from slack_sdk.models.views import View

from bot.blocks.ids import ActionId, BlockId, CallbackId
from bot.blocks.intake_parts import IntakeExtras, customer_block, extra_after, notice_block, switch_block
from bot.core.domain import RequestType, Tracker
from bot.core.text import mrkdwn, truncate
from routing.priority import Severity

MAX_SUMMARY = 200
MAX_TEXT = 3000
METADATA_LIMIT = 3000
MAX_BLOCKS = 100


@dataclass(frozen=True)
class TeamChoice:
    id: str
    name: str
    handle: str | None

    @property
    def option(self) -> Option:
        text = f"{self.name} (@{self.handle})" if self.handle else self.name
        return Option(value=self.id, text=truncate(text, 75))


@dataclass(frozen=True)
class RoutingHint:
    team_id: str | None
    team_name: str | None
    confidence: float
    evidence: tuple[str, ...] = ()
    unsure: bool = False


@dataclass(frozen=True)
class IntakeMeta:
    """The modal's private_metadata: where the request started."""

    channel_id: str | None = None
    thread_ts: str | None = None
    permalink: str | None = None
    source: str = "command"
    suggested_team: str | None = None
    confidence: float | None = None
    dup_offered: int | None = None
    """The request this draft was found to duplicate (offered the merge once; a second submit files it anyway)."""

    def dump(self) -> str:
        # Flat fields: a comprehension, not dataclasses.asdict, which deep-copies each value (every /rfh runs this).
        data = {k: v for k in self.__dataclass_fields__ if (v := getattr(self, k)) is not None}
        text = json.dumps(data, separators=(",", ":"))
        if len(text) > METADATA_LIMIT:
            text = json.dumps({**data, "permalink": None}, separators=(",", ":"))
        return text

    @classmethod
    def load(cls, text: str | None) -> IntakeMeta:
        try:
            data = json.loads(text or "{}")
        except ValueError:
            return cls()
        fields = cls.__dataclass_fields__
        return cls(**{k: v for k, v in data.items() if k in fields}) if isinstance(data, dict) else cls()


@dataclass(frozen=True)
class IntakePrefill:
    summary: str = ""
    need: str = ""
    customer_quote: str = ""


SEVERITY_OPTIONS = [Option(value=s.value, text=truncate(s.label, 75)) for s in Severity]
TYPE_OPTIONS = [Option(value=t.value, text=t.label) for t in RequestType]
TIER_OPTIONS = [Option(value=str(n), text=f"Tier {n}") for n in (1, 2, 3)]
SALES_OPTION = Option(value="yes", text="The customer is in the sales process")
TRACKER_OPTIONS = [
    Option(value=Tracker.PRIVATE.value, text="Private customer tracker (default)"),
    Option(value=Tracker.PUBLIC.value, text="Also a sanitised public issue (general product issue)"),
]


def intake_modal(
    *, teams: Sequence[TeamChoice], prefill: IntakePrefill, hint: RoutingHint, meta: IntakeMeta,
    extras: IntakeExtras | None = None,
) -> dict[str, Any]:
    """The modal as views.open takes it. The static blocks are rendered (and validated by the SDK) once per team
    list; only the pre-filled and routed blocks are built per request: this runs before views.open, inside 3 s."""
    static = _static_blocks(tuple(teams))
    initial = _initial_team(teams, hint)
    team_block = static[BlockId.TEAM]
    if initial is not None:  # a new block and element around the shared options: they are never mutated
        team_block = {**team_block, "element": {**team_block["element"], "initial_option": initial}}
    dynamic = {
        BlockId.SUMMARY: _with_initial(static[BlockId.SUMMARY], truncate(prefill.summary, MAX_SUMMARY)),
        BlockId.NEED: _with_initial(static[BlockId.NEED], truncate(prefill.need, MAX_TEXT)),
        BlockId.QUOTE: _with_initial(static[BlockId.QUOTE], truncate(prefill.customer_quote, MAX_TEXT)),
        BlockId.ROUTING_HINT: {"type": "context", "block_id": BlockId.ROUTING_HINT.value,
                               "elements": [{"type": "mrkdwn", "text": truncate(hint_text(hint), 3000)}]},
        BlockId.TEAM: team_block,
    }
    blocks: list[dict[str, Any]] = []
    if meta.permalink:
        link = ContextBlock(elements=[MarkdownTextObject(text=f"From <{meta.permalink}|this message>")])
        blocks.append(link.to_dict())
    blocks.append(static[BlockId.SWITCH])
    blocks.extend(notice_block(extras))
    for block_id in BLOCK_ORDER:
        blocks.append(dynamic.get(block_id) or static[block_id])
        if extras is not None:
            blocks.extend(extra_after(block_id, extras, static))
    if extras is not None and extras.environment_block:
        blocks = [b for b in blocks if b.get("block_id") != BlockId.ENVIRONMENT]
    return {**_frame(), "private_metadata": meta.dump(), "blocks": blocks[:MAX_BLOCKS]}


BLOCK_ORDER = (
    BlockId.CUSTOMER, BlockId.TIER, BlockId.SALES, BlockId.REQUEST_TYPE, BlockId.SUMMARY, BlockId.NEED,
    BlockId.ROUTING_HINT, BlockId.TEAM, BlockId.SEVERITY, BlockId.URGENCY, BlockId.NEEDED_BY, BlockId.ENVIRONMENT,
    BlockId.REPRO, BlockId.LOGS, BlockId.FILES, BlockId.RECENT_CHANGES, BlockId.IMPACTED, BlockId.UNIMPACTED,
    BlockId.QUOTE, BlockId.TRACKER, BlockId.TICKET, BlockId.PEOPLE,
)


@lru_cache(maxsize=1)
def _frame() -> dict[str, Any]:
    view = View(type="modal", callback_id=CallbackId.INTAKE, title="Request for help", submit="File request",
                close="Cancel", blocks=[ContextBlock(elements=[MarkdownTextObject(text="-")])])
    return {k: v for k, v in view.to_dict().items() if k != "blocks"}


@lru_cache(maxsize=4)
def _static_blocks(teams: tuple[TeamChoice, ...]) -> dict[str, dict[str, Any]]:
    blocks: list[Block | dict[str, Any]] = [
        switch_block(),
        customer_block(),
        _select(BlockId.TIER, "Customer tier", TIER_OPTIONS, optional=True, hint="Leave empty to use the account"),
        InputBlock(
            block_id=BlockId.SALES,
            label="Sales process",
            optional=True,
            element=CheckboxesElement(action_id=ActionId.VALUE, options=[SALES_OPTION]),
        ),
        _select(BlockId.REQUEST_TYPE, "Request type", TYPE_OPTIONS, initial=TYPE_OPTIONS[0]),
        _text(BlockId.SUMMARY, "Summary", max_length=MAX_SUMMARY, dispatch=True,
              placeholder="One line: what is wrong or what they ask"),
        _text(BlockId.NEED, "What you need from engineering", multiline=True, dispatch=True,
              placeholder="The problem and the question you need answered"),
        _select(BlockId.TEAM, "Team", [t.option for t in teams]),
        _text(BlockId.QUOTE, "Customer quote", optional=True, multiline=True),
        _select(BlockId.SEVERITY, "Severity", SEVERITY_OPTIONS),
        _text(BlockId.URGENCY, "Urgency and timeline", placeholder="e.g. fine to look tomorrow; demo on Friday"),
        InputBlock(
            block_id=BlockId.NEEDED_BY,
            label="Needed by",
            optional=True,
            element=DatePickerElement(action_id=ActionId.VALUE),
        ),
        _text(BlockId.ENVIRONMENT, "Environment", optional=True, multiline=True,
              placeholder="Deployment type, version, code hosts, scale (users, repositories)"),
        _text(BlockId.REPRO, "Steps to reproduce", optional=True, multiline=True),
        _text(BlockId.LOGS, "Logs and screenshots", optional=True, multiline=True,
              placeholder="Links to logs, screenshots or gists"),
        InputBlock(
            block_id=BlockId.FILES,
            label="Files",
            optional=True,
            element={"type": "file_input", "action_id": ActionId.VALUE, "max_files": 10},
        ),
        _text(BlockId.RECENT_CHANGES, "Recent changes", optional=True, multiline=True,
              placeholder="Anything they changed in their environment lately"),
        _text(BlockId.IMPACTED, "Users impacted", optional=True, multiline=True),
        _text(BlockId.UNIMPACTED, "Users not impacted", optional=True, multiline=True,
              placeholder="A few examples of users who are not affected"),
        InputBlock(
            block_id=BlockId.TRACKER,
            label="Tracker",
            element=RadioButtonsElement(
                action_id=ActionId.VALUE, options=TRACKER_OPTIONS, initial_option=TRACKER_OPTIONS[0]
            ),
        ),
        _text(BlockId.TICKET, "Support ticket", optional=True, placeholder="https://… link to the support ticket"),
        InputBlock(
            block_id=BlockId.PEOPLE,
            label="People to include",
            optional=True,
            element=UserMultiSelectElement(action_id=ActionId.VALUE, placeholder="e.g. the account's CE"),
        ),
    ]
    rendered = {str(b["block_id"]): b for b in (b if isinstance(b, dict) else b.to_dict() for b in blocks)}
    if len(rendered) + 2 > MAX_BLOCKS:
        raise ValueError("the intake modal has more blocks than Slack allows in a view")
    return rendered


def _with_initial(block: dict[str, Any], value: str) -> dict[str, Any]:
    if not value:
        return block
    return {**block, "element": {**block["element"], "initial_value": value}}


def hint_text(hint: RoutingHint) -> str:
    if hint.unsure or not hint.team_name:
        return ":grey_question: Not sure which team this is for: please pick one below."
    evidence = f" · matched: {mrkdwn(', '.join(hint.evidence[:6]))}" if hint.evidence else ""
    return f":dart: Suggested team: *{mrkdwn(hint.team_name)}* ({hint.confidence:.0%}){evidence}"


def _initial_team(teams: Sequence[TeamChoice], hint: RoutingHint) -> dict[str, Any] | None:
    if hint.unsure or not hint.team_id:
        return None
    return _team_options(tuple(teams)).get(hint.team_id)


@lru_cache(maxsize=4)
def _team_options(teams: tuple[TeamChoice, ...]) -> dict[str, dict[str, Any]]:
    """Each team's option, rendered once: the routed team is pre-selected on every /rfh."""
    return {t.id: t.option.to_dict() for t in teams}


def _text(
    block_id: BlockId,
    label: str,
    *,
    optional: bool = False,
    multiline: bool = False,
    initial: str = "",
    placeholder: str | None = None,
    max_length: int = MAX_TEXT,
    dispatch: bool = False,
) -> InputBlock:
    element = PlainTextInputElement(
        action_id=ActionId.VALUE,
        multiline=multiline,
        max_length=max_length,
        initial_value=truncate(initial, max_length) or None,
        placeholder=truncate(placeholder, 150) if placeholder else None,
        dispatch_action_config=DispatchActionConfig(trigger_actions_on=["on_character_entered"]) if dispatch else None,
    )
    return InputBlock(block_id=block_id, label=label, optional=optional, element=element, dispatch_action=dispatch)


def _select(
    block_id: BlockId,
    label: str,
    options: Sequence[Option],
    *,
    optional: bool = False,
    initial: Option | None = None,
    hint: str | None = None,
) -> InputBlock:
    element = StaticSelectElement(
        action_id=ActionId.VALUE, options=list(options), initial_option=initial, placeholder="Choose…"
    )
    return InputBlock(block_id=block_id, label=label, optional=optional, element=element, hint=hint)

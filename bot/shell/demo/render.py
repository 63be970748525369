"""Block Kit and Slack's mrkdwn as plain terminal text: what a person would read on the surface."""

from __future__ import annotations

import html
import re
import textwrap
from collections.abc import Callable, Mapping
from typing import Any

JSONDict = dict[str, Any]
WIDTH = 100
_LINK = re.compile(r"<([^<>|]+)(?:\|([^<>]*))?>")


def plain(text: str, names: Mapping[str, str]) -> str:
    """``<@U1>`` → ``@Ana``, ``<!subteam^S1|@team>`` → ``@team``, ``<#C1>`` → ``#channel``, ``<url|label>`` →
    ``label (url)``, and Slack's escapes undone."""

    def link(match: re.Match[str]) -> str:
        target, label = match.group(1), match.group(2)
        if target.startswith("@"):
            return "@" + names.get(target[1:], target[1:])
        if target.startswith("!subteam^"):
            return label or "@team"
        if target.startswith("!"):
            return "@" + target[1:]
        if target.startswith("#"):
            return "#" + (label or names.get(target[1:], target[1:])).lstrip("#")
        return f"{label} ({target})" if label and label != target else target

    return html.unescape(_LINK.sub(link, text))


def _text(obj: Any, names: Mapping[str, str]) -> str:
    if isinstance(obj, dict):
        return plain(str(obj.get("text", "")), names)
    return plain(str(obj or ""), names)


def block_lines(blocks: list[JSONDict], names: Mapping[str, str]) -> list[str]:
    lines: list[str] = []
    for block in blocks:
        kind = block.get("type")
        render = _RENDERERS.get(str(kind))
        if render is not None:
            lines += render(block, names)
    return lines


def _section(block: JSONDict, names: Mapping[str, str]) -> list[str]:
    lines = _wrap(_text(block.get("text"), names)) if block.get("text") else []
    for field in block.get("fields") or []:
        label, _, value = _text(field, names).partition("\n")
        lines += _wrap(f"{label.strip('*')}: {value}" if value else label)
    accessory = block.get("accessory") or {}
    if accessory.get("type") == "button":
        lines.append(f"[{_text(accessory.get('text'), names)}]")
    return lines


def _context(block: JSONDict, names: Mapping[str, str]) -> list[str]:
    return _wrap(" · ".join(_text(e, names) for e in block.get("elements", []) if e.get("type") != "image"))


def _actions(block: JSONDict, names: Mapping[str, str]) -> list[str]:
    return [" ".join(f"[{_text(e.get('text') or e.get('placeholder') or e.get('type'), names)}]"
                     for e in block.get("elements", []))]


def _input(block: JSONDict, names: Mapping[str, str]) -> list[str]:
    element = block.get("element") or {}
    label = _text(block.get("label"), names) + ("" if block.get("optional") else " *")
    value = element.get("initial_value") or _text((element.get("initial_option") or {}).get("text"), names)
    if not value and element.get("options"):
        choices = [_text(o.get("text"), names) for o in element["options"]]
        value = "choose: " + ", ".join(choices[:4]) + (", …" if len(choices) > 4 else "")
    elif not value:
        value = f"_{_text(element.get('placeholder'), names) or element.get('type', '')}_"
    return _wrap(f"{label}: {value}")


def _header(block: JSONDict, names: Mapping[str, str]) -> list[str]:
    return [_text(block.get("text"), names).upper()]


_RENDERERS: dict[str, Callable[[JSONDict, Mapping[str, str]], list[str]]] = {
    "section": _section, "context": _context, "actions": _actions, "input": _input, "header": _header,
    "divider": lambda _block, _names: ["-" * 20],
}


def view_lines(view: JSONDict, names: Mapping[str, str]) -> list[str]:
    title = _text(view.get("title"), names)
    submit = _text(view.get("submit"), names) if view.get("submit") else ""
    lines = [f"┌ {title} ┐"] + block_lines(view.get("blocks", []), names)
    return lines + ([f"[{_text(view.get('close'), names) or 'Cancel'}] [{submit}]"] if submit else [])


def message_lines(message: JSONDict, names: Mapping[str, str]) -> list[str]:
    return block_lines(message.get("blocks") or [], names) or _wrap(plain(str(message.get("text", "")), names))


def _wrap(text: str) -> list[str]:
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        lines += textwrap.wrap(paragraph, WIDTH - 6, break_long_words=False, break_on_hyphens=False) or [""]
    return lines


def boxed(heading: str, lines: list[str]) -> str:
    body = "\n".join(f"   │ {line}" for line in lines)
    return f"\n ▸ {heading}\n{body}" if lines else f"\n ▸ {heading}"

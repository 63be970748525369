"""Block Kit validation: what Slack rejects server-side (see slack.md section 3), with Slack's own error strings
(``[ERROR] ... [json-pointer:...]``). Pure functions over JSON; chat.*, views.* and response_url posts use them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fakes.slack.model import JSONDict

OPTION_LIMITS = {"static_select": 100, "multi_static_select": 100, "checkboxes": 10, "radio_buttons": 10,
                 "overflow": 5}


def _len_error(ptr: str, value: Any, max_len: int, min_len: int = 1) -> list[str]:
    if not isinstance(value, str):
        return [f"[ERROR] must provide a string [json-pointer:{ptr}]"]
    if len(value) < min_len:
        return [f"[ERROR] must be more than {min_len - 1} characters [json-pointer:{ptr}]"]
    if len(value) > max_len:
        return [f"[ERROR] must be less than {max_len + 1} characters [json-pointer:{ptr}]"]
    return []


def _text_errors(obj: Any, ptr: str, max_len: int, *, plain_only: bool = False) -> list[str]:
    if not isinstance(obj, dict):
        return [f"[ERROR] must provide an object [json-pointer:{ptr}]"]
    allowed = ("plain_text",) if plain_only else ("plain_text", "mrkdwn")
    if obj.get("type") not in allowed:
        return [f"[ERROR] must be one of {', '.join(allowed)} [json-pointer:{ptr}/type]"]
    return _len_error(f"{ptr}/text", obj.get("text"), max_len)


def _count_error(ptr: str, items: Any, max_items: int, min_items: int = 0) -> list[str]:
    if not isinstance(items, list):
        return [f"[ERROR] must provide an array [json-pointer:{ptr}]"]
    if len(items) > max_items:
        return [f"[ERROR] no more than {max_items} items allowed [json-pointer:{ptr}]"]
    if len(items) < min_items:
        return [f"[ERROR] must provide at least {min_items} items [json-pointer:{ptr}]"]
    return []


def _option_errors(options: Any, ptr: str, max_items: int, *, min_items: int = 1) -> list[str]:
    errors = _count_error(ptr, options, max_items, min_items)
    if errors:
        return errors
    for i, option in enumerate(options):
        if not isinstance(option, dict):
            errors.append(f"[ERROR] must provide an object [json-pointer:{ptr}/{i}]")
            continue
        errors += _text_errors(option.get("text"), f"{ptr}/{i}/text", 75)
        errors += _len_error(f"{ptr}/{i}/value", option.get("value"), 150)
    return errors


def _input_errors(element: JSONDict, ptr: str) -> list[str]:
    errors = []
    for key in ("min_length", "max_length"):
        if key in element and not (isinstance(element[key], int) and 0 <= element[key] <= 3000):
            errors.append(f"[ERROR] must be between 0 and 3000 [json-pointer:{ptr}/{key}]")
    if "initial_value" in element and isinstance(element["initial_value"], str) and \
            len(element["initial_value"]) > 3000:
        errors.append(f"[ERROR] must be less than 3001 characters [json-pointer:{ptr}/initial_value]")
    return errors


def element_errors(element: Any, ptr: str) -> list[str]:
    if not isinstance(element, dict) or "type" not in element:
        return [f"[ERROR] must provide an element object with a type [json-pointer:{ptr}]"]
    errors: list[str] = []
    kind = element["type"]
    if "action_id" in element:
        errors += _len_error(f"{ptr}/action_id", element["action_id"], 255)
    if "placeholder" in element:
        errors += _text_errors(element["placeholder"], f"{ptr}/placeholder", 150, plain_only=True)
    if kind == "button":
        errors += _text_errors(element.get("text"), f"{ptr}/text", 75, plain_only=True)
        if "value" in element:
            errors += _len_error(f"{ptr}/value", element["value"], 2000)
        if "url" in element:
            errors += _len_error(f"{ptr}/url", element["url"], 3000)
    elif kind in OPTION_LIMITS:
        if "option_groups" in element:
            errors += _count_error(f"{ptr}/option_groups", element["option_groups"], 100, 1)
        else:
            errors += _option_errors(element.get("options"), f"{ptr}/options", OPTION_LIMITS[kind],
                                     min_items=2 if kind == "overflow" else 1)
    elif kind == "plain_text_input":
        errors += _input_errors(element, ptr)
    return errors


def _duplicate_ids(blocks: list[Any], ptr: str) -> list[str]:
    """Slack refuses a block_id used twice in a surface, and an action_id used twice within one block."""
    errors: list[str] = []
    seen: set[str] = set()
    for i, block in enumerate(blocks):
        if not isinstance(block, dict):
            continue
        block_id = block.get("block_id")
        if isinstance(block_id, str):
            if block_id in seen:
                errors.append(f"[ERROR] duplicate block_id {block_id!r} [json-pointer:{ptr}/{i}/block_id]")
            seen.add(block_id)
        elements = [*(block.get("elements") or [])] if block.get("type") == "actions" else []
        elements += [block[k] for k in ("accessory", "element") if isinstance(block.get(k), dict)]
        actions = [e.get("action_id") for e in elements if isinstance(e, dict) and e.get("action_id")]
        for action_id in {a for a in actions if actions.count(a) > 1}:
            errors.append(f"[ERROR] duplicate action_id {action_id!r} in a block [json-pointer:{ptr}/{i}]")
    return errors


# -- one checker per block type: (block, its json-pointer) -> errors --------------------------------------------------
def _section_errors(block: JSONDict, ptr: str) -> list[str]:
    errors = []
    if "text" not in block and "fields" not in block:
        errors.append(f"[ERROR] must provide either text or fields [json-pointer:{ptr}]")
    if "text" in block:
        errors += _text_errors(block["text"], f"{ptr}/text", 3000)
    if "fields" in block:
        errors += _count_error(f"{ptr}/fields", block["fields"], 10)
        for j, item in enumerate(block["fields"] if isinstance(block["fields"], list) else []):
            errors += _text_errors(item, f"{ptr}/fields/{j}", 2000)
    if "accessory" in block:
        errors += element_errors(block["accessory"], f"{ptr}/accessory")
    return errors


def _header_errors(block: JSONDict, ptr: str) -> list[str]:
    return _text_errors(block.get("text"), f"{ptr}/text", 150, plain_only=True)


def _context_errors(block: JSONDict, ptr: str) -> list[str]:
    elements = block.get("elements")
    errors = _count_error(f"{ptr}/elements", elements, 10, 1)
    for j, item in enumerate(elements if isinstance(elements, list) else []):
        if isinstance(item, dict) and item.get("type") in ("plain_text", "mrkdwn"):
            errors += _text_errors(item, f"{ptr}/elements/{j}", 3000)
    return errors


def _actions_errors(block: JSONDict, ptr: str) -> list[str]:
    elements = block.get("elements")
    errors = _count_error(f"{ptr}/elements", elements, 25, 1)
    for j, item in enumerate(elements if isinstance(elements, list) else []):
        errors += element_errors(item, f"{ptr}/elements/{j}")
    return errors


def _input_block_errors(block: JSONDict, ptr: str) -> list[str]:
    errors = _text_errors(block.get("label"), f"{ptr}/label", 2000, plain_only=True)
    if "hint" in block:
        errors += _text_errors(block["hint"], f"{ptr}/hint", 2000, plain_only=True)
    return errors + element_errors(block.get("element"), f"{ptr}/element")


BLOCK_CHECKS: dict[str, Callable[[JSONDict, str], list[str]]] = {
    "section": _section_errors, "header": _header_errors, "context": _context_errors, "actions": _actions_errors,
    "input": _input_block_errors,
}


def block_errors(blocks: Any, ptr: str = "/blocks", *, max_blocks: int = 50) -> list[str]:
    """Block Kit errors Slack reports (``[ERROR] ... [json-pointer:...]``) for a list of blocks."""
    errors = _count_error(ptr, blocks, max_blocks)
    if errors:
        return errors
    errors += _duplicate_ids(blocks, ptr)
    for i, block in enumerate(blocks):
        bptr = f"{ptr}/{i}"
        if not isinstance(block, dict) or "type" not in block:
            errors.append(f"[ERROR] must provide a block object with a type [json-pointer:{bptr}]")
            continue
        if "block_id" in block:
            errors += _len_error(f"{bptr}/block_id", block["block_id"], 255)
        check = BLOCK_CHECKS.get(block["type"])
        if check is not None:
            errors += check(block, bptr)
    return errors


def _modal_errors(view: JSONDict) -> list[str]:
    errors = _text_errors(view.get("title"), "/view/title", 24, plain_only=True)
    for key in ("submit", "close"):
        if view.get(key) is not None:
            errors += _text_errors(view[key], f"/view/{key}", 24, plain_only=True)
    blocks = view.get("blocks")
    if isinstance(blocks, list) and view.get("submit") is None and \
            any(isinstance(b, dict) and b.get("type") == "input" for b in blocks):
        errors.append("[ERROR] must provide a submit property when using input blocks [json-pointer:/view]")
    return errors


def view_errors(view: JSONDict, *, allowed_types: tuple[str, ...] = ("modal", "home")) -> list[str]:
    """Errors Slack reports for a view payload (type, title/submit/close, blocks, metadata limits)."""
    if view.get("type") not in allowed_types:
        return [f"[ERROR] must be one of {', '.join(allowed_types)} [json-pointer:/view/type]"]
    errors = _modal_errors(view) if view["type"] == "modal" else []
    if "blocks" not in view:
        errors.append("[ERROR] missing required field: blocks [json-pointer:/view]")
    else:
        errors += block_errors(view["blocks"], "/view/blocks", max_blocks=100)
    if "private_metadata" in view:
        errors += _len_error("/view/private_metadata", view["private_metadata"], 3000, min_len=0)
    for key in ("callback_id", "external_id"):
        if key in view:
            errors += _len_error(f"/view/{key}", view[key], 255, min_len=0)
    return errors

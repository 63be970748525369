"""Reading the config: TOML in, a validated ``RfhConfig`` out, or a ``ConfigError`` naming every problem by the
path of its key (``teams[2] (id 'search').oncall.shift: …``)."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from bot.core.config.convert import to_config
from bot.core.config.models import ConfigModel
from bot.core.config.rfh_config import RfhConfig
from bot.core.config.validation import duplicates, routing_problems


class ConfigError(Exception):
    """A config file that cannot be used; ``problems`` holds one 'path: message' line per error."""

    def __init__(self, source: str, problems: list[str]):
        super().__init__(f"{source}: " + "; ".join(problems))
        self.source = source
        self.problems = problems


def builtin_config_text() -> str:
    return resources.files("bot.core").joinpath("default_config.toml").read_text(encoding="utf-8")


def load_config(path: str | Path | None = None) -> RfhConfig:
    """Load ``path`` (or the built-in handbook config) and validate it, raising ConfigError with every problem."""
    if path is None:
        return parse_config(builtin_config_text(), source="built-in config")
    file = Path(path)
    try:
        text = file.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(str(file), [f"cannot read the file: {exc.strerror or exc}"]) from None
    return parse_config(text, source=str(file))


def parse_config(text: str, *, source: str) -> RfhConfig:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(source, [f"not valid TOML: {exc}"]) from None
    # Checks across teams and of the [routing] table run on the raw data, so that they are reported together with
    # the field errors instead of only once those are fixed.
    problems = [*duplicates(data.get("teams")), *routing_problems(data.get("routing"))]
    try:
        model = ConfigModel.model_validate(data)
    except ValidationError as exc:
        problems = [_describe(err, data) for err in exc.errors()] + problems
    if problems:
        raise ConfigError(source, problems)
    return to_config(model, source)


def _describe(err: Mapping[str, Any], data: Mapping[str, Any]) -> str:
    path = _path(err["loc"], data)
    message = str(err["msg"]).removeprefix("Value error, ")
    if err["type"] == "missing":
        message = "is required"
    elif err["type"] == "extra_forbidden":
        message = "is not a known setting (check the spelling)"
    return f"{path}: {message}" if path else message


def _path(loc: tuple[Any, ...], data: Mapping[str, Any]) -> str:
    parts: list[str] = []
    node: Any = data
    for key in loc:
        if isinstance(key, int):
            label = ""
            if isinstance(node, list) and key < len(node) and isinstance(node[key], dict) and "id" in node[key]:
                label = f" (id {node[key]['id']!r})"
            parts.append(f"[{key}]{label}")
            node = node[key] if isinstance(node, list) and key < len(node) else None
        else:
            parts.append(("." if parts else "") + str(key))
            node = node.get(key) if isinstance(node, dict) else None
    return "".join(parts)

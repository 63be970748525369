"""`rfh customers import|export` files: CSV (one row per customer, aliases separated by ";") or TOML
(``[[customers]]`` tables). Problems are ValueErrors with one line naming the row and the column."""

from __future__ import annotations

import csv
import io
import json
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from bot.customers.rules import FIELDS, Profile

COLUMNS = ("name", "aliases", *FIELDS)


@dataclass(frozen=True)
class Row:
    name: str
    aliases: tuple[str, ...] = ()
    fields: dict[str, str] = field(default_factory=dict)


def read_rows(path: Path) -> list[Row]:
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".toml"):
        raise ValueError(f"{path}: use a .csv or .toml file")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise ValueError(f"{path}: cannot read the file: {exc.strerror or exc}") from None
    return _from_csv(text, str(path)) if suffix == ".csv" else _from_toml(text, str(path))


def _from_csv(text: str, source: str) -> list[Row]:
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip() for h in reader.fieldnames or []]
    unknown = [h for h in header if h not in COLUMNS]
    if "name" not in header:
        raise ValueError(f"{source}: the first line must name the columns, including 'name' "
                         f"(known: {', '.join(COLUMNS)})")
    if unknown:
        raise ValueError(f"{source}: unknown column {unknown[0]!r} (known: {', '.join(COLUMNS)})")
    rows = []
    for n, raw in enumerate(reader, start=2):
        values = {(k or "").strip(): (v or "").strip() for k, v in raw.items() if k}
        aliases = tuple(a.strip() for a in values.pop("aliases", "").split(";") if a.strip())
        rows.append(_row(values.pop("name", ""), aliases, values, f"{source} line {n}"))
    return rows


def _from_toml(text: str, source: str) -> list[Row]:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ValueError(f"{source}: not valid TOML: {exc}") from None
    tables = data.get("customers")
    if not isinstance(tables, list):
        raise ValueError(f"{source}: expected [[customers]] tables")
    rows = []
    for n, table in enumerate(tables):
        where = f"{source} customers[{n}]"
        unknown = [k for k in table if k not in COLUMNS]
        if unknown:
            raise ValueError(f"{where}: unknown key {unknown[0]!r} (known: {', '.join(COLUMNS)})")
        aliases = table.get("aliases") or []
        if isinstance(aliases, str):
            aliases = [aliases]
        values = {k: ", ".join(map(str, v)) if isinstance(v, list) else str(v)
                  for k, v in table.items() if k not in ("name", "aliases")}
        rows.append(_row(str(table.get("name") or ""), tuple(str(a) for a in aliases), values, where))
    return rows


def _row(name: str, aliases: tuple[str, ...], values: dict[str, str], where: str) -> Row:
    if not name.strip():
        raise ValueError(f"{where}: 'name' is empty")
    return Row(name.strip(), aliases, {k: v for k, v in values.items() if v})


def to_toml(profiles: Sequence[Profile]) -> str:
    """Profiles as TOML that `rfh customers import` reads back (JSON string escapes are valid TOML)."""
    out = []
    for p in profiles:
        out.append("[[customers]]")
        out.append(f"name = {json.dumps(p.name, ensure_ascii=False)}")
        if p.aliases:
            out.append(f"aliases = [{', '.join(json.dumps(a, ensure_ascii=False) for a in p.aliases)}]")
        for key in FIELDS:
            if p.fields.get(key):
                out.append(f"{key} = {json.dumps(p.fields[key], ensure_ascii=False)}")
        out.append("")
    return "\n".join(out)


def to_csv(profiles: Sequence[Profile]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for p in profiles:
        writer.writerow([p.name, ";".join(p.aliases), *(p.fields.get(k, "") for k in FIELDS)])
    return buffer.getvalue()

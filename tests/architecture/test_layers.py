"""The shape of the code, checked: no package cycles, views that only build JSON, small modules and functions.

The layer and library contracts themselves are import-linter's (``[tool.importlinter]`` in pyproject.toml, run by
``lint-imports`` in CI); this file checks what import-linter cannot say.
"""

from __future__ import annotations

import ast
from itertools import combinations
from pathlib import Path

import grimp
import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("bot", "handlers", "routing", "storage", "fakes")

# Modules allowed past 300 lines, each with its reason (the README's Architecture section repeats them).
LONG_MODULES: dict[str, str] = {
}
# Functions allowed past 40 lines: declarative lists, where splitting would scatter one picture.
LONG_FUNCTIONS = {
    "storage/migrations/versions/*:upgrade": "a migration's tables, one after another",
    "bot/blocks/intake_modal.py:_static_blocks": "the modal's fields, declared in the order the user reads them",
}


@pytest.fixture(scope="module")
def graph() -> grimp.ImportGraph:
    return grimp.build_graph(*PACKAGES, exclude_type_checking_imports=True)


def _subpackages(graph: grimp.ImportGraph) -> list[str]:
    """Every package one level below the roots (``bot.core``, ``bot.sla``, …) and the other roots themselves."""
    found = [m for m in graph.modules if m.count(".") == 1 and m.split(".")[0] == "bot"
             and graph.find_children(m)]
    return sorted(found) + [p for p in PACKAGES if p != "bot"]


def test_no_two_packages_import_each_other(graph: grimp.ImportGraph) -> None:
    cycles = []
    for a, b in combinations(_subpackages(graph), 2):
        if graph.chain_exists(importer=a, imported=b, as_packages=True) and \
                graph.chain_exists(importer=b, imported=a, as_packages=True):
            cycles.append(f"{a} <-> {b}")
    assert cycles == []


def test_views_use_slack_sdk_only_to_build_block_kit() -> None:
    offenders = []
    for path in (ROOT / "bot" / "blocks").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("slack_sdk") \
                    and not (node.module or "").startswith("slack_sdk.models"):
                offenders.append(f"{path.relative_to(ROOT)}: {node.module}")
    assert offenders == []


def _sources() -> list[Path]:
    return sorted(p for pkg in PACKAGES for p in (ROOT / pkg).rglob("*.py"))


def test_modules_stay_under_300_lines() -> None:
    long = {str(p.relative_to(ROOT)): n for p in _sources()
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > 300}
    assert set(long) <= set(LONG_MODULES), long


def test_functions_stay_under_40_lines() -> None:
    long = {}
    for path in _sources():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                size = (node.end_lineno or node.lineno) - node.lineno + 1
                name = f"{path.relative_to(ROOT)}:{node.name}"
                if path.parent.name == "versions":
                    name = f"{path.parent.relative_to(ROOT)}/*:{node.name}"
                if size > 40:
                    long[name] = size
    assert set(long) <= set(LONG_FUNCTIONS), long


PORT_MODULES = {"ports.py"}  # ports mirror the client calls they stand for (repo, number, body)


def test_public_domain_methods_take_their_third_argument_by_keyword() -> None:
    """``hand_over(id, user, new_owner, note)`` is easy to call with two arguments swapped: from the third
    parameter on (after self), a public method of a domain service is called with keywords."""
    offenders = []
    for path in sorted((ROOT / "bot").rglob("*.py")):
        if path.parent.name in ("shell", "blocks", "adapters", "core", "demo") or path.name in PORT_MODULES:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.ClassDef) or node.name.startswith("_") or _is_protocol(node):
                continue
            for method in node.body:
                if isinstance(method, ast.FunctionDef | ast.AsyncFunctionDef) and not method.name.startswith("_"):
                    positional = [a.arg for a in method.args.posonlyargs + method.args.args
                                  if a.arg not in ("self", "cls")]
                    if len(positional) >= 3:
                        offenders.append(f"{path.relative_to(ROOT)}:{node.name}.{method.name}")
    assert offenders == []


def _is_protocol(node: ast.ClassDef) -> bool:
    return any(isinstance(base, ast.Name) and base.id == "Protocol" for base in node.bases)

"""The lock files pin every dependency pyproject.toml names, within its range (a forgotten `pip-compile` fails here).

The image installs requirements.lock (runtime + the postgres extra); CI installs requirements-dev.lock (every extra).
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[2]


def pins(lock: str) -> dict[str, str]:
    text = (ROOT / lock).read_text(encoding="utf-8")
    return {canonicalize_name(name): version for name, version in re.findall(r"^([A-Za-z0-9_.-]+)==(\S+)", text, re.M)}


def requirements(*extras: str) -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    names = list(project["dependencies"])
    for extra in extras:
        names += project["optional-dependencies"][extra]
    return [Requirement(name) for name in names]


@pytest.mark.parametrize(("lock", "extras"), [("requirements.lock", ("postgres",)),
                                              ("requirements-dev.lock", ("postgres", "dev"))])
def test_the_lock_pins_every_dependency_within_its_range(lock: str, extras: tuple[str, ...]) -> None:
    pinned = pins(lock)
    for requirement in requirements(*extras):
        version = pinned.get(canonicalize_name(requirement.name))
        assert version, f"{requirement.name} is not in {lock}: run the pip-compile command at its top"
        assert requirement.specifier.contains(version, prereleases=True), f"{lock}: {requirement} but {version}"


def test_asyncpg_is_an_extra() -> None:
    assert "asyncpg" not in {canonicalize_name(r.name) for r in requirements()}
    assert "asyncpg" in {canonicalize_name(r.name) for r in requirements("postgres")}

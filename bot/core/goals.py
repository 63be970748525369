"""A report's goals as values: ``bot.reports`` measures them, the views show them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Goal:
    """A goal the handbook sets (the 80 % template key result, the 10 % engineering share) and where it stands."""

    name: str
    target: float
    at_most: bool
    """True: the value should stay at or under the target; False: reach it."""
    value: float | None
    """None: nothing to measure (no requests, or no ticket count recorded)."""

    @property
    def met(self) -> bool | None:
        if self.value is None:
            return None
        return self.value <= self.target if self.at_most else self.value >= self.target

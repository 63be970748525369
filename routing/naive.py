"""The handbook's keyword table applied naively (seed 002, Step 3): the team with most keyword hits wins.

This is the baseline the router is measured against: each team's ``keywords`` from the config, matched
case-insensitively on word boundaries, every occurrence one hit, ties broken by table order. Same ``suggest``
interface as :class:`routing.router.Router`.
"""

from __future__ import annotations

import re

from routing.router import Candidate, Suggestion
from routing.teams import TeamTable


class NaiveRouter:
    def __init__(self, table: TeamTable):
        self.table = table
        self.team_ids = table.ids
        self._patterns = [
            [re.compile(r"(?<!\w)" + re.escape(k) + r"(?!\w)", re.IGNORECASE) for k in team.keywords]
            for team in table.teams
        ]
        self._keywords = [team.keywords for team in table.teams]

    def suggest(self, text: str) -> Suggestion:
        hits: list[int] = []
        evidence: list[tuple[str, ...]] = []
        for keywords, patterns in zip(self._keywords, self._patterns, strict=True):
            count = 0
            matched = []
            for keyword, pattern in zip(keywords, patterns, strict=True):
                n = len(pattern.findall(text))
                if n:
                    count += n
                    matched.append(keyword)
            hits.append(count)
            evidence.append(tuple(matched))
        total = sum(hits)
        order = sorted(range(len(hits)), key=lambda t: (-hits[t], t))
        n = len(hits) or 1
        candidates = tuple(
            Candidate(self.team_ids[t], hits[t] / total if total else 1.0 / n, evidence[t]) for t in order
        )
        confidence = candidates[0].score if candidates else 0.0
        return Suggestion(candidates, confidence, unsure=total == 0)

    def learn(self, text: str, team_id: str) -> None:
        """The handbook table does not learn."""

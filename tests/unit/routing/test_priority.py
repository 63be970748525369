import pytest

from bot.core.config import load_config
from routing.priority import PriorityRules, Severity, compute_priority

RULES = load_config().priority


@pytest.mark.parametrize(
    ("severity", "tier", "sales", "label"),
    [
        (Severity.OUTAGE, 3, False, "ce/p0"),
        (Severity.UNUSABLE, 1, False, "ce/p0"),
        (Severity.UNUSABLE, 2, False, "ce/p1"),
        (Severity.SERIOUS, 2, False, "ce/p1"),
        (Severity.SERIOUS, 3, False, "ce/p2"),
        (Severity.SERIOUS, 3, True, "ce/p1"),
        (Severity.MINOR, 2, False, "ce/p2"),
        (Severity.MINOR, 2, True, "ce/p1"),
        (Severity.MINOR, 3, False, "ce/p3"),
        (Severity.MINOR, None, False, "ce/p2"),
        (Severity.FEATURE, 1, True, "ce/p3"),
        (Severity.UNUSABLE, 1, True, "ce/p0"),
    ],
    ids=lambda v: str(v),
)
def test_priority_from_severity_tier_and_sales_stage(severity, tier, sales, label):
    assert compute_priority(severity=severity, tier=tier, in_sales_process=sales, rules=RULES).label == label


def test_reasons_explain_each_move():
    decision = compute_priority(severity=Severity.MINOR, tier=1, in_sales_process=True, rules=RULES)
    assert decision.label == "ce/p0"
    assert any("tier 1" in r for r in decision.reasons)
    assert any("sales process" in r for r in decision.reasons)


def test_rules_come_from_config():
    rules = PriorityRules(sales_process_adjust=0, fixed=frozenset())
    decision = compute_priority(severity=Severity.FEATURE, tier=1, in_sales_process=True, rules=rules)
    assert decision.label == "ce/p2"

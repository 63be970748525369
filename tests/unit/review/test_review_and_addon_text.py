from datetime import date

import pytest

from bot.core.config import ConfigError, builtin_config_text, parse_config
from bot.related.addons import AddOnDraft, addon_comment, plus_one
from bot.review.rules import Decision, ReviewForm, decision_comment, review_body, review_labels
from routing.priority import Severity

FORM = ReviewForm(customer="Initech @ops", summary="NFS", gap="Shards on NFS; closes #4", needed_by=date(2030, 1, 1),
                  why_then="go-live", requirement="existing", missed_in_qualification="changed later",
                  expectations="supported", if_unmet="delay", ce="U0CE", ae="U0AE", deal_value="$1",
                  key_prospect=True)


def test_the_review_body_has_page_000s_sections_and_escapes_user_text():
    body = review_body(FORM, review_id=3, key="k1", requester="ana", reviewers="U0ENG, @eps")
    for section in ("The gap", "When a decision or commitment is needed, and why",
                    "what prevented catching it in technical qualification", "The customer's expectations",
                    "What happens if we don't meet them", "Business context"):
        assert section in body
    assert "@\u200bops" in body and "closes\u200b #4" in body and "Requirement:** existing" in body
    assert body.rstrip().endswith("TR-3 · tech review filed by the rfh bot · rfhk1")
    assert ReviewForm.from_details(FORM.to_details()) == FORM


def test_labels_and_decisions():
    assert review_labels("tech-review", "initech") == ["tech-review", "customer/initech"]
    assert Decision.APPROVED.close_reason == "completed" and Decision.DECLINED.close_reason == "not_planned"
    assert Decision.NEEDS_INFO.close_reason is None
    assert "**Decision: Declined**" in decision_comment(Decision.DECLINED, "no @all", ["U1"])


def test_the_tech_review_config_is_checked():
    with pytest.raises(ConfigError) as info:
        parse_config(builtin_config_text() + '[tech_review]\nengineering = ["Ana Smith"]\n', source="t")
    assert "tech_review.engineering" in str(info.value)
    with pytest.raises(ConfigError):
        parse_config(builtin_config_text() + f'[tech_review]\nlabel = "{"x" * 51}"\n', source="t")


def test_the_addon_comment_and_the_plus_one_line():
    draft = AddOnDraft(customer="Initech", summary="crash", need="@here fix #2", severity=Severity.UNUSABLE,
                       customer_quote="we're <b>blocked</b>")
    text = addon_comment(draft, request_id=12, requester="bob", priority="ce/p1")
    assert text.startswith("**+1 from Initech** · **Priority for them:** `ce/p1`")
    # HTML in user text is shown, never rendered (the one GitHub escaping, bot.core.text.github_markdown)
    assert "RFH-12" in text and "@\u200bhere" in text and "> we're &lt;b>blocked&lt;/b>" in text
    assert plus_one("Initech <!channel>", "ce/p1") == "+1 from Initech &lt;!channel&gt;, p1"
    assert plus_one("Initech", None) == "+1 from Initech"

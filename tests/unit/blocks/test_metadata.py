from __future__ import annotations

import pytest

from bot.blocks.metadata import METADATA_LIMIT, RequestMeta, ReviewMeta
from bot.blocks.ownership_modals import hand_over_modal, resolve_modal
from bot.blocks.public_review import edit_public_modal
from bot.blocks.tech_review import decision_modal
from bot.intake.public_issue import PublicDraft


def test_request_modals_carry_typed_metadata_that_reads_back() -> None:
    for view in (hand_over_modal(42, "Pods crash"), resolve_modal(42),
                 edit_public_modal(42, PublicDraft("Title", "Summary", "Need", "Steps"))):
        text = view.to_dict()["private_metadata"]
        assert len(text) <= METADATA_LIMIT
        assert RequestMeta.load(text) == RequestMeta(42)


@pytest.mark.parametrize("text", ["42", "", None, '{"request_id": "42"}', "[1]", "{not json"])
def test_metadata_the_bot_did_not_write_is_refused(text: str | None) -> None:
    with pytest.raises(ValueError):
        RequestMeta.load(text)


def test_the_decision_modal_names_its_review_and_nothing_else_reads_as_one() -> None:
    text = decision_modal(7, "U1")["private_metadata"]
    assert ReviewMeta.load(text) == ReviewMeta(7)
    with pytest.raises(ValueError):
        ReviewMeta.load(RequestMeta(7).dump())
    with pytest.raises(ValueError):
        RequestMeta.load(text)

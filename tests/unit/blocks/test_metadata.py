from __future__ import annotations

import pytest

from bot.blocks.metadata import METADATA_LIMIT, RequestMeta
from bot.blocks.ownership_modals import hand_over_modal, resolve_modal


def test_request_modals_carry_typed_metadata_that_reads_back() -> None:
    for view in (hand_over_modal(42, "Pods crash"), resolve_modal(42)):
        text = view.to_dict()["private_metadata"]
        assert len(text) <= METADATA_LIMIT
        assert RequestMeta.load(text) == RequestMeta(42)


@pytest.mark.parametrize("text", ["42", "", None, '{"request_id": "42"}', "[1]", "{not json"])
def test_metadata_the_bot_did_not_write_is_refused(text: str | None) -> None:
    with pytest.raises(ValueError):
        RequestMeta.load(text)

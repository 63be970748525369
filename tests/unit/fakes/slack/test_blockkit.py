"""Slack's Block Kit limits as the fake checks them: over HTTP, and the checks alone."""

from __future__ import annotations

from fakes.slack import FakeSlack, block_errors, element_errors, view_errors
from tests.unit.fakes.clients import slack_client, slack_error


async def test_duplicate_block_and_action_ids_are_refused(fake_slack: FakeSlack) -> None:
    button = {"type": "button", "action_id": "go", "text": {"type": "plain_text", "text": "Go"}}
    twice = [{"type": "actions", "block_id": "a", "elements": [button]},
             {"type": "actions", "block_id": "a", "elements": [button, button]}]
    error = await slack_error(slack_client(fake_slack).views_publish(user_id="U1", view={"type": "home",
                                                                                          "blocks": twice}))
    assert error.response["error"] == "invalid_arguments"
    assert error.response["response_metadata"]["messages"] == [
        "[ERROR] duplicate block_id 'a' [json-pointer:/view/blocks/1/block_id]",
        "[ERROR] duplicate action_id 'go' in a block [json-pointer:/view/blocks/1]"]


def _text(kind: str, length: int) -> dict[str, str]:
    return {"type": kind, "text": "x" * length}


def test_each_block_type_has_its_limits() -> None:
    assert block_errors([{"type": "section", "text": _text("mrkdwn", 3000)}]) == []
    assert block_errors([{"type": "section"}]) == [
        "[ERROR] must provide either text or fields [json-pointer:/blocks/0]"]
    assert block_errors([{"type": "section", "fields": [_text("mrkdwn", 1)] * 11}]) == [
        "[ERROR] no more than 10 items allowed [json-pointer:/blocks/0/fields]"]
    assert block_errors([{"type": "header", "text": _text("mrkdwn", 5)}]) == [
        "[ERROR] must be one of plain_text [json-pointer:/blocks/0/text/type]"]
    assert block_errors([{"type": "header", "text": _text("plain_text", 151)}]) == [
        "[ERROR] must be less than 151 characters [json-pointer:/blocks/0/text/text]"]
    assert block_errors([{"type": "context", "elements": []}]) == [
        "[ERROR] must provide at least 1 items [json-pointer:/blocks/0/elements]"]
    button = {"type": "button", "text": _text("plain_text", 76)}
    assert block_errors([{"type": "actions", "elements": [button]}]) == [
        "[ERROR] must be less than 76 characters [json-pointer:/blocks/0/elements/0/text/text]"]
    assert block_errors([{"type": "divider"}] * 51) == ["[ERROR] no more than 50 items allowed [json-pointer:/blocks]"]
    assert block_errors([{"type": "divider"}] * 100, max_blocks=100) == []
    assert block_errors([{"no": "type"}]) == [
        "[ERROR] must provide a block object with a type [json-pointer:/blocks/0]"]


def test_elements_and_views() -> None:
    overflow = {"type": "overflow", "options": [{"text": _text("plain_text", 3), "value": "v"}]}
    assert element_errors(overflow, "/e") == ["[ERROR] must provide at least 2 items [json-pointer:/e/options]"]
    text_input = {"type": "plain_text_input", "max_length": 3001}
    assert element_errors(text_input, "/e") == ["[ERROR] must be between 0 and 3000 [json-pointer:/e/max_length]"]
    label = {"type": "input", "label": _text("plain_text", 5), "element": {"type": "plain_text_input"}}
    home = {"type": "home", "blocks": [label], "private_metadata": "m" * 3001}
    assert view_errors(home) == ["[ERROR] must be less than 3001 characters [json-pointer:/view/private_metadata]"]
    assert view_errors({"type": "modal", "blocks": []}, allowed_types=("home",)) == [
        "[ERROR] must be one of home [json-pointer:/view/type]"]
    modal = {"type": "modal", "title": _text("plain_text", 5), "blocks": [label]}
    assert view_errors(modal) == [
        "[ERROR] must provide a submit property when using input blocks [json-pointer:/view]"]

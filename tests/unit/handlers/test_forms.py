from datetime import date

from bot.blocks.ids import BlockId
from bot.core.domain import RequestType, Tracker
from handlers.forms import parse_intake
from routing.priority import Severity

TEAMS = {"distribution": "Distribution"}
TODAY = date(2026, 11, 22)


def text(value):
    return {"value": {"type": "plain_text_input", "value": value}}


def select(value):
    return {"value": {"type": "static_select", "selected_option": {"value": value} if value else None}}


def full_state(**overrides):
    state = {
        BlockId.CUSTOMER: text("Acme"), BlockId.SUMMARY: text("Pods crash"), BlockId.NEED: text("Why?"),
        BlockId.URGENCY: text("today"), BlockId.SEVERITY: select("serious"), BlockId.REQUEST_TYPE: select("help"),
        BlockId.TEAM: select("distribution"), BlockId.TIER: select("1"),
        BlockId.SALES: {"value": {"type": "checkboxes", "selected_options": [{"value": "yes"}]}},
        BlockId.NEEDED_BY: {"value": {"type": "datepicker", "selected_date": "2026-11-30"}},
        BlockId.TRACKER: {"value": {"type": "radio_buttons", "selected_option": {"value": "public"}}},
        BlockId.PEOPLE: {"value": {"type": "multi_users_select", "selected_users": ["U1", "U2"]}},
        BlockId.FILES: {"value": {"type": "file_input", "files": [{"permalink": "https://f/1"}]}},
        BlockId.TICKET: text("https://support/1"),
    }
    state.update(overrides)
    return {str(k): v for k, v in state.items()}


def test_a_complete_form_parses():
    form, errors = parse_intake(full_state(), known_teams=TEAMS, today=TODAY)
    assert errors == {}
    assert form is not None
    assert (form.customer, form.severity, form.request_type, form.tier) == ("Acme", Severity.SERIOUS,
                                                                            RequestType.HELP, 1)
    assert form.in_sales_process and form.tracker is Tracker.PUBLIC
    assert form.needed_by == date(2026, 11, 30) and form.people == ("U1", "U2") and form.files == ("https://f/1",)


def test_every_missing_required_field_gets_its_own_error():
    empty = {k: {"value": {"type": "plain_text_input", "value": None}} for k in
             (BlockId.CUSTOMER, BlockId.SUMMARY, BlockId.NEED, BlockId.URGENCY)}
    state = full_state(**empty, **{BlockId.SEVERITY: select(None), BlockId.TEAM: select(None)})
    form, errors = parse_intake(state, known_teams=TEAMS, today=TODAY)
    assert form is None
    assert set(errors) == {BlockId.CUSTOMER, BlockId.SUMMARY, BlockId.NEED, BlockId.URGENCY, BlockId.SEVERITY,
                           BlockId.TEAM}


def test_bad_values_are_explained_on_their_block():
    state = full_state(**{BlockId.TICKET: text("ticket 42"),
                          BlockId.NEEDED_BY: {"value": {"type": "datepicker", "selected_date": "2026-11-01"}},
                          BlockId.TEAM: select("no-such-team")})
    _, errors = parse_intake(state, known_teams=TEAMS, today=TODAY)
    assert "https://" in errors[BlockId.TICKET]
    assert "past" in errors[BlockId.NEEDED_BY]
    assert "not in the configuration" in errors[BlockId.TEAM]


def test_whitespace_only_counts_as_empty():
    _, errors = parse_intake(full_state(**{BlockId.CUSTOMER: text("   ")}), known_teams=TEAMS, today=TODAY)
    assert BlockId.CUSTOMER in errors

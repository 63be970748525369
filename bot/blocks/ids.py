"""Every Slack id the bot uses (callback, block and action ids), in one place for handlers, builders and manifest."""

from enum import StrEnum

SLASH_COMMAND = "/rfh"


class CallbackId(StrEnum):
    MESSAGE_SHORTCUT = "rfh_from_message"
    INTAKE = "rfh_intake"
    HAND_OVER = "rfh_hand_over"
    RESOLVE = "rfh_resolve"
    REROUTE = "rfh_reroute"
    HISTORY = "rfh_history"
    EDIT_PUBLIC = "rfh_edit_public"


class BlockId(StrEnum):
    CUSTOMER = "customer"
    TIER = "tier"
    SALES = "sales_process"
    REQUEST_TYPE = "request_type"
    SUMMARY = "summary"
    NEED = "need"
    ENVIRONMENT = "environment"
    REPRO = "steps_to_reproduce"
    LOGS = "logs"
    FILES = "files"
    RECENT_CHANGES = "recent_changes"
    IMPACTED = "impacted_users"
    UNIMPACTED = "unimpacted_users"
    QUOTE = "customer_quote"
    SEVERITY = "severity"
    URGENCY = "urgency"
    NEEDED_BY = "needed_by"
    TEAM = "team"
    TRACKER = "tracker"
    TICKET = "support_ticket"
    PEOPLE = "people"
    ROUTING_HINT = "routing_hint"
    NEW_OWNER = "new_owner"
    NOTE = "note"
    RESOLUTION = "resolution"
    NEW_TEAM = "new_team"
    PUBLIC_TITLE = "public_title"


class ActionId(StrEnum):
    VALUE = "value"
    TAKE_OWNERSHIP = "take_ownership"
    HAND_OVER = "hand_over"
    RESOLVE = "resolve"
    REOPEN = "reopen"
    REROUTE = "reroute"
    RETRY = "retry_request"
    CONFIRM_INFORMAL = "confirm_informal"
    DECLINE_INFORMAL = "decline_informal"
    SNOOZE = "snooze"
    RELEASE = "release_ownership"
    OPEN_ISSUE = "open_issue"
    HISTORY = "request_history"
    APPROVE_PUBLIC = "approve_public"
    EDIT_PUBLIC = "edit_public"

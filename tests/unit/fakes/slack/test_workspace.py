"""The workspace behind the fake Slack, alone (no HTTP): which channel a name means, threads, timestamps, DMs."""

from __future__ import annotations

import pytest

from fakes.slack.model import Channel, SlackApiFailure, Team
from fakes.slack.workspace import Workspace, ts_key


def workspace(**rules: bool) -> Workspace:
    return Workspace(Team(), origin=lambda: "http://127.0.0.1:9", **rules)


def test_a_reply_to_a_reply_joins_the_root_thread() -> None:
    ws = workspace()
    channel = ws.existing_channel("#ops")
    root = {"type": "message", "text": "root", "user": "U1", "ts": ws.next_ts()}
    ws.store_message(channel, root, None)
    reply = {"type": "message", "text": "reply", "user": "U2", "ts": ws.next_ts()}
    ws.store_message(channel, reply, root["ts"])
    nested = {"type": "message", "text": "nested", "user": "U3", "ts": ws.next_ts()}
    ws.store_message(channel, nested, reply["ts"])
    assert nested["thread_ts"] == root["ts"] and nested["parent_user_id"] == "U1"
    assert root["reply_count"] == 2 and root["reply_users"] == ["U2", "U3"] and root["latest_reply"] == nested["ts"]


def test_timestamps_only_go_forward() -> None:
    ws = workspace()
    stamps = [ws.next_ts() for _ in range(200)]
    assert [ts_key(t) for t in stamps] == sorted({ts_key(t) for t in stamps})
    assert ts_key("1700000000.5") == (1700000000, 500000)


def test_channel_names_ids_and_strictness() -> None:
    ws = workspace()
    made = ws.existing_channel("#General")
    assert ws.resolve_channel("general", create=False) == made and ws.channels[made].name == "general"
    assert ws.resolve_channel("C0UNKNOWN", create=False) is None
    assert ws.resolve_channel("C0UNKNOWN", create=True) == "C0UNKNOWN"
    strict = workspace(strict_channels=True)
    with pytest.raises(SlackApiFailure) as refused:
        strict.existing_channel("#nowhere")
    assert refused.value.body == {"ok": False, "error": "channel_not_found"}
    archived = ws.register_channel(Channel(id="C0OLD", name="old", is_archived=True))
    with pytest.raises(SlackApiFailure, match="is_archived"):
        ws.writable_channel(archived)


def test_direct_messages_are_opened_once() -> None:
    ws = workspace()
    dm = ws.dm_for(["U1"])
    assert dm.startswith("D") and ws.dm_for(["U1", "UBOT"]) == dm and ws.resolve_channel("U1", create=False) == dm
    group = ws.dm_for(["U2", "U1"])
    assert group.startswith("G") and ws.channels[group].name == "mpdm-u1--u2--ubot-1" and ws.channels[group].is_mpim

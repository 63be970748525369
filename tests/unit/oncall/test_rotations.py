"""On-call rotations, business hours and SLA policies from the TOML config: defaults, overrides, every error named by
its path, the `rfh oncall` table, and rotation math through the config across DST and shift boundaries."""

from __future__ import annotations

import re
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.blocks.pings import duration_text
from bot.core.config import ConfigError, builtin_config_text, load_config, parse_config, parse_duration
from bot.core.policies import DEFAULT_SLA, SlaPolicy
from bot.oncall.rotations import OnCall, business_hours, rotations_from_config
from bot.oncall.rules import on_call_at
from bot.shell.cli import main
from tests.scenario.ownership.flows import CONFIG

BERLIN = ZoneInfo("Europe/Berlin")


def problems(text: str) -> str:
    with pytest.raises(ConfigError) as caught:
        parse_config(text, source="t.toml")
    return "\n".join(caught.value.problems)


def test_the_builtin_config_has_the_default_slas_and_no_rotation():
    config = load_config()
    assert dict(config.sla) == dict(DEFAULT_SLA)
    assert config.sla["p0"] == SlaPolicy(timedelta(minutes=15), False, timedelta(0), timedelta(minutes=15),
                                         timedelta(hours=2))
    assert config.sla["p2"].claim_within == timedelta(days=1) and config.sla["p2"].business_time
    assert rotations_from_config(config) == {}
    assert config.digest.enabled and config.digest.at == time(9, 30)


def test_a_rotation_and_business_hours_from_the_config():
    hours_table = '[teams.business_hours]\nstart = "08:30"\nend = "16:30"\nholidays = [2026-12-24]\n'
    config = parse_config(CONFIG.replace("sync_usergroup = true\n", "sync_usergroup = true\n" + hours_table),
                          source="t.toml")
    rotation = rotations_from_config(config)["distribution"]
    assert rotation.members == ("U0ANA", "U0BEN", "U0CAR") and rotation.shift == timedelta(days=7)
    assert (rotation.handoff_weekday, rotation.handoff_time, rotation.tz) == (0, time(9), BERLIN)
    assert rotation.sync_usergroup and not rotation.follow_usergroup
    hours = business_hours(config, "distribution")
    assert (hours.tz, hours.start, hours.end) == (BERLIN, time(8, 30), time(16, 30))
    assert hours.holidays == frozenset({datetime(2026, 12, 24).date()})
    assert business_hours(config, "core-application").tz == ZoneInfo("UTC")


def test_sla_overrides_keep_the_defaults_they_do_not_name():
    config = parse_config(CONFIG + '[sla.p1]\nclaim_within = "30m"\n[sla.p3]\nstale_after = "10d"\n'
                                   '[digest]\nat = "10:15"\n', source="t.toml")
    assert config.sla["p1"] == SlaPolicy(timedelta(minutes=30), True, timedelta(0), timedelta(hours=1),
                                         timedelta(days=1))
    assert config.sla["p3"].stale_after == timedelta(days=10) and config.sla["p3"].claim_within == timedelta(days=3)
    assert config.digest.at == time(10, 15)


@pytest.mark.parametrize(("extra", "expected"), [
    ('[sla.p1]\nclaim_within = "an hour"\n', "sla.p1.claim_within: 'an hour' is not a duration"),
    ('[sla.p1]\nclaim_within = "2h"\nescalate_after = "0m"\nreping_after = "1h"\n',
     "sla.p1: reping_after must be >= 0 and escalate_after must not come before the re-ping"),
    ('[sla.p2]\nstale_after = "20h"\n', "sla.p2.stale_after: 20:00:00 is more than one business day"),
    ('[sla.p7]\nclaim_within = "1h"\n', "sla.p7: has no built-in default, so also give business_time"),
    ('[sla.urgent]\nclaim_within = "1h"\n', "sla.urgent.[key]: String should match pattern"),
    ('[priority]\nlabels = ["ce/p0", "ce/p1", "ce/p2", "ce/p3", "ce/p4"]\n', "sla.p4: is required for the priority "
                                                                              "'ce/p4'"),
    ('[sla.p0]\nclaim_within = "10m"\nbusiness_time = "sometimes"\n', "sla.p0.business_time: Input should be"),
])
def test_sla_errors_name_their_path(extra, expected):
    assert expected in problems(CONFIG + extra)


ONCALL_AT = "teams[0] (id 'distribution').oncall"


@pytest.mark.parametrize(("change", "expected"), [
    (('members = ["U0ANA", "U0BEN", "U0CAR"]', "members = []"),
     f"{ONCALL_AT}: list the rotation's members (Slack user ids) or set follow_usergroup"),
    (('handoff_weekday = "monday"', 'handoff_weekday = "funday"'),
     f"{ONCALL_AT}.handoff_weekday: 'funday' is not a weekday"),
    (('shift = "7d"', 'shift = "90m"'), f"{ONCALL_AT}: shift must be a whole number of hours"),
    (('"U0BEN", "U0CAR"]', '"@ben", "U0CAR"]'), f"{ONCALL_AT}.members[1]: String should match pattern"),
    (('anchor = 2026-11-23', 'anchor = 2026-11-24'), "anchor 2026-11-24 is a Tuesday, but hand-offs are on Mondays"),
    (('sync_usergroup = true', 'sync_usergroup = false\nfollow_usergroup = "distribution"'),
     "give either members or follow_usergroup"),
    (('sync_usergroup = true', 'sync_usergroup = true\ntimezone = "Moon/Base"'),
     "oncall.timezone: unknown time zone 'Moon/Base'"),
    (('sync_usergroup = true', 'sync_usergroup = true\nshift_length = "7d"'),
     f"{ONCALL_AT}.shift_length: is not a known setting"),
])
def test_rotation_errors_name_their_path(change, expected):
    old, new = change
    assert old in CONFIG
    assert expected in problems(CONFIG.replace(old, new))


def test_following_and_syncing_the_same_group_is_refused():
    text = CONFIG.replace('members = ["U0ANA", "U0BEN", "U0CAR"]', "follow_usergroup = true")
    assert "cannot both follow and sync the same user group" in problems(text)
    config = parse_config(text.replace("sync_usergroup = true", "sync_usergroup = false"), source="t.toml")
    assert rotations_from_config(config)["distribution"].follow_usergroup


async def test_a_followed_group_supplies_the_members_in_user_id_order():
    text = CONFIG.replace('members = ["U0ANA", "U0BEN", "U0CAR"]', 'follow_usergroup = "distribution"').replace(
        "sync_usergroup = true", "sync_usergroup = false")
    asked = []

    async def group_members(handle):
        asked.append(handle)
        return ("U0ZED", "U0ABE")

    oncall = OnCall(parse_config(text, source="t.toml"), group_members)
    monday = datetime(2026, 11, 23, 12, tzinfo=UTC)
    assert await oncall.chain("distribution", monday) == ("U0ABE", "U0ZED")
    assert await oncall.current("distribution", monday + timedelta(days=7)) == "U0ZED"
    assert asked == ["distribution", "distribution"]
    assert await oncall.current("core-application", monday) is None


def test_the_commented_examples_in_the_builtin_config_are_valid():
    """Uncommenting the on-call, business-hours, SLA and digest examples gives a config that loads."""
    lines, inside = [], False
    for line in builtin_config_text().splitlines():
        header = re.match(r"^# \[(teams\.oncall|teams\.business_hours|sla\.p\d|digest)\]", line)
        inside = bool(header) or (inside and line.startswith("# ") and " = " in line)
        lines.append(line[2:] if inside else line)
    config = parse_config("\n".join(lines), source="uncommented")
    assert config.team_model("distribution").oncall is not None
    assert config.team_model("distribution").business_hours.start == time(9)
    assert dict(config.sla) == dict(DEFAULT_SLA)


def test_durations_read_like_the_docs():
    assert parse_duration("15m") == timedelta(minutes=15)
    assert parse_duration("1d 4h") == timedelta(days=1, hours=4)
    assert parse_duration(" 2H30M ") == timedelta(hours=2, minutes=30)
    for bad in ("", "d", "1w", "15", 15):
        with pytest.raises(ValueError):
            parse_duration(bad)
    assert duration_text(timedelta(days=1), True) == "1 business day"
    assert duration_text(timedelta(days=3, hours=2, minutes=1), False) == "3 days 2 hours 1 minute"
    assert duration_text(timedelta(minutes=15), False) == "15 minutes"


def test_rfh_oncall_prints_now_and_next_per_team(tmp_path, capsys, monkeypatch):
    path = tmp_path / "rfh.toml"
    path.write_text(CONFIG, encoding="utf-8")
    monkeypatch.setenv("RFH_CONFIG", str(path))
    assert main(["oncall"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].split() == ["Team", "On", "call", "now", "Until", "Next"]
    row = next(line for line in out.splitlines() if line.startswith("distribution"))
    assert "09:00" in row and "(Europe/Berlin)" in row and "U0" in row
    assert "core-application" not in out


@settings(max_examples=60, deadline=None)
@given(st.datetimes(min_value=datetime(2026, 1, 1), max_value=datetime(2028, 12, 31), timezones=st.just(UTC)))
def test_the_configured_rotation_hands_off_only_on_monday_at_9_berlin_time(at):
    """Across DST changes and shift boundaries, the on-call changes exactly at Monday 09:00 local time."""
    rotation = rotations_from_config(parse_config(CONFIG, source="t.toml"))["distribution"]
    shift = on_call_at(rotation, at)
    start, end = shift.starts_at.astimezone(BERLIN), shift.ends_at.astimezone(BERLIN)
    assert (start.weekday(), start.time(), end.weekday(), end.time()) == (0, time(9), 0, time(9))
    assert timedelta(days=7) - timedelta(hours=1) <= shift.ends_at - shift.starts_at <= timedelta(days=7, hours=1)
    weeks = round((start.date() - datetime(2026, 11, 23).date()).days / 7)
    assert shift.user_id == ("U0ANA", "U0BEN", "U0CAR")[weeks % 3]

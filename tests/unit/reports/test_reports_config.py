"""``[reports]`` in the config: where and when the weekly report goes, every mistake named by its path."""

from __future__ import annotations

from datetime import time

import pytest

from bot.core.config import ConfigError, builtin_config_text, parse_config


def test_off_unless_a_channel_or_per_team_is_set() -> None:
    assert not parse_config(builtin_config_text(), source="built-in").reports.enabled
    reports = parse_config(builtin_config_text() + '\n[reports]\nchannel = "#leads"\nweekday = "fri"\n'
                           'at = "16:30"\ntimezone = "Europe/Berlin"\n', source="t").reports
    assert (reports.enabled, reports.channel, reports.per_team, reports.weekday, reports.at, reports.weeks) == (
        True, "#leads", False, 4, time(16, 30), 4)


def test_mistakes_are_named() -> None:
    with pytest.raises(ConfigError) as error:
        parse_config(builtin_config_text() + '\n[reports]\nper_team = true\ntimezone = "Mars/Base"\nweeks = 1\n'
                     'weekday = "someday"\nchanel = "#x"\n', source="t")
    problems = error.value.problems
    assert "reports.timezone: unknown time zone 'Mars/Base' (use an IANA name such as Europe/Berlin)" in problems
    assert "reports.weeks: Input should be greater than or equal to 2" in problems
    assert "reports.weekday: 'someday' is not a weekday; use monday … sunday" in problems
    assert "reports.chanel: is not a known setting (check the spelling)" in problems

"""slack_sdk's per-call debug line is built only when debug logging is on; what is logged stays the same."""

from __future__ import annotations

import logging

import pytest

from bot.shell.server import skip_sdk_debug_lines

SDK = "slack_sdk.web.async_base_client"


@pytest.fixture
def sdk_logger():
    logger, root = logging.getLogger(SDK), logging.getLogger()
    saved = logger.level, root.level
    logger.setLevel(logging.NOTSET)
    yield logger, root
    logger.setLevel(saved[0])
    root.setLevel(saved[1])


def test_at_info_the_sdk_skips_building_its_debug_lines(sdk_logger):
    logger, root = sdk_logger
    root.setLevel(logging.INFO)
    skip_sdk_debug_lines()
    assert logger.level > logging.DEBUG  # slack_sdk tests `logger.level <= DEBUG` before formatting the request
    assert logger.getEffectiveLevel() == logging.INFO


def test_at_debug_the_sdk_still_logs_every_call(sdk_logger):
    logger, root = sdk_logger
    root.setLevel(logging.DEBUG)
    skip_sdk_debug_lines()
    assert logger.level <= logging.DEBUG and logger.isEnabledFor(logging.DEBUG)

"""The old home of the fake Slack, kept so that code written before the split into ``fakes.slack`` still imports."""

from fakes.slack import *  # noqa: F403
from fakes.slack import __all__ as __all__

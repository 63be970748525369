"""Re-export: the fake Slack lives in ``fakes.slack`` (one copy for the tests and `rfh demo`); import it from there."""

from fakes.slack import *  # noqa: F403
from fakes.slack import __all__ as __all__

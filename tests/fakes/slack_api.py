"""Re-export: the fake Slack lives in ``fakes.slack_api`` (one copy for the tests and `rfh demo`)."""

from fakes.slack_api import *  # noqa: F403
from fakes.slack_api import REQUIRED_ARGS, FakeSlack, ResponseUrlPost, SlackCall  # noqa: F401

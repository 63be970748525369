"""Re-export: the fake GitHub lives in ``fakes.github`` (one copy for the tests and `rfh demo`); import it there."""

from fakes.github import *  # noqa: F403
from fakes.github import __all__ as __all__

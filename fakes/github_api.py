"""The old home of the fake GitHub, kept so that code written before the split into ``fakes.github`` still imports."""

from fakes.github import *  # noqa: F403
from fakes.github import __all__ as __all__

"""The team and tracker configuration: TOML in, typed RfhConfig out, every error named by its path.

``loading`` reads and validates the file; ``models``, ``teams`` and ``sla`` are its tables as pydantic models,
``fields`` their value types; ``validation`` the checks across teams; ``convert`` builds the ``RfhConfig``
(``rfh_config``) the bot uses. The names below are the package's public ones: import them from here.
"""

from bot.core.config.fields import (
    DURATION,
    GITHUB_LOGIN_PATTERN,
    REPO_PATTERN,
    SLACK_USER_PATTERN,
    Duration,
    SlackUserId,
    Weekday,
    parse_duration,
    parse_weekday,
)
from bot.core.config.loading import ConfigError, builtin_config_text, load_config, parse_config
from bot.core.config.models import (
    AlertsModel,
    BridgeModel,
    ConfigModel,
    CustomerModel,
    DigestModel,
    PriorityModel,
    PrivacyModel,
    ReportsModel,
    SecurityModel,
    TechReviewModel,
    TrackersModel,
)
from bot.core.config.rfh_config import Customer, RfhConfig, config_warnings, slugify
from bot.core.config.sla import SlaPriorityModel, sla_policies
from bot.core.config.teams import BusinessHoursModel, OncallModel, TeamBridgeModel, TeamModel, rotation_from_model

__all__ = [
    "DURATION", "GITHUB_LOGIN_PATTERN", "REPO_PATTERN", "SLACK_USER_PATTERN",
    "AlertsModel", "BridgeModel", "BusinessHoursModel", "ConfigError", "ConfigModel", "Customer", "CustomerModel",
    "DigestModel", "Duration", "OncallModel", "PriorityModel", "PrivacyModel", "ReportsModel", "RfhConfig",
    "SecurityModel", "SlaPriorityModel", "SlackUserId", "TeamBridgeModel", "TeamModel", "TechReviewModel",
    "TrackersModel", "Weekday",
    "builtin_config_text", "config_warnings", "load_config", "parse_config", "parse_duration", "parse_weekday",
    "rotation_from_model", "slugify", "sla_policies",
]

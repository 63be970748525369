"""Our small clients for GitHub and Slack: one job each, errors mapped to bot.core.errors."""

"""What crosses between the GitHub issue and the Slack thread."""

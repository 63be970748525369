"""Pure routing logic: which team should help with a request, and at what priority.

Nothing in this package does I/O or imports Slack or GitHub code; the bot hands it typed data.
"""

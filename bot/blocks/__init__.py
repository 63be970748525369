"""Block Kit builders, one module per surface. Pure: dataclasses in, slack_sdk models out."""

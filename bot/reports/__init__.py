"""Reports: how support is doing against the handbook's goals (`rfh report`, the weekly post, `/rfh report`).

Pure figures over request rows (``figures``, ``timing``), the queries that load them (``queries``), PNG charts
(``charts``), the text renderings (``render``) and the CLI (``cli``). The Slack posts (``jobs``) go through the
``Chat`` port and the message view in ``bot.blocks.report``: no Slack or GitHub client library here.
"""

"""Safety rules that hold everywhere: who may do what, which conversations are customer-facing, what may leave for
a public place (the sanitiser), secrets in user text, and the installed workspace. Pure Python, no Slack/GitHub."""

"""`python -m bot` is the `rfh` command."""

from bot.shell.cli import main

raise SystemExit(main())

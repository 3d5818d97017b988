"""`python -m bot`: see bot/cli.py."""

import sys

from bot import signals

signals.catch_early()  # before the slow imports below: a stop during start-up is an orderly one

from bot.cli import main  # noqa: E402

sys.exit(main())

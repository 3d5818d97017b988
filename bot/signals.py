"""SIGTERM/SIGINT caught from the first line of `python -m bot`, before the slow imports.

Why: systemd and docker may stop the bot at any moment, also while Python is still importing
aiogram; the default action would end it with -15 (or a KeyboardInterrupt traceback). A signal that
comes before the event loop runs is remembered here and handed to bot.lifecycle's stop, which then
skips the start-up and exits with code 0.
"""

from __future__ import annotations

import signal
from types import FrameType

CAUGHT = (signal.SIGTERM, signal.SIGINT)
_received: list[signal.Signals] = []


def catch_early() -> None:
    for sig in CAUGHT:
        signal.signal(sig, _remember)


def restore_defaults() -> None:
    """For commands other than the bot itself (imports, demo data): Ctrl+C interrupts them again."""
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.default_int_handler)


def early() -> signal.Signals | None:
    """The first signal that came before the event loop took over, if any."""
    return _received[0] if _received else None


def _remember(signum: int, frame: FrameType | None) -> None:
    _received.append(signal.Signals(signum))

"""Keep the bot token out of the log.

aiogram puts the token in every Bot API URL (`/bot<token>/<method>`, `/file/bot<token>/<path>`), and
an exception about a failed request (aiohttp's ClientResponseError, a timeout, …) quotes that URL in
its text and in its traceback. `RedactSecrets` is a handler filter that rewrites each record before
it is formatted: the message with its arguments, the exception text with its traceback, and the stack.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from urllib.parse import quote

# bot<id>:<secret> as it appears in Bot API URLs, also with the colon URL-encoded.
_TOKEN_IN_URL = re.compile(r"(bot\d+)(?::|%3[Aa])[A-Za-z0-9_-]+")
REDACTED = "<redacted>"


class RedactSecrets(logging.Filter):
    """Replace the given secrets (and any `bot<digits>:<secret>`) in whatever a record will print."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        super().__init__()
        forms: dict[str, str] = {}  # what to find -> what to show (a token keeps its public bot id)
        for secret in secrets:
            if secret:
                shown = f"{secret.split(':')[0]}:{REDACTED}" if ":" in secret else REDACTED
                encoded = quote(secret, safe="")
                forms.update({secret: shown, encoded: shown, encoded.replace("%3A", "%3a"): shown})
        self._secrets = sorted(forms.items(), key=lambda item: len(item[0]), reverse=True)

    def redact(self, text: str) -> str:
        for secret, shown in self._secrets:
            text = text.replace(secret, shown)
        return _TOKEN_IN_URL.sub(rf"\1:{REDACTED}", text)

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a bad format string: let logging report it as usual
            return True
        record.msg, record.args = self.redact(message), None
        if record.exc_info and record.exc_info[1] is not None and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:  # formatters print exc_text when it is set and format exc_info only when not
            record.exc_text = self.redact(record.exc_text)
        if record.stack_info:
            record.stack_info = self.redact(record.stack_info)
        return True


def install_redaction(secrets: Iterable[str], logger: logging.Logger | None = None) -> RedactSecrets:
    """Add one RedactSecrets to every handler of `logger` (the root logger by default)."""
    redaction = RedactSecrets(secrets)
    for handler in (logger or logging.getLogger()).handlers:
        handler.addFilter(redaction)
    return redaction

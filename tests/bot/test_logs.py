"""The bot token never reaches the log: message, arguments, exception text, traceback, stack."""

import io
import logging
import sys
from collections.abc import Iterator

import aiohttp
import pytest
from multidict import CIMultiDict, CIMultiDictProxy
from yarl import URL

from bot.cli import setup_logging
from bot.logs import REDACTED, RedactSecrets
from bot.settings import Settings

TOKEN = "7012345678:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"
URL_ = f"https://api.telegram.org/file/bot{TOKEN}/documents/file_7.xlsx"


@pytest.fixture
def stream() -> Iterator[io.StringIO]:
    """setup_logging as `python -m bot` runs it, writing to a buffer instead of stderr."""
    buffer = io.StringIO()
    settings = Settings(_env_file=None, bot_token=TOKEN, log_level="DEBUG")
    root = logging.getLogger()
    saved = root.handlers[:], root.level
    real_stderr, sys.stderr = sys.stderr, buffer
    try:
        setup_logging(settings)
    finally:
        sys.stderr = real_stderr
    yield buffer
    for handler in root.handlers:
        handler.close()
    root.handlers, root.level = saved[0], saved[1]


def leaks(text: str) -> list[str]:
    secret = TOKEN.split(":")[1]
    return [form for form in (TOKEN, secret, "7012345678%3AAAH", secret[:20]) if form in text]


def download_error() -> aiohttp.ClientResponseError:
    info = aiohttp.RequestInfo(URL(URL_), "GET", CIMultiDictProxy(CIMultiDict()), URL(URL_))
    return aiohttp.ClientResponseError(info, (), status=404, message="Not Found")


def test_token_in_message_args_exception_and_traceback(stream: io.StringIO) -> None:
    log = logging.getLogger("services.checks")
    log.warning("Download of %s failed: %s", "file-1", download_error())
    log.warning(f"GET {URL_} failed")
    log.info("token=%(token)s", {"token": TOKEN})
    log.info("encoded: %s", URL_.replace(":", "%3A"))
    log.info("another bot's token: bot98765:ZZZ-secret_other")
    try:
        raise download_error()
    except aiohttp.ClientError:
        log.exception("Update 5 failed")
    try:
        try:
            raise RuntimeError(f"request to {URL_} timed out")
        except RuntimeError as exc:
            raise ValueError("while downloading") from exc
    except ValueError:
        log.error("Chained", exc_info=True)
    log.debug("with stack %s", TOKEN, stack_info=True)
    text = stream.getvalue()
    assert leaks(text) == [], text
    assert "ZZZ-secret_other" not in text
    assert "Download of file-1 failed: 404, message='Not Found'" in text
    assert f"/file/bot7012345678:{REDACTED}/documents/file_7.xlsx" in text
    assert "Traceback (most recent call last)" in text
    assert "RuntimeError: request to https://api.telegram.org/file/bot7012345678:" in text
    assert "Stack (most recent call last)" in text


def test_filter_leaves_other_records_alone() -> None:
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "%d rows of %s", (5, "list"), None)
    assert RedactSecrets([TOKEN]).filter(record)
    assert record.getMessage() == "5 rows of list"
    bad = logging.LogRecord("x", logging.INFO, __file__, 1, "%d rows", ("five",), None)
    assert RedactSecrets([TOKEN]).filter(bad)  # logging reports the bad format itself


def test_sql_parameters_never_reach_the_log_even_at_debug(stream: io.StringIO) -> None:
    """aiosqlite logs each statement with its parameters at DEBUG (phone numbers, a campaign's token)."""
    assert logging.getLogger("aiosqlite").getEffectiveLevel() == logging.INFO
    logging.getLogger("aiosqlite").debug("executing %s", ("campaign-token-secret",))
    assert "campaign-token-secret" not in stream.getvalue()


def test_the_webhook_secret_and_the_redis_and_database_passwords_are_redacted_too() -> None:
    buffer = io.StringIO()
    settings = Settings(
        _env_file=None,
        bot_token=TOKEN,
        webhook_secret="hook-secret-0123456789abcdef",
        redis_url="redis://:p4ss-w0rd-redis@127.0.0.1:6379/0",
        database_url="postgresql://bot:pg-p4ss-w0rd@127.0.0.1:5432/clientlists",
    )
    root = logging.getLogger()
    saved = root.handlers[:], root.level
    real_stderr, sys.stderr = sys.stderr, buffer
    try:
        setup_logging(settings)
        log = logging.getLogger("bot.web")
        log.warning("setWebhook(secret_token=%s)", "hook-secret-0123456789abcdef")
        log.warning("Error connecting to redis://:p4ss-w0rd-redis@127.0.0.1:6379/0")
        log.warning("Cannot connect to postgresql://bot:pg-p4ss-w0rd@127.0.0.1:5432/clientlists")
    finally:
        sys.stderr = real_stderr
        for handler in root.handlers:
            handler.close()
        root.handlers, root.level = saved[0], saved[1]
    text = buffer.getvalue()
    assert "hook-secret-0123456789abcdef" not in text
    assert "p4ss-w0rd-redis" not in text
    assert "pg-p4ss-w0rd" not in text
    assert text.count(REDACTED) == 3

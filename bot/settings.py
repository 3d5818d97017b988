"""Configuration from the environment and `.env` (see `.env.example` for every field).

No settings object exists at import time: `load_settings()` builds one when the CLI starts and turns
any validation error into a single readable line (`SettingsError`), never a traceback.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from services.calls_api import normalize_host
from storage.connect import SQLITE_PREFIX, is_postgres, sqlite_path

_TOKEN = re.compile(r"^\d+:[A-Za-z0-9_-]+$")
_LOG_LEVELS = ("CRITICAL", "ERROR", "WARNING", "INFO", "DEBUG")
_SECRET = re.compile(r"^[A-Za-z0-9_-]{16,256}$")  # Telegram allows 1-256 of these; 16+ is a secret
DEFAULT_HTTP_PORT = 8080


class SettingsError(Exception):
    """A missing or malformed setting; `str(exc)` is one line for the operator."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", case_sensitive=False
    )

    bot_token: SecretStr
    admin_ids: Annotated[tuple[int, ...], NoDecode] = ()
    database_url: str = "sqlite:///data/clientlists.db"
    telegram_api_url: str | None = None
    log_level: str = "INFO"
    default_region: str | None = None
    # Flow A (file imports): upload limit, sandbox limits, pending-import lifetime, parallel validations.
    max_file_mb: int = Field(default=20, ge=1, le=2000)
    import_memory_mb: int = Field(default=2048, ge=256)
    import_timeout_seconds: float = Field(default=120.0, gt=0)
    stage_ttl_hours: float = Field(default=24.0, gt=0)
    max_concurrent_imports: int = Field(default=2, ge=1, le=16)
    # Telegram's flood control ("retry after N"): how long one request may keep waiting, in total.
    flood_wait_seconds: float = Field(default=60.0, ge=0, le=3600)
    # Flow D (call campaigns): numbers per addPhones request of a push.
    calls_batch_size: int = Field(default=1000, ge=1, le=10_000)
    # Requests of one push at once: a batch is read and mapped while others are in flight.
    calls_in_flight: int = Field(default=3, ge=1, le=8)
    # The Tovie Calls API host that /campaigns offers when an admin connects a campaign ("" = typed).
    calls_api_url: str = ""
    # How updates arrive: long polling (the default), or Telegram's webhook behind a TLS proxy.
    bot_mode: Literal["polling", "webhook"] = "polling"
    webhook_url: str = ""  # the public HTTPS URL Telegram posts to, e.g. https://bot.example.com/tg
    webhook_path: str = ""  # where this process listens; default: the path of WEBHOOK_URL
    webhook_secret: SecretStr = SecretStr("")  # Telegram sends it in every request's header
    # Conversation state and per-user order in Redis (for several instances); empty: in the database.
    redis_url: SecretStr = SecretStr("")
    # The bot's HTTP server: the webhook, GET /healthz and GET /metrics. In polling mode it runs only if
    # HTTP_PORT is set; in webhook mode it always does (port 8080 unless set).
    http_host: str = "127.0.0.1"  # 0.0.0.0 in a container
    http_port: int | None = Field(default=None, ge=1, le=65535)

    @field_validator("bot_token")
    @classmethod
    def _token_shape(cls, value: SecretStr) -> SecretStr:
        if not _TOKEN.match(value.get_secret_value().strip()):
            raise ValueError("expected a token like 123456:ABC-DEF… from @BotFather")
        return SecretStr(value.get_secret_value().strip())

    @field_validator("admin_ids", mode="before")
    @classmethod
    def _split_ids(cls, value: Any) -> Any:
        if isinstance(value, int):
            return (value,)
        if not isinstance(value, str):
            return value
        ids: list[int] = []
        for part in value.replace(";", ",").split(","):
            part = part.strip()
            if not part:
                continue
            if not part.isdigit():
                raise ValueError(f"{part!r} is not a Telegram user id (comma-separated integers)")
            ids.append(int(part))
        return tuple(ids)

    @field_validator("database_url")
    @classmethod
    def _database_url(cls, value: str) -> str:
        value = value.strip()
        if is_postgres(value) and len(value.split("://", 1)[1]) > 0:
            return value
        if not value.startswith(SQLITE_PREFIX) or len(value) == len(SQLITE_PREFIX):
            raise ValueError(
                "expected sqlite:///relative/path.db, sqlite:////absolute/path.db"
                " or postgresql://user:password@host:5432/database"
            )
        return value

    @field_validator("telegram_api_url", mode="before")
    @classmethod
    def _api_url(cls, value: Any) -> Any:
        if isinstance(value, str):
            value = value.strip().rstrip("/")
            if not value:
                return None
            if not re.match(r"^https?://[^\s/]+", value):
                raise ValueError("expected an http(s):// URL such as http://localhost:8081")
        return value

    @field_validator("calls_api_url", mode="before")
    @classmethod
    def _calls_url(cls, value: Any) -> Any:
        if isinstance(value, str):
            value = value.strip()
            return normalize_host(value) if value else ""  # ValueError says what is expected
        return value

    @field_validator("log_level", mode="before")
    @classmethod
    def _log_level(cls, value: Any) -> Any:
        if isinstance(value, str):
            value = value.strip().upper()
            if value not in _LOG_LEVELS:
                raise ValueError(f"expected one of {', '.join(_LOG_LEVELS)}")
        return value

    @field_validator("default_region", mode="before")
    @classmethod
    def _region(cls, value: Any) -> Any:
        if isinstance(value, str):
            value = value.strip().upper()
            if not value:
                return None
            if not re.fullmatch(r"[A-Z]{2}", value):
                raise ValueError("expected a two-letter country code such as US or GB")
        return value

    @field_validator("bot_mode", mode="before")
    @classmethod
    def _mode(cls, value: Any) -> Any:
        return value.strip().lower() if isinstance(value, str) else value

    @model_validator(mode="after")
    def _webhook(self) -> Settings:
        if self.bot_mode != "webhook":
            return self
        parts = urlsplit(self.webhook_url.strip())
        # A local Bot API server (TELEGRAM_API_URL) also posts to plain http and to any port.
        local = self.telegram_api_url is not None
        if parts.scheme not in ({"https", "http"} if local else {"https"}) or not parts.hostname:
            raise ValueError("WEBHOOK_URL: expected the public https:// URL Telegram posts updates to")
        if not local and (parts.port or 443) not in {443, 80, 88, 8443}:
            raise ValueError("WEBHOOK_URL: Telegram posts only to ports 443, 80, 88 or 8443")
        if not _SECRET.match(self.webhook_secret.get_secret_value()):
            raise ValueError("WEBHOOK_SECRET: expected 16-256 characters of A-Z, a-z, 0-9, _ and -")
        path = self.webhook_path.strip() or parts.path or "/"
        if not path.startswith("/"):
            raise ValueError("WEBHOOK_PATH: expected a path starting with /")
        self.webhook_url = self.webhook_url.strip()
        self.webhook_path = path
        return self

    @field_validator("redis_url")
    @classmethod
    def _redis(cls, value: SecretStr) -> SecretStr:
        url = value.get_secret_value().strip()
        if url and not url.startswith(("redis://", "rediss://", "unix://")):
            raise ValueError("expected redis://host:6379/0, rediss://… or unix:///path/to/redis.sock")
        return SecretStr(url)

    @field_validator("http_port", mode="before")
    @classmethod
    def _port(cls, value: Any) -> Any:
        return None if isinstance(value, str) and not value.strip() else value

    @property
    def http_listen_port(self) -> int | None:
        """Where the HTTP server listens; None: no server (polling without HTTP_PORT)."""
        if self.http_port is None and self.bot_mode == "webhook":
            return DEFAULT_HTTP_PORT
        return self.http_port

    @property
    def database_path(self) -> Path:
        """The SQLite file (meaningless with PostgreSQL: see `uses_postgres`)."""
        return sqlite_path(self.database_url)

    @property
    def uses_postgres(self) -> bool:
        return is_postgres(self.database_url)

    @property
    def max_file_bytes(self) -> int:
        return self.max_file_mb * 1024 * 1024

    @property
    def log_level_number(self) -> int:
        return int(logging.getLevelName(self.log_level))


def load_settings(**overrides: Any) -> Settings:
    """Build Settings from the environment/.env; raise SettingsError with one clear line."""
    try:
        return Settings(**overrides)
    except ValidationError as exc:
        raise SettingsError(_one_line(exc)) from None


def _one_line(exc: ValidationError) -> str:
    problems = []
    for error in exc.errors():
        name = ".".join(str(p) for p in error["loc"]).upper() or "settings"
        if error["type"] == "missing":
            problems.append(f"{name} is not set (put it in the environment or in .env)")
        else:
            message = str(error["msg"]).removeprefix("Value error, ")
            problems.append(f"{name}: {message}" if error["loc"] else message)  # a rule of several
    return "configuration error: " + "; ".join(problems)

"""Settings, read from the environment and an optional ``.env`` file.

Every field is listed, with a comment, in ``.env.example``. :func:`load_settings` turns any
problem into one :class:`ConfigError` line that says what is wrong and how to fix it, and never
includes the token.
"""

from __future__ import annotations

import re
import zoneinfo
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

# A bot token as BotFather hands it out: the bot's numeric id, a colon, and 35 url-safe chars.
TOKEN_PATTERN = re.compile(r"^\d{3,15}:[A-Za-z0-9_-]{30,64}$")
DEFAULT_DATABASE_URL = "sqlite:///data/migraine-diary.db"
TELEGRAM_API_BASE_URL = "https://api.telegram.org/bot"
TELEGRAM_FILE_BASE_URL = "https://api.telegram.org/file/bot"


class ConfigError(Exception):
    """The configuration cannot be used; the message says what to fix (never the token)."""


class Settings(BaseSettings):
    """Everything the bot can be configured with."""

    model_config = SettingsConfigDict(
        env_file=".env",
        env_file_encoding="utf-8",
        extra="ignore",
        hide_input_in_errors=True,
    )

    telegram_bot_token: SecretStr | None = None
    database_url: str = DEFAULT_DATABASE_URL
    telegram_api_base_url: str = TELEGRAM_API_BASE_URL
    telegram_file_base_url: str = TELEGRAM_FILE_BASE_URL
    default_timezone: str = "UTC"
    allowed_user_ids: Annotated[frozenset[int], NoDecode] = frozenset()
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"] = "INFO"
    log_format: Literal["text", "json"] = "text"
    webhook_url: str | None = None
    webhook_secret_token: SecretStr | None = None
    webhook_listen: str = "0.0.0.0"
    webhook_port: int = Field(default=8443, ge=1, le=65535)
    webhook_path: str = "telegram"
    retention_days: int | None = Field(default=None, ge=1)
    outbox_rate_per_second: float = Field(default=25, gt=0)
    health_port: int | None = Field(default=None, ge=1, le=65535)
    health_listen: str = "127.0.0.1"
    backup_dir: Path = Path("backups")
    backup_keep_daily: int = Field(default=7, ge=1)
    backup_keep_weekly: int = Field(default=4, ge=0)
    database_unreachable_exit_seconds: float | None = Field(default=300, gt=0)

    @field_validator("allowed_user_ids", mode="before")
    @classmethod
    def _parse_user_ids(cls, value: object) -> object:
        if isinstance(value, str):
            parts = [p for p in re.split(r"[\s,;]+", value.strip()) if p]
            try:
                return frozenset(int(p) for p in parts)
            except ValueError:
                raise ValueError(
                    "ALLOWED_USER_IDS must be numeric Telegram user ids separated by commas"
                ) from None
        return value

    @field_validator("log_format", mode="before")
    @classmethod
    def _lowercase_log_format(cls, value: object) -> object:
        return value.strip().lower() if isinstance(value, str) else value

    @field_validator(
        "retention_days", "health_port", "database_unreachable_exit_seconds", mode="before"
    )
    @classmethod
    def _empty_retention_is_off(cls, value: object) -> object:
        if isinstance(value, str) and not value.strip():
            return None
        return value

    @field_validator("telegram_bot_token", "webhook_secret_token", mode="before")
    @classmethod
    def _empty_is_unset(cls, value: object) -> object:
        if isinstance(value, str) and not value.strip():
            return None
        return value

    @field_validator("webhook_url", mode="before")
    @classmethod
    def _empty_url_is_unset(cls, value: object) -> object:
        if isinstance(value, str) and not value.strip():
            return None
        return value

    @field_validator("default_timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        try:
            zoneinfo.ZoneInfo(value)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            raise ValueError(
                f"DEFAULT_TIMEZONE {value!r} is not an IANA timezone name (e.g. Europe/Berlin)"
            ) from None
        return value

    @field_validator("webhook_secret_token")
    @classmethod
    def _valid_secret(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not re.fullmatch(
            r"[A-Za-z0-9_-]{1,256}", value.get_secret_value()
        ):
            raise ValueError(
                "WEBHOOK_SECRET_TOKEN may only hold 1-256 characters A-Z, a-z, 0-9, _ and -"
            )
        return value

    @model_validator(mode="after")
    def _webhook_needs_https(self) -> Settings:
        if self.webhook_url is not None and not self.webhook_url.startswith("https://"):
            raise ValueError("WEBHOOK_URL must start with https:// (Telegram requires TLS)")
        return self

    def require_token(self) -> str:
        """Return the bot token, or raise :class:`ConfigError` if it is missing or malformed."""
        if self.telegram_bot_token is None:
            raise ConfigError(
                "TELEGRAM_BOT_TOKEN is not set. Get a token from @BotFather in Telegram and put "
                "it in .env (see .env.example), or try the bot offline with: migraine-bot chat"
            )
        token = self.telegram_bot_token.get_secret_value().strip()
        if not TOKEN_PATTERN.fullmatch(token):
            raise ConfigError(
                "TELEGRAM_BOT_TOKEN does not look like a bot token (expected digits, a colon, "
                "and about 35 letters, digits, - or _, as @BotFather gives it). Check .env."
            )
        return token


def setting_variables() -> frozenset[str]:
    """The environment variable of every setting, in upper case.

    Derived from :class:`Settings` itself so that none can be forgotten (the environment is read
    case-insensitively).
    """
    prefix = Settings.model_config.get("env_prefix") or ""
    return frozenset(f"{prefix}{name}".upper() for name in Settings.model_fields)


def without_settings(environment: Mapping[str, str]) -> dict[str, str]:
    """``environment`` without any variable that would configure the bot."""
    names = setting_variables()
    return {key: value for key, value in environment.items() if key.upper() not in names}


def load_settings(env_file: Path | str | None = ".env", **overrides: Any) -> Settings:
    """Read the settings, turning validation problems into one readable :class:`ConfigError`."""
    try:
        return Settings(_env_file=env_file, **overrides)
    except ValidationError as exc:
        problems = []
        for error in exc.errors(include_input=False, include_url=False):
            field = ".".join(str(part) for part in error["loc"]).upper()
            message = str(error["msg"]).removeprefix("Value error, ")
            problems.append(message if not field or field in message else f"{field}: {message}")
        raise ConfigError("; ".join(problems)) from None

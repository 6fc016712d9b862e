import re
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from bot.config import (
    DEFAULT_DATABASE_URL,
    TELEGRAM_API_BASE_URL,
    TELEGRAM_FILE_BASE_URL,
    ConfigError,
    Settings,
    load_settings,
)

VALID_TOKEN = "123456789:" + "AbCdEfGhIjKlMnOpQrStUvWxYz0123-_789"


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No .env in the working directory (the shell's settings are cleared by tests/conftest.py)."""
    monkeypatch.chdir(tmp_path)


def config_error(**overrides: object) -> str:
    with pytest.raises(ConfigError) as excinfo:
        load_settings(None, **overrides)
    return str(excinfo.value)


def test_the_token_pattern_fixture_is_35_characters_after_the_colon() -> None:
    assert len(VALID_TOKEN.split(":")[1]) == 35


def test_defaults() -> None:
    settings = load_settings(None)

    assert settings.telegram_bot_token is None
    assert settings.database_url == DEFAULT_DATABASE_URL
    assert settings.telegram_api_base_url == TELEGRAM_API_BASE_URL
    assert settings.telegram_file_base_url == TELEGRAM_FILE_BASE_URL
    assert settings.default_timezone == "UTC"
    assert settings.allowed_user_ids == frozenset()
    assert settings.log_level == "INFO"
    assert settings.webhook_url is None
    assert settings.webhook_secret_token is None
    assert settings.webhook_listen == "0.0.0.0"
    assert settings.webhook_port == 8443
    assert settings.webhook_path == "telegram"


def test_default_database_is_an_sqlite_file_under_data() -> None:
    url = make_url(load_settings(None).database_url)

    assert url.get_backend_name() == "sqlite"
    assert url.database is not None
    assert Path(url.database).parts[0] == "data"
    assert Path(url.database).suffix == ".db"


def test_settings_default_reads_dot_env_in_the_working_directory(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("DEFAULT_TIMEZONE=Asia/Tokyo\n", encoding="utf-8")

    assert Settings().default_timezone == "Asia/Tokyo"
    assert load_settings().default_timezone == "Asia/Tokyo"
    assert load_settings(None).default_timezone == "UTC"


def test_environment_variables_are_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", VALID_TOKEN)
    monkeypatch.setenv("DATABASE_URL", "sqlite:///elsewhere.db")
    monkeypatch.setenv("DEFAULT_TIMEZONE", "Europe/Berlin")
    monkeypatch.setenv("ALLOWED_USER_IDS", "5,6")
    monkeypatch.setenv("LOG_LEVEL", "DEBUG")
    monkeypatch.setenv("WEBHOOK_URL", "https://bot.example.org")
    monkeypatch.setenv("WEBHOOK_SECRET_TOKEN", "s3cret_-X")
    monkeypatch.setenv("WEBHOOK_PORT", "8080")

    settings = load_settings(None)

    assert settings.require_token() == VALID_TOKEN
    assert settings.database_url == "sqlite:///elsewhere.db"
    assert settings.default_timezone == "Europe/Berlin"
    assert settings.allowed_user_ids == frozenset({5, 6})
    assert settings.log_level == "DEBUG"
    assert settings.webhook_url == "https://bot.example.org"
    assert settings.webhook_secret_token is not None
    assert settings.webhook_secret_token.get_secret_value() == "s3cret_-X"
    assert settings.webhook_port == 8080


def test_env_file_is_read(tmp_path: Path) -> None:
    env_file = tmp_path / "bot.env"
    env_file.write_text(
        "# a comment\n"
        f"TELEGRAM_BOT_TOKEN={VALID_TOKEN}\n"
        "DEFAULT_TIMEZONE=America/New_York\n"
        "ALLOWED_USER_IDS=1, 2 3\n"
        "SOMETHING_ELSE=ignored\n",
        encoding="utf-8",
    )

    settings = load_settings(env_file)

    assert settings.require_token() == VALID_TOKEN
    assert settings.default_timezone == "America/New_York"
    assert settings.allowed_user_ids == frozenset({1, 2, 3})


def test_environment_overrides_env_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    env_file = tmp_path / "bot.env"
    env_file.write_text("DEFAULT_TIMEZONE=America/New_York\n", encoding="utf-8")
    monkeypatch.setenv("DEFAULT_TIMEZONE", "Europe/Lisbon")

    assert load_settings(str(env_file)).default_timezone == "Europe/Lisbon"


def test_empty_values_in_env_file_mean_unset(tmp_path: Path) -> None:
    env_file = tmp_path / "bot.env"
    env_file.write_text(
        "TELEGRAM_BOT_TOKEN=\nWEBHOOK_URL=\nWEBHOOK_SECRET_TOKEN=\nALLOWED_USER_IDS=\n",
        encoding="utf-8",
    )

    settings = load_settings(env_file)

    assert settings.telegram_bot_token is None
    assert settings.webhook_url is None
    assert settings.webhook_secret_token is None
    assert settings.allowed_user_ids == frozenset()


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1, 2 3", frozenset({1, 2, 3})),
        ("42", frozenset({42})),
        ("7;8,,9", frozenset({7, 8, 9})),
        ("1,1", frozenset({1})),
        ("", frozenset()),
        ("   ", frozenset()),
    ],
)
def test_allowed_user_ids_parsing(
    raw: str, expected: frozenset[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ALLOWED_USER_IDS", raw)

    assert load_settings(None).allowed_user_ids == expected


@pytest.mark.parametrize("raw", ["1,x", "1.5", "@ann"])
def test_allowed_user_ids_not_numeric(raw: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ALLOWED_USER_IDS", raw)

    with pytest.raises(ConfigError) as excinfo:
        load_settings(None)

    assert str(excinfo.value) == (
        "ALLOWED_USER_IDS must be numeric Telegram user ids separated by commas"
    )


@pytest.mark.parametrize("zone", ["Mars/Base", "", "Europe/Berlin ", "../../etc/passwd"])
def test_unknown_default_timezone_is_named(zone: str) -> None:
    assert config_error(default_timezone=zone) == (
        f"DEFAULT_TIMEZONE {zone!r} is not an IANA timezone name (e.g. Europe/Berlin)"
    )


def test_known_default_timezone_is_kept() -> None:
    assert load_settings(None, default_timezone="Australia/Lord_Howe").default_timezone == (
        "Australia/Lord_Howe"
    )


@pytest.mark.parametrize("url", ["http://bot.example.org", "bot.example.org", "ftp://x"])
def test_webhook_url_must_be_https(url: str) -> None:
    assert config_error(webhook_url=url) == (
        "WEBHOOK_URL must start with https:// (Telegram requires TLS)"
    )


def test_https_webhook_url_is_kept() -> None:
    assert load_settings(None, webhook_url="https://bot.example.org/").webhook_url == (
        "https://bot.example.org/"
    )


@pytest.mark.parametrize("secret", ["has space", "semi;colon", "ü", "x" * 257])
def test_bad_webhook_secret_token(secret: str) -> None:
    message = config_error(webhook_secret_token=secret)

    assert message == (
        "WEBHOOK_SECRET_TOKEN may only hold 1-256 characters A-Z, a-z, 0-9, _ and -"
    )
    assert secret not in message


@pytest.mark.parametrize("secret", ["a", "A-z_09", "x" * 256])
def test_good_webhook_secret_token(secret: str) -> None:
    token = load_settings(None, webhook_secret_token=secret).webhook_secret_token

    assert token is not None
    assert token.get_secret_value() == secret


def test_out_of_range_port_names_the_field() -> None:
    assert config_error(webhook_port=0) == (
        "WEBHOOK_PORT: Input should be greater than or equal to 1"
    )


def test_several_problems_are_reported_on_one_line() -> None:
    message = config_error(default_timezone="Mars/Base", webhook_port=70000)

    assert message == (
        "DEFAULT_TIMEZONE 'Mars/Base' is not an IANA timezone name (e.g. Europe/Berlin); "
        "WEBHOOK_PORT: Input should be less than or equal to 65535"
    )


def test_missing_token() -> None:
    settings = load_settings(None)

    with pytest.raises(ConfigError) as excinfo:
        settings.require_token()

    message = str(excinfo.value)
    assert message.startswith("TELEGRAM_BOT_TOKEN is not set.")
    assert "@BotFather" in message
    assert "migraine-bot chat" in message


def test_blank_token_counts_as_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "   ")

    with pytest.raises(ConfigError, match=r"^TELEGRAM_BOT_TOKEN is not set\."):
        load_settings(None).require_token()


@pytest.mark.parametrize(
    "token",
    [
        "123:secretvalue",
        "secretvaluewithoutanycolonatallxxxxxxxxxx",
        "abc:" + "A" * 35,
        "123456789:" + "A" * 34 + "!",
        "123456789:" + "A" * 29,
    ],
)
def test_malformed_token_is_refused_without_echoing_it(token: str) -> None:
    settings = load_settings(None, telegram_bot_token=token)

    with pytest.raises(ConfigError) as excinfo:
        settings.require_token()

    message = str(excinfo.value)
    assert message.startswith("TELEGRAM_BOT_TOKEN does not look like a bot token")
    assert token not in message
    assert token.rsplit(":", maxsplit=1)[-1] not in message


def test_valid_token_is_returned() -> None:
    assert load_settings(None, telegram_bot_token=VALID_TOKEN).require_token() == VALID_TOKEN


def test_valid_token_surrounded_by_spaces_is_returned_stripped(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", f" {VALID_TOKEN} ")

    assert load_settings(None).require_token() == VALID_TOKEN


def test_str_and_repr_never_show_secrets() -> None:
    settings = load_settings(
        None, telegram_bot_token=VALID_TOKEN, webhook_secret_token="webhook_secret_value"
    )

    for shown in (str(settings), repr(settings), settings.model_dump_json()):
        assert VALID_TOKEN not in shown
        assert VALID_TOKEN.split(":")[1] not in shown
        assert "webhook_secret_value" not in shown
    assert "**********" in repr(settings)


def test_configuration_errors_never_show_the_token() -> None:
    message = config_error(telegram_bot_token=VALID_TOKEN, default_timezone="Mars/Base")

    assert VALID_TOKEN not in message
    assert message == (
        "DEFAULT_TIMEZONE 'Mars/Base' is not an IANA timezone name (e.g. Europe/Berlin)"
    )


def test_env_example_documents_every_setting() -> None:
    example = (Path(__file__).resolve().parent.parent / ".env.example").read_text()
    documented = set(re.findall(r"^#?([A-Z][A-Z0-9_]+)=", example, re.MULTILINE))
    assert {name.upper() for name in Settings.model_fields} <= documented

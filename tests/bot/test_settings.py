import pytest

from bot.app import create_dispatcher
from bot.settings import Settings, SettingsError, load_settings
from storage.db import Database


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    for name in ("BOT_TOKEN", "ADMIN_IDS", "DATABASE_URL", "TELEGRAM_API_URL", "LOG_LEVEL", "DEFAULT_REGION"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)  # no .env from the developer's checkout


def test_defaults_and_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BOT_TOKEN", "123:abc-DEF_1")
    monkeypatch.setenv("ADMIN_IDS", " 1, 22 ,333")
    monkeypatch.setenv("TELEGRAM_API_URL", "http://127.0.0.1:8081/")
    monkeypatch.setenv("DEFAULT_REGION", "gb")
    settings = load_settings()
    assert settings.admin_ids == (1, 22, 333)
    assert settings.telegram_api_url == "http://127.0.0.1:8081"
    assert str(settings.database_path) == "data/clientlists.db"
    assert settings.default_region == "GB"
    assert settings.log_level == "INFO"
    assert "abc" not in repr(settings)


def test_single_admin_id_and_empty(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BOT_TOKEN", "1:x")
    monkeypatch.setenv("ADMIN_IDS", "42")
    assert load_settings().admin_ids == (42,)
    monkeypatch.setenv("ADMIN_IDS", "")
    assert load_settings().admin_ids == ()


def test_dotenv_is_read(tmp_path) -> None:
    (tmp_path / ".env").write_text("BOT_TOKEN=5:from_dotenv\nADMIN_IDS=7\nLOG_LEVEL=debug\n")
    settings = load_settings()
    assert settings.bot_token.get_secret_value() == "5:from_dotenv"
    assert settings.log_level == "DEBUG"


@pytest.mark.parametrize(
    ("env", "fragment"),
    [
        ({}, "BOT_TOKEN is not set"),
        ({"BOT_TOKEN": "nonsense"}, "BOT_TOKEN: expected a token"),
        ({"BOT_TOKEN": "1:x", "ADMIN_IDS": "1,bob"}, "ADMIN_IDS: 'bob'"),
        ({"BOT_TOKEN": "1:x", "DATABASE_URL": "mysql://x"}, "DATABASE_URL"),
        ({"BOT_TOKEN": "1:x", "DATABASE_URL": "postgresql://"}, "DATABASE_URL"),
        ({"BOT_TOKEN": "1:x", "LOG_LEVEL": "loud"}, "LOG_LEVEL"),
        ({"BOT_TOKEN": "1:x", "TELEGRAM_API_URL": "localhost"}, "TELEGRAM_API_URL"),
        ({"BOT_TOKEN": "1:x", "DEFAULT_REGION": "USA"}, "DEFAULT_REGION"),
    ],
)
def test_bad_settings_give_one_line(
    monkeypatch: pytest.MonkeyPatch, env: dict[str, str], fragment: str
) -> None:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(SettingsError) as info:
        load_settings()
    message = str(info.value)
    assert fragment in message
    assert "\n" not in message


def test_env_example_lists_every_setting() -> None:
    from pathlib import Path

    example = (Path(__file__).parents[2] / ".env.example").read_text()
    for name in Settings.model_fields:
        assert f"{name.upper()}=" in example


@pytest.mark.parametrize("command", [[], ["demo-data"]])
def test_a_database_that_cannot_be_opened_is_one_line_and_exit_code_2(
    monkeypatch: pytest.MonkeyPatch, tmp_path, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    from bot.cli import main

    (tmp_path / "dir.db").mkdir()  # a directory where the database file should be
    (tmp_path / "junk.db").write_bytes(b"not a database at all, " * 10)
    monkeypatch.setenv("BOT_TOKEN", "1:x")
    for path in ("dir.db", "junk.db", "junk.db/inside.db"):
        url = f"sqlite:///{tmp_path / path}"
        monkeypatch.setenv("DATABASE_URL", url)
        assert main(command) == 2
        err = capsys.readouterr().err.strip().splitlines()
        assert len(err) == 1
        assert err[0].startswith("configuration error: DATABASE_URL: cannot")


def test_flood_wait_seconds(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BOT_TOKEN", "1:x")
    monkeypatch.delenv("FLOOD_WAIT_SECONDS", raising=False)
    assert load_settings().flood_wait_seconds == 60.0
    monkeypatch.setenv("FLOOD_WAIT_SECONDS", "15")
    assert load_settings().flood_wait_seconds == 15.0
    monkeypatch.setenv("FLOOD_WAIT_SECONDS", "-1")
    with pytest.raises(SettingsError, match="FLOOD_WAIT_SECONDS"):
        load_settings()


def test_calls_api_url(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BOT_TOKEN", "1:x")
    monkeypatch.delenv("CALLS_API_URL", raising=False)
    assert load_settings().calls_api_url == ""
    monkeypatch.setenv("CALLS_API_URL", " https://app.tovie.ai/ ")
    assert load_settings().calls_api_url == "https://app.tovie.ai"
    for wrong in ("app.tovie.ai", "ftp://app.tovie.ai", "https://user:secret@app.tovie.ai", "https://h/?a=1"):
        monkeypatch.setenv("CALLS_API_URL", wrong)
        with pytest.raises(SettingsError, match="CALLS_API_URL"):
            load_settings()


def test_an_unreachable_postgresql_is_one_line_without_the_password(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from bot.cli import main

    monkeypatch.setenv("BOT_TOKEN", "1:x")
    monkeypatch.setenv("DATABASE_URL", "postgresql://bot:pw-s3cret@127.0.0.1:1/clientlists")
    assert load_settings().uses_postgres
    for command in ([], ["migrate"]):
        assert main(command) == 2
        err = capsys.readouterr().err.strip().splitlines()
        assert len(err) == 1, err
        assert err[0].startswith("configuration error: DATABASE_URL: cannot connect to PostgreSQL")
        assert "pw-s3cret" not in err[0]


async def test_calls_batch_size_and_in_flight_reach_the_push_runner(
    monkeypatch: pytest.MonkeyPatch, tmp_path
) -> None:
    monkeypatch.setenv("BOT_TOKEN", "1:x")
    monkeypatch.delenv("CALLS_IN_FLIGHT", raising=False)
    assert load_settings().calls_in_flight == 3
    for wrong in ("0", "9", "two"):
        monkeypatch.setenv("CALLS_IN_FLIGHT", wrong)
        with pytest.raises(SettingsError, match="CALLS_IN_FLIGHT"):
            load_settings()
    monkeypatch.setenv("CALLS_IN_FLIGHT", "5")
    monkeypatch.setenv("CALLS_BATCH_SIZE", "250")
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'bot.db'}")
    settings = load_settings()
    db = await Database.open(settings.database_path)
    try:
        config = create_dispatcher(settings, db)["push_runner"].config
        assert (config.in_flight, config.batch_size) == (5, 250)
    finally:
        await db.close()

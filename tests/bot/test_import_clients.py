"""`python -m bot import-clients` and `demo-data`: upsert semantics, rejected rows, progress and summary."""

from __future__ import annotations

import asyncio
import csv
import sqlite3
from pathlib import Path

import pytest

from bot.cli import main
from sheets.xlsx_writer import SheetSpec, write_xlsx

EN_HEADER = [
    "Channel type",
    "Channel ID",
    "Client ID",
    "Client name",
    "First message time",
    "Last message time",
    "Labels",
    "Dialogs",
]
RU_HEADER = [
    "Тип канала",
    "ID бота",
    "ID клиента",
    "Имя клиента",
    "Время первого сообщения",
    "Время последнего сообщения",
    "Метки",
    "Количество диалогов",
]


def report_rows(count: int, *, day: int) -> list[list[str]]:
    """`count` Telegram clients whose last message was on 2026-09-`day`."""
    return [
        [
            "TELEGRAM",
            "bot-1",
            str(500_000_000 + i),
            f"Client {i}",
            "2026-08-01 10:00:00",
            f"2026-09-{day:02d} 12:00:00",
            "VIP; new" if i % 2 else "",
            str(day),
        ]
        for i in range(count)
    ]


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    database = tmp_path / "bot.db"
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("BOT_TOKEN", "1:test")
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{database}")
    monkeypatch.delenv("ADMIN_IDS", raising=False)
    return database


def write_csv(path: Path, header: list[str], rows: list[list[str]], delimiter: str = ",") -> Path:
    with path.open("w", newline="", encoding="utf-8-sig") as fh:
        writer = csv.writer(fh, delimiter=delimiter)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def query(database: Path, sql: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(database) as conn:
        return conn.execute(sql).fetchall()


def run(*argv: str) -> int:
    # main() runs its own event loop; keep it off pytest-asyncio's loop.
    return main(list(argv))


def test_reimport_is_idempotent_and_newer_report_updates(
    env: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first = tmp_path / "report.xlsx"
    write_xlsx(first, [SheetSpec("Clients", EN_HEADER, report_rows(30, day=10))])
    assert run("import-clients", str(first), "--project", "Shop bot") == 0
    out = capsys.readouterr()
    assert "Imported: 30 (new 30, updated 0, unchanged 0)" in out.out
    assert "100%" in out.err  # the progress bar
    assert query(env, "SELECT count(*) FROM clients") == [(30,)]

    assert run("import-clients", str(first), "--project", "Shop bot") == 0
    assert "Imported: 30 (new 0, updated 0, unchanged 30)" in capsys.readouterr().out
    assert query(env, "SELECT count(*) FROM clients") == [(30,)]
    assert query(env, "SELECT count(*) FROM client_label_links") == [(30,)]  # 15 clients × 2 labels

    # A newer report (Russian headers, semicolons): 30 known clients updated, 10 new ones.
    newer = write_csv(tmp_path / "newer.csv", RU_HEADER, report_rows(40, day=20), delimiter=";")
    assert run("import-clients", str(newer), "--project", "Shop bot") == 0
    assert "Imported: 40 (new 10, updated 30, unchanged 0)" in capsys.readouterr().out
    assert query(env, "SELECT count(*), min(last_activity), max(dialogs) FROM clients") == [
        (40, 1789905600, 20)  # 2026-09-20 12:00 UTC
    ]
    # The older report again changes nothing: activity never moves backwards.
    assert run("import-clients", str(first), "--project", "Shop bot") == 0
    assert "unchanged 30" in capsys.readouterr().out
    assert query(env, "SELECT min(last_activity) FROM clients") == [(1789905600,)]


def test_malformed_rows_are_listed_and_not_imported(
    env: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = [
        ["Telegram", "", "123456789", "Good", "", "01.09.2026 10:00", "", "3"],  # row 2: ok
        ["Pager", "", "123456790", "Unknown channel", "", "2026-09-01", "", ""],  # row 3
        ["Telegram", "", "", "No id", "", "2026-09-01", "", ""],  # row 4
        ["Telegram", "", "123456791", "Bad date", "", "31.02.2026", "", ""],  # row 5
        ["Telegram", "", "12345abc", "Bad id", "", "2026-09-01", "", ""],  # row 6
        ["WhatsApp", "", "447400123456", "Bad dialogs", "", "2026-09-01", "", "many"],  # row 7
        ["chat widget", "", "visitor-1", "Widget", "", "2026-09-01T08:00:00Z", "a, b", "1"],  # row 8: ok
    ]
    report = write_csv(tmp_path / "report.csv", [*EN_HEADER, "Project"], [[*r, "Demo"] for r in rows])
    assert run("import-clients", str(report)) == 0
    out = capsys.readouterr().out
    assert "Rejected: 5" in out
    assert "row 3: Unknown channel type 'Pager'." in out
    assert "row 4: The client ID is empty." in out
    assert "row 5: The last message time '31.02.2026' is not a date" in out
    assert "row 6: Client ID '12345abc'" in out
    assert "row 7: The number of dialogs 'many' is not a whole number." in out
    stored = query(
        env,
        "SELECT p.name, c.channel, c.client_id FROM clients c JOIN client_projects p"
        " ON p.id = c.project_id ORDER BY c.id",
    )
    assert stored == [("Demo", "telegram", "123456789"), ("Demo", "chat_widget", "visitor-1")]


def test_unreadable_or_headerless_file_fails(
    env: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    headerless = write_csv(tmp_path / "x.csv", ["a", "b"], [["1", "2"]])
    assert run("import-clients", str(headerless)) == 1
    assert "No header row" in capsys.readouterr().err
    assert run("import-clients", str(tmp_path / "missing.xlsx")) == 1
    assert capsys.readouterr().err.strip()


def test_demo_data_is_idempotent(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run("demo-data") == 0
    first = capsys.readouterr().out
    assert "new 4,650" in first
    counts = query(env, "SELECT count(*), count(DISTINCT project_id), count(DISTINCT channel) FROM clients")
    assert counts == [(4650, 3, 7)]
    assert run("demo-data") == 0
    assert "unchanged 4,650" in capsys.readouterr().out
    assert query(env, "SELECT count(*) FROM clients") == [(4650,)]


def test_generated_demo_ids_are_valid() -> None:
    from bot.demo_data import generate
    from validators.channels import CHANNELS

    clients = list(generate(now=1_790_000_000))
    assert all(CHANNELS[c.channel].check(c.client_id).value == c.client_id for c in clients)
    assert all(1_790_000_000 - 120 * 86_400 <= c.last_activity <= 1_790_000_000 for c in clients)
    assert asyncio.iscoroutinefunction(main) is False


def test_migrate_brings_the_schema_up_to_date_and_says_so(
    env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`python -m bot migrate`: what a deploy runs before starting new instances."""
    from storage.db import MIGRATIONS_DIR

    latest = max(int(path.name[:4]) for path in MIGRATIONS_DIR.glob("*.sql"))
    assert run("migrate") == 0
    assert f"schema version {latest}" in capsys.readouterr().out
    assert query(env, "PRAGMA user_version") == [(latest,)]
    assert run("migrate") == 0  # again: nothing to do
    assert f"schema version {latest}" in capsys.readouterr().out

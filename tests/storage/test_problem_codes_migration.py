"""Migration 0010: failed rows stored as English sentences by the old code become codes and params,
so a pending import saved before the upgrade gets its report in the reader's language."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from services.wording import problem_text
from storage import import_problems
from storage.db import MIGRATIONS_DIR, Database, list_migrations
from storage.imports import ImportsRepo
from storage.lists import ListsRepo
from validators.phones import check_phone

# (channel, reason, the sentence the old code stored, the row's cells) → (detail, params)
OLD_ROWS: list[tuple[str, str, str, list[str], str, dict[str, Any]]] = [
    (
        "telephony",
        "invalid_for_country",
        "Not in the US numbering plan: no such number after +1.",
        ["12671234567", "Bob"],
        "plan_no_such_number",
        {"region": "US", "code": 1},
    ),
    (
        "telephony",
        "too_short",
        "Too short for the Russian numbering plan: 9 digits after +7.",
        ["7916123456"],
        "plan_too_short",
        {"region": "RU", "code": 7, "digits": 9},
    ),
    ("telephony", "empty", "The phone number is empty.", ["", "Ann"], "phone_empty", {}),
    (
        "telephony",
        "scientific_notation",
        "Excel shows this number in scientific notation (1.26712E+10), so its last digits are lost. "
        "Format the phone column as Text, re-enter or re-export the numbers and upload the file again.",
        ["1.26712E+10"],
        "phone_scientific",
        {"value": "1.26712E+10"},
    ),
    ("telephony", "duplicate", "duplicate of row 2", ["79161234567"], "duplicate", {"row": 2}),
    (
        "telephony",
        "bad_timezone",
        "Timezone '+15' is outside −12:00…+14:00.",
        ["79161234567", "+15"],
        "timezone_range",
        {"value": "+15"},
    ),
    (
        "telephony",
        "bad_timezone",
        'Unknown timezone "Mars\'s": use an offset such as +03:00, UTC+3 or a name like Europe/Moscow.',
        ["79161234567", "Mars's"],
        "timezone_unknown",
        {"value": "Mars's"},
    ),
    (
        "telephony",
        "bad_timezone",
        "Timezone '+3:75': minutes must be below 60.",
        ["79161234567", "+3:75"],
        "timezone_minutes",
        {"value": "+3:75"},
    ),
    (
        "telephony",
        "bad_priority",
        "Priority 'high' is not a whole number from 0 to 100.",
        ["79161234567", "high"],
        "priority",
        {"value": "high", "max": 100},
    ),
    (
        "telegram",
        "invalid_id",
        "Not a Telegram ID: a positive number up to 4503599627370496.",
        ["0"],
        "id_out_of_range",
        {"channel": "telegram", "max": 2**52},
    ),
    # a sentence nobody wrote, on a number valid today: the reason's label is what is left
    ("telephony", "too_short", "Something else.", ["79161234567"], "unknown", {}),
]


async def _old_database(tmp_path: Path) -> Path:
    """A database made by the code before 0010, holding what that code stored."""
    old_dir = tmp_path / "old_migrations"
    old_dir.mkdir()
    for path in sorted(MIGRATIONS_DIR.glob("*.sql")):
        if int(path.name[:4]) < 10:
            (old_dir / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    path = tmp_path / "old.db"
    old = await Database.open(path, migrations_dir=old_dir)
    async with old.transaction() as conn:
        for list_id, channel in ((1, "telephony"), (2, "telegram")):
            await conn.execute(
                "INSERT INTO lists (id, status, channel, columns, source, owner_id, staged_at)"
                " VALUES (?, 'staged', ?, '[]', '{}', 5, 'x')",
                (list_id, channel),
            )
        for position, (channel, reason, message, cells, _, _) in enumerate(OLD_ROWS):
            await conn.execute(
                "INSERT INTO import_problems (list_id, position, row_number, column_title, reason,"
                " message, suggestion, cells) VALUES (?, ?, ?, 'Phone', ?, ?, NULL, ?)",
                (
                    1 if channel == "telephony" else 2,
                    position,
                    position + 2,
                    reason,
                    message,
                    json.dumps(cells),
                ),
            )
    await old.close()
    return path


async def test_stored_sentences_become_codes_and_params(tmp_path: Path) -> None:
    db = await Database.open(await _old_database(tmp_path))
    try:
        async with db.reader.execute("PRAGMA user_version") as cur:
            assert (await cur.fetchone())[0] == len(list_migrations())  # type: ignore[index]
        async with db.reader.execute("SELECT name FROM pragma_table_info('import_problems')") as cur:
            columns = {row[0] for row in await cur.fetchall()}
        assert "message" not in columns
        assert {"detail", "params"} <= columns
        repo = ImportsRepo(db)
        stored = [*await repo.problems(1, 100), *await repo.problems(2, 100)]
        expected = [(detail, params) for *_, detail, params in OLD_ROWS]
        assert sorted(((p.detail, p.params) for p in stored), key=str) == sorted(expected, key=str)
        texts = {p.detail: problem_text("ru", p) for p in stored}
        assert texts["plan_no_such_number"].startswith(
            "Такого номера нет в плане нумерации страны Соединенные"
        )
        assert texts["priority"] == "Приоритет «high» — не целое число от 0 до 100."
        assert texts["unknown"] == "Слишком короткий"
        english = {p.detail: problem_text("en", p) for p in stored}
        assert english["timezone_range"] == OLD_ROWS[5][2]
        assert english["duplicate"] == "duplicate of row 2"
    finally:
        await db.close()


async def test_a_stage_written_after_the_upgrade_reads_back_its_codes(tmp_path: Path) -> None:
    db = await Database.open(await _old_database(tmp_path))
    try:
        async with db.transaction() as conn:
            await conn.execute(
                "INSERT INTO lists (id, status, channel, columns, source, owner_id, staged_at)"
                " VALUES (3, 'staged', 'telephony', '[]', '{}', 5, 'x')"
            )
        problem = check_phone("12345").problem(9, "Phone", ("12345",))
        await import_problems.store(db, 3, [problem], batch_rows=10)
        (found,) = await ImportsRepo(db).problems(3, 10)
        assert (found.reason, found.detail, found.params) == ("too_short", "phone_too_short", {"digits": 5})
        assert problem_text("en", found) == "Too short for a phone number with its country code: 5 digits."
        assert problem_text("ru", found).startswith("Слишком короткий номер: всего 5 цифр,")
    finally:
        await db.close()


async def test_columns_the_bot_named_get_labels_and_cached_files_their_language(tmp_path: Path) -> None:
    path = await _old_database(tmp_path)
    flow_b = [
        {"key": "client_id", "title": "Phone"},
        {"key": "name", "title": "Name"},
        {"key": "last_activity", "title": "Last activity (UTC)"},
        {"key": "labels", "title": "Labels"},
    ]
    headerless = [{"key": "client_id", "title": "Phone"}, {"key": "payload:Column 2", "title": "Column 2"}]
    titled = [{"key": "client_id", "title": "Phone"}, {"key": "payload:Note", "title": "Note"}]
    old = await Database.open(path, migrations_dir=tmp_path / "old_migrations")
    async with old.transaction() as conn:
        for list_id, kind, summary, columns in (
            (10, "clients", None, flow_b),
            (11, "file", '{"has_header": false}', headerless),
            (12, "file", '{"has_header": true}', titled),
        ):
            await conn.execute(
                "INSERT INTO lists (id, status, name, name_key, channel, columns, source, summary, owner_id,"
                " staged_at, export_file_id) VALUES (?, 'ready', ?, ?, 'telephony', ?, ?, ?, 5, 'x', 'doc')",
                (
                    list_id,
                    f"L{list_id}",
                    f"l{list_id}",
                    json.dumps(columns),
                    json.dumps({"kind": kind}),
                    summary,
                ),
            )
    await old.close()
    db = await Database.open(path)
    try:
        lists = ListsRepo(db)
        labels = {}
        for list_id in (10, 11, 12):
            item = await lists.get_ready(list_id)
            assert item is not None
            assert item.export_locale == "en"
            labels[list_id] = [(c.title, c.label) for c in item.columns]
        assert labels[10] == [
            ("Phone", "id"),
            ("Name", "name"),
            ("Last activity (UTC)", "last_activity"),
            ("Labels", "labels"),
        ]
        assert labels[11] == [("Phone", "id"), ("Column 2", "number")]
        assert labels[12] == [("Phone", ""), ("Note", "")]
    finally:
        await db.close()

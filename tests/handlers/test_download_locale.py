"""A list download titles the columns the bot named in the reader's language (flow B's columns, a
file's columns that had no title) and leaves the file's own titles as they were; a file cached for
one language is not sent to a reader of another."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from aiogram.methods import SendDocument, TelegramMethod
from python_calamine import CalamineWorkbook

from handlers.lists.download import ExportWords
from services.client_lists import list_columns
from services.export import ListExporter, build_xlsx
from storage.lists import ClientList, ListColumn, ListsRepo
from tests.handlers.conftest import ADMIN_ID, Harness
from validators.rows import validate_rows


async def _create(harness: Harness, name: str, channel: str, columns: list[ListColumn]) -> ClientList:
    lists: ListsRepo = harness.dp["lists"]
    return await lists.create_ready(
        name=name,
        channel=channel,
        columns=columns,
        rows=[["1" * (i + 1) for i in range(len(columns))]],
        source={"kind": "clients"},
        owner_id=ADMIN_ID,
    )


async def _header(harness: Harness, item: ClientList, path: Path, locale: str) -> list[Any]:
    await build_xlsx(harness.dp["lists"], item, path, locale)
    return list(CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()[0])


@pytest.mark.parametrize(
    ("locale", "expected"),
    [
        ("en", ["Telegram ID", "Name", "Last activity (UTC)", "Labels"]),
        ("ru", ["Telegram ID", "Имя", "Последняя активность (UTC)", "Метки"]),
    ],
)
async def test_flow_b_columns_are_titled_in_the_readers_language(
    harness: Harness, tmp_path: Path, locale: str, expected: list[str]
) -> None:
    item = await _create(harness, "From bots", "telegram", list_columns("telegram"))
    assert await _header(harness, item, tmp_path / "b.xlsx", locale) == expected
    assert [c.title for c in item.columns] == ["Telegram ID", "Name", "Last activity (UTC)", "Labels"]


async def test_a_files_own_titles_stay_and_untitled_columns_are_named(
    harness: Harness, tmp_path: Path
) -> None:
    headerless = validate_rows([["79161234567", "a", "b"]], "telephony")
    titled = validate_rows([["Phone", "", "Город"], ["79161234567", "a", "b"]], "telephony")
    for name, result, expected in (
        ("headerless", headerless, ["Телефон", "Столбец 2", "Столбец 3"]),
        ("titled", titled, ["Phone", "Столбец 2", "Город"]),
    ):
        columns = [ListColumn(c.key, c.title, c.label) for c in result.columns]
        item = await _create(harness, name, "telephony", columns)
        assert await _header(harness, item, tmp_path / f"{name}.xlsx", "ru") == expected
    english = await _header(harness, item, tmp_path / "en.xlsx", "en")
    assert english == ["Phone", "Column 2", "Город"]


async def test_a_cached_file_is_reused_only_in_its_language(harness: Harness) -> None:
    lists: ListsRepo = harness.dp["lists"]
    exporter: ListExporter = harness.dp["exporter"]
    labelled = await _create(harness, "Labelled", "telegram", list_columns("telegram"))
    plain = await _create(harness, "Plain", "telegram", [ListColumn("client_id", "ID"), ListColumn("x", "X")])
    for item in (labelled, plain):
        await lists.set_export_file_id(item.id, f"doc-{item.id}", "en")

    async def sent(item: ClientList, locale: str) -> list[Any]:
        harness.session.requests.clear()
        assert await exporter.send(harness.bot, ADMIN_ID, item.id, ADMIN_ID, ExportWords(), locale=locale)
        calls: list[TelegramMethod[Any]] = list(harness.session.requests)
        return [c.document for c in calls if isinstance(c, SendDocument)]

    assert await sent(labelled, "en") == [f"doc-{labelled.id}"]
    assert await sent(plain, "ru") == [f"doc-{plain.id}"]  # nothing in it depends on the language
    assert exporter.builds == 0
    built = await sent(labelled, "ru")
    assert exporter.builds == 1
    assert [type(d).__name__ for d in built] == ["FSInputFile"]

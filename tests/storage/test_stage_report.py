"""The failed-rows report of a stored stage, in the reader's language: sheets, titles, summary,
reasons and what is wrong all in Russian for a Russian reader, as before in English."""

from __future__ import annotations

import heapq
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook

from services.reports import stage_report
from storage.db import Database
from storage.imports import Draft, ImportsRepo
from storage.lists import ListColumn
from validators.rows import validate_rows

ROWS = [
    ["Телефон", "Имя"],
    ["12671234567", "Боб"],
    ["79161234567", "Анна"],
    ["79161234567", "Анна"],
    ["x", "Ева"],
]


async def _stage(db: Database) -> tuple[ImportsRepo, int]:
    result = validate_rows(ROWS, "telephony")
    repo = ImportsRepo(db)
    stage = await repo.stage(
        Draft(
            owner_id=5,
            channel="telephony",
            columns=[ListColumn(c.key, c.title) for c in result.columns],
            rows=list(result.valid_rows),
            row_numbers=result.valid_row_numbers,
            problems=list(heapq.merge(result.invalid, result.duplicates, key=lambda p: p.row_number)),
            summary={
                "file_name": "клиенты.csv",
                "format": "csv",
                "has_header": True,
                "rows_read": result.rows_read,
                "valid": result.valid_count,
                "invalid": result.invalid_count,
                "duplicates": result.duplicate_count,
                "by_reason": {str(r): n for r, n in result.invalid_by_reason.items()},
                "original_columns": [c.title for c in result.columns],
            },
            source={"kind": "file", "file_name": "клиенты.csv"},
            file_id=None,
            file_unique_id=None,
        )
    )
    return repo, stage.id


@pytest.mark.parametrize(
    ("locale", "sheets", "header", "reason", "what", "duplicate"),
    [
        (
            "en",
            ["Summary", "Failed rows"],
            ["Row", "Column", "Reason", "What is wrong", "Suggestion", "Телефон", "Имя"],
            "Not in the country's numbering plan",
            "Not in the United States numbering plan: no such number after +1.",
            "duplicate of row 3",
        ),
        (
            "ru",
            ["Сводка", "Ошибочные строки"],
            ["Строка", "Столбец", "Причина", "Что не так", "Предлагаемое исправление", "Телефон", "Имя"],
            "Нет в плане нумерации страны",
            "Такого номера нет в плане нумерации страны Соединенные Штаты: после +1 таких номеров не бывает.",
            "повтор строки 3",
        ),
    ],
)
async def test_the_report_is_in_the_readers_language(
    db: Database,
    tmp_path: Path,
    locale: str,
    sheets: list[str],
    header: list[str],
    reason: str,
    what: str,
    duplicate: str,
) -> None:
    repo, list_id = await _stage(db)
    stage = await repo.get_stage(5, list_id)
    assert stage is not None
    async with stage_report(repo, stage, "report.xlsx", locale=locale) as path:
        book = CalamineWorkbook.from_path(str(path))
    assert book.sheet_names == sheets
    failed = book.get_sheet_by_name(sheets[1]).to_python()
    assert failed[0] == header
    assert failed[1][:4] == ["2", "Телефон", reason, what]
    assert failed[2][3] == duplicate
    summary = {str(row[0]): row[1] for row in book.get_sheet_by_name(sheets[0]).to_python()[1:]}
    assert summary[{"en": "Rows read", "ru": "Прочитано строк"}[locale]] == "4"

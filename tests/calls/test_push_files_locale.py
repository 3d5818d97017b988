"""A campaign's per-number outcomes and a push's rejected numbers are titled in the reader's language;
the platform's own words (job status, call result, its reasons) are shown as it sent them."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import pytest
from python_calamine import CalamineWorkbook

from services.calls_types import CallJobReport, JobOutcome
from services.campaign_status import outcomes_report
from services.push_reports import rejected_report

REPORT = CallJobReport(
    job_id=1,
    phone="79161234567",
    job_status="finished",
    outcome=JobOutcome.DONE,
    call_result="longCallWithResult",
    started_at=datetime(2026, 9, 1, 14, 5, 7, tzinfo=UTC),
    finished_at=None,
    call_duration=42.0,
)


@pytest.mark.parametrize(
    ("locale", "sheet", "header", "row"),
    [
        (
            "en",
            "Outcomes",
            ["Phone", "Job status", "Outcome", "Call result", "Started", "Finished", "Seconds"],
            ["79161234567", "finished", "done", "longCallWithResult", "2026-09-01T14:05:07+00:00", "", "42"],
        ),
        (
            "ru",
            "Итоги звонков",
            ["Телефон", "Статус задания", "Итог", "Результат звонка", "Начало", "Окончание", "Секунды"],
            ["79161234567", "finished", "выполнено", "longCallWithResult", "01.09.2026 14:05", "", "42"],
        ),
    ],
)
async def test_outcomes_in_the_readers_language(
    locale: str, sheet: str, header: list[str], row: list[str]
) -> None:
    async with outcomes_report([REPORT], "o.xlsx", locale=locale) as path:
        book = CalamineWorkbook.from_path(str(path))
    assert book.sheet_names == [sheet]
    assert book.get_sheet_by_index(0).to_python() == [header, row]


class _Rejection:
    position, phone, reason = 4, "99912345678", "Invalid phone number"


class _Pushes:
    async def rejections(self, push_id: int) -> AsyncIterator[list[Any]]:
        yield [_Rejection()]


@pytest.mark.parametrize(
    ("locale", "sheet", "header"),
    [
        ("en", "Rejected numbers", ["Row", "Phone", "Reason"]),
        ("ru", "Отклонённые номера", ["Строка", "Телефон", "Причина"]),
    ],
)
async def test_rejected_numbers_in_the_readers_language(locale: str, sheet: str, header: list[str]) -> None:
    async with rejected_report(_Pushes(), 1, "r.xlsx", locale=locale) as path:  # type: ignore[arg-type]
        book = CalamineWorkbook.from_path(str(path))
    assert book.sheet_names == [sheet]
    assert book.get_sheet_by_index(0).to_python() == [header, ["5", "99912345678", "Invalid phone number"]]

"""Samples validate 100% through the real sandbox; the error report lists every failed row."""

from __future__ import annotations

import asyncio
import heapq
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook

from services.samples import sample_csv, sample_xlsx
from sheets.model import Progress
from sheets.report import ReportLabels, write_error_report
from sheets.samples import sample_columns
from sheets.sandbox import validate_file
from validators.channels import CHANNELS


@pytest.mark.parametrize("locale", ["en", "ru"])
@pytest.mark.parametrize("channel_id", list(CHANNELS))
async def test_samples_validate_completely(tmp_path: Path, channel_id: str, locale: str) -> None:
    """In every language: a sample sent back is read with its header, every row valid."""
    for name, data in (
        ("s.xlsx", sample_xlsx(channel_id, locale)),
        ("s.csv", sample_csv(channel_id, locale)),
    ):
        path = tmp_path / name
        path.write_bytes(data)
        validation = await validate_file(path, channel_id)
        result = validation.result
        assert result.has_header
        assert result.rows_read == len(CHANNELS[channel_id].examples)
        assert result.valid_count == result.rows_read, (name, result.invalid)
        known = [key for key in sample_columns(channel_id) if key != "order_number"]
        assert [c.key for c in result.columns if not c.key.startswith("payload:")] == known


FAILED_HEADER = ("Row", "Column", "Reason", "What is wrong", "Suggestion")


async def test_error_report_and_progress(tmp_path: Path) -> None:
    source = tmp_path / "calls.csv"
    source.write_text("Phone;Name\n12015550123;Ann\n12671234567;Bob\n12015550123;Ann\nabc;Eve\n", "utf-8")
    seen: list[Progress] = []

    async def on_progress(progress: Progress) -> None:
        seen.append(progress)

    validation = await validate_file(source, "telephony", on_progress=on_progress)
    result = validation.result
    assert (result.rows_read, result.valid_count, len(result.invalid), len(result.duplicates)) == (4, 1, 2, 1)
    report = tmp_path / "report.xlsx"
    labels = ReportLabels(
        summary_sheet="Summary",
        summary_header=("Item", "Value"),
        failed_sheet="Failed rows",
        failed_header=FAILED_HEADER,
        reason=str.upper,
        problem=lambda problem: f"{problem.detail}{dict(problem.params)}",
    )
    problems = heapq.merge(result.invalid, result.duplicates, key=lambda problem: problem.row_number)
    summary = [("File", "calls.csv"), ("Rows read", str(result.rows_read))]
    columns = [column.title for column in result.columns]
    write_error_report(report, labels=labels, summary=summary, original_columns=columns, failed=problems)
    book = CalamineWorkbook.from_path(str(report))
    assert book.sheet_names == ["Summary", "Failed rows"]
    shown = {str(row[0]): row[1] for row in book.get_sheet_by_name("Summary").to_python()[1:]}
    assert shown == {"File": "calls.csv", "Rows read": "4"}
    failed = book.get_sheet_by_name("Failed rows").to_python()
    assert tuple(failed[0][:5]) == FAILED_HEADER
    assert [row[0] for row in failed[1:]] == ["3", "4", "5"]
    assert failed[1][2] == str(result.invalid[0].reason).upper()  # the caller's label of the reason
    assert failed[1][3] == "plan_no_such_number{'region': 'US', 'code': 1}"  # the caller's words
    assert failed[2][5:7] == ["12015550123", "Ann"]


async def test_two_imports_at_once(tmp_path: Path) -> None:
    paths = []
    for i in range(2):
        path = tmp_path / f"{i}.csv"
        path.write_bytes(sample_csv("telephony", "en"))
        paths.append(path)
    results = await asyncio.gather(*(validate_file(path, "telephony") for path in paths))
    assert [r.result.valid_count for r in results] == [len(CHANNELS["telephony"].examples)] * 2


def labels() -> ReportLabels:
    return ReportLabels(
        summary_sheet="Summary",
        summary_header=("Item", "Value"),
        failed_sheet="Failed rows",
        failed_header=FAILED_HEADER,
        reason=str,
        problem=lambda problem: str(problem.detail),
    )


def test_error_report_lists_only_the_listed_failed_rows(tmp_path: Path) -> None:
    from validators.rows import validate_rows

    rows = [
        ["Phone", "Name"],
        *(["bad", str(n)] for n in range(10)),
        *(["12015550123", "Ann"] for _ in range(5)),
    ]
    result = validate_rows(rows, "telephony", max_listed=4)
    assert (result.invalid_count, result.duplicate_count, result.problems_unlisted) == (10, 4, 10)
    report = tmp_path / "report.xlsx"
    problems = heapq.merge(result.invalid, result.duplicates, key=lambda problem: problem.row_number)
    columns = [c.title for c in result.columns]
    write_error_report(report, labels=labels(), summary=[], original_columns=columns, failed=problems)
    book = CalamineWorkbook.from_path(str(report))
    assert len(book.get_sheet_by_name("Failed rows").to_python()) == 1 + 4


def test_error_report_of_a_file_as_wide_as_a_sheet_is_written(tmp_path: Path) -> None:
    from sheets.limits import MAX_COLUMNS
    from sheets.report import MAX_ORIGINAL_COLUMNS, hidden_columns
    from validators.rows import validate_rows

    header = ["Phone", *(f"c{i}" for i in range(1, MAX_COLUMNS))]
    result = validate_rows([header, ["bad", *("x" * (MAX_COLUMNS - 1))]], "telephony")
    report = tmp_path / "report.xlsx"
    columns = [c.title for c in result.columns]
    write_error_report(report, labels=labels(), summary=[], original_columns=columns, failed=result.invalid)
    book = CalamineWorkbook.from_path(str(report))
    failed = book.get_sheet_by_name("Failed rows").to_python()
    assert len(failed[0]) == len(failed[1]) == MAX_COLUMNS == len(FAILED_HEADER) + MAX_ORIGINAL_COLUMNS
    assert failed[1][5:7] == ["bad", "x"]
    assert hidden_columns(len(columns)) == len(FAILED_HEADER)


def test_a_russian_sample_reads_russian() -> None:
    lines = sample_csv("telephony", "ru").decode("utf-8-sig").splitlines()
    assert lines[0] == "Телефон,Имя,Фамилия,Город,Часовой пояс,Приоритет,Номер заказа"
    assert ",Анна,Смирнова,Москва," in lines[1]
    english = sample_csv("telegram", "en").decode("utf-8-sig").splitlines()
    assert english[0] == "Telegram ID,First name,Last name"

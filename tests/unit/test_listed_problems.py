"""Only the first MAX_LISTED_PROBLEMS failed rows travel with their cells; every count stays exact."""

from __future__ import annotations

import pickle

import pytest

from validators.result import MAX_LISTED_PROBLEMS, Reason, ValidationResult
from validators.rows import CHUNK_ROWS, validate_rows

HEADER = ["Phone", "Name"]


def _table(count: int) -> list[list[str]]:
    """Row r (from 2): valid, invalid (bad id), or a duplicate of row 2, in a repeating pattern."""
    rows = [HEADER]
    for n in range(count):
        kind = n % 3
        if kind == 0:
            rows.append([f"7916{n:07d}", "A"])
        elif kind == 1:
            rows.append([f"bad{n}", "B"] if n % 2 else ["", "B"])
        else:
            rows.append(["79160000000", "A"])
    return rows


def test_the_cap_is_a_hundred_thousand() -> None:
    assert MAX_LISTED_PROBLEMS == 100_000


@pytest.mark.parametrize("workers", [1, 2])
def test_first_problems_are_listed_and_the_rest_counted(workers: int) -> None:
    table = _table(6 * CHUNK_ROWS)
    full = validate_rows(table, "telephony")
    capped = validate_rows(table, "telephony", workers=workers, max_listed=1_000)

    listed = sorted([*capped.invalid, *capped.duplicates], key=lambda p: p.row_number)
    everything = sorted([*full.invalid, *full.duplicates], key=lambda p: p.row_number)
    assert listed == everything[:1_000]
    assert capped.invalid_count == full.invalid_count == len(full.invalid) > 1_000
    assert capped.duplicate_count == full.duplicate_count == len(full.duplicates) > 1_000
    assert capped.invalid_by_reason == full.invalid_by_reason
    assert capped.invalid_by_reason[Reason.EMPTY] + capped.invalid_by_reason[Reason.NOT_A_NUMBER] == (
        capped.invalid_count
    )
    assert capped.suggestions == full.suggestions
    assert capped.problems_truncated
    assert not full.problems_truncated
    assert capped.problems_unlisted == len(everything) - 1_000
    assert full.problems_unlisted == 0
    assert capped.valid_rows == full.valid_rows
    assert capped.rows_read == full.rows_read


def test_result_of_a_file_where_every_row_fails_stays_small() -> None:
    rows = [HEADER, *([f"bad{n}", "x" * 20] for n in range(3 * MAX_LISTED_PROBLEMS // 2))]
    result = validate_rows(rows, "telephony")
    assert len(result.invalid) == MAX_LISTED_PROBLEMS
    assert result.invalid_count == len(rows) - 1
    assert result.problems_unlisted == len(rows) - 1 - MAX_LISTED_PROBLEMS
    assert len(pickle.dumps(result)) < 12 * 1024 * 1024


def test_a_result_built_by_hand_counts_its_lists() -> None:
    result = ValidationResult("telephony", [], has_header=False)
    assert (result.invalid_count, result.duplicate_count, result.problems_unlisted) == (0, 0, 0)
    assert not result.problems_truncated

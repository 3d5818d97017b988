"""Forked validation must give exactly the single-process result, chunk boundaries included."""

from __future__ import annotations

from bench.datagen import generate_rows
from validators import rows as rows_module
from validators.rows import CHUNK_ROWS, validate_rows


def test_two_workers_give_the_same_result_as_one() -> None:
    table = generate_rows(6 * CHUNK_ROWS + 123, seed=7)
    assert rows_module._can_fork(), "the test process must be single-threaded for the forked path"
    done: list[int] = []

    single = validate_rows(table, "telephony")
    forked = validate_rows(table, "telephony", workers=2, progress=done.append)

    assert forked == single
    assert forked.valid_rows.packed == single.valid_rows.packed
    assert len(forked.duplicates) > 0
    assert len(forked.invalid) > 0
    assert done == sorted(done)
    assert done[-1] == len(table) - 1


def test_duplicates_across_the_workers_halves_are_found() -> None:
    header = ["Phone", "Name"]
    body = [[f"7916{n:07d}", "A"] for n in range(4 * CHUNK_ROWS)]
    table = [header, *body, body[0]]

    result = validate_rows(table, "telephony", workers=2)

    assert [p.params for p in result.duplicates] == [{"row": 2}]
    assert result.valid_count == 4 * CHUNK_ROWS


def test_repeats_inside_the_second_part_point_to_the_first_part() -> None:
    header = ["Phone", "Name"]
    body = [[f"7916{n:07d}", "A"] for n in range(4 * CHUNK_ROWS)]
    table = [header, *body, body[5], body[5], body[-1]]

    result = validate_rows(table, "telephony", workers=2)

    assert [p.params for p in result.duplicates] == [{"row": 7}, {"row": 7}, {"row": len(body) + 1}]
    assert result == validate_rows(table, "telephony")

"""services.push_preview: the confirmation's counts of where the numbers' gmtZone will come from, streamed
from a real temporary database in slices, the same as the push's own mapping."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from datetime import UTC, datetime
from pathlib import Path

import pytest

from services.push_preview import count_zone_sources
from services.push_types import ZoneCounts
from storage.db import Database
from storage.lists import ClientList, ListColumn, ListsRepo, RowBatch
from validators.call_rows import CallRowMapper, ZoneSource

WINTER = datetime(2025, 1, 15, 12, 0, tzinfo=UTC)
SUMMER = datetime(2025, 7, 15, 12, 0, tzinfo=UTC)
COLUMNS = [ListColumn("client_id", "Phone"), ListColumn("first_name", "Name"), ListColumn("gmt_zone", "TZ")]
NAVAJO = "19282831234"  # Denver and Phoenix: one offset in winter, two in summer
ROWS: list[tuple[str, ...]] = [
    ("442079460123", "Ann", "+03:00"),  # given, whatever the number
    ("79161234567", "Bob", "-05:00"),  # given for an ambiguous number
    ("442079460124", "Cy", ""),  # London: inferred
    ("12125550123", "Di", ""),  # New York: inferred
    ("79161234568", "Ed", ""),  # a Russian mobile: none
    ("18005550123", "Fay", ""),  # US toll-free: none
    ("999123", "Gus", ""),  # no such country: none
    (NAVAJO, "Hal", ""),  # inferred in winter, none in summer
]


class SpyLists(ListsRepo):
    """Records the size of every slice read: the count never holds more than one slice of rows."""

    def __init__(self, db: Database) -> None:
        super().__init__(db)
        self.slices: list[int] = []

    async def row_batches(self, list_id: int, size: int = 5_000) -> AsyncIterator[RowBatch]:
        async for batch in super().row_batches(list_id, size):
            self.slices.append(len(batch))
            yield batch


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    database = await Database.open(tmp_path / "preview.db")
    yield database
    await database.close()


async def make_list(db: Database, rows: Sequence[Sequence[str]], columns: list[ListColumn]) -> ClientList:
    return await ListsRepo(db).create_ready(
        name="Mixed", channel="telephony", columns=columns, rows=rows, source={"kind": "file"}, owner_id=1
    )


async def test_counts_say_where_each_zone_comes_from(db: Database) -> None:
    item = await make_list(db, ROWS, COLUMNS)
    assert await count_zone_sources(ListsRepo(db), item, at=WINTER) == ZoneCounts(given=2, inferred=3, none=3)
    assert await count_zone_sources(ListsRepo(db), item, at=SUMMER) == ZoneCounts(given=2, inferred=2, none=4)


async def test_counts_are_the_push_mappings_own(db: Database) -> None:
    rows: list[tuple[str, ...]] = [
        (f"4420794{i:05d}", "x", "+01:00" if i % 7 == 0 else "") for i in range(300)
    ]
    rows += [(f"7916{i:07d}", "y", "") for i in range(200)] + [("12125550123",)]  # a short row
    item = await make_list(db, rows, COLUMNS)
    mapper = CallRowMapper(COLUMNS, at=WINTER)
    expected = ZoneCounts.of(mapper(list(row)).zone for row in rows)
    assert min(expected.given, expected.inferred, expected.none) > 0
    assert await count_zone_sources(ListsRepo(db), item, at=WINTER) == expected


async def test_rows_are_streamed_in_slices_and_progress_is_told(db: Database) -> None:
    item = await make_list(db, ROWS * 5, COLUMNS)  # 40 rows
    lists = SpyLists(db)
    told: list[int] = []

    async def progress(done: int) -> None:
        told.append(done)

    counts = await count_zone_sources(lists, item, at=WINTER, slice_rows=16, on_progress=progress)
    assert counts == ZoneCounts(given=10, inferred=15, none=15)
    assert lists.slices == [16, 16, 8]
    assert told == [16, 32, 40]


async def test_a_list_without_a_timezone_column_has_none_given(db: Database) -> None:
    item = await make_list(db, [row[:2] for row in ROWS], COLUMNS[:2])
    counts = await count_zone_sources(ListsRepo(db), item, at=WINTER)
    assert counts == ZoneCounts(given=0, inferred=4, none=4)


def test_zone_source_is_the_mappings_zone() -> None:
    mapper = CallRowMapper(COLUMNS, at=SUMMER)
    for row in [*ROWS, ("442079460123",), ("",), ("79161234567", "x")]:
        assert mapper.zone_sources([row])[0] is mapper(row).zone
    assert set(mapper.zone_sources(ROWS)) == set(ZoneSource)

"""Sample files for each channel, built from the validators' catalog so they always pass validation.

Column titles come from the caller, in the reader's language (services.samples); the titles of every
locale are ones validators.headers recognises, so a sample sent back is read as it was written.
"""

from __future__ import annotations

import csv
import io
import tempfile
from collections.abc import Sequence
from itertools import cycle
from pathlib import Path

from sheets.xlsx_writer import SheetSpec, write_xlsx
from validators.channels import get_channel

People = Sequence[tuple[str, str, str]]  # first name, last name, city
NAMES: People = (("Anna", "Smith", "London"), ("Ivan", "Petrov", "Moscow"), ("Maria", "Garcia", "Madrid"))
_ZONES = ("+00:00", "+03:00", "+01:00")
# What each column of a sample holds (the caller names them): client_id is the channel's id column.
CALL_COLUMNS = ("client_id", "first_name", "last_name", "city", "gmt_zone", "priority", "order_number")
TEXT_COLUMNS = ("client_id", "first_name", "last_name")


def sample_columns(channel_id: str) -> tuple[str, ...]:
    return CALL_COLUMNS if get_channel(channel_id).is_call else TEXT_COLUMNS


def sample_rows(channel_id: str, people: People = NAMES) -> list[tuple[str, ...]]:
    """Rows of the sample for `channel_id`, aligned to `sample_columns` (KeyError for an unknown channel)."""
    channel = get_channel(channel_id)
    names = cycle(people)
    rows: list[tuple[str, ...]] = []
    for i, client_id in enumerate(channel.examples):
        first, last, city = next(names)
        if channel.is_call:
            rows.append((client_id, first, last, city, _ZONES[i % 3], str(i + 1), f"A-{1001 + i}"))
        else:
            rows.append((client_id, first, last))
    return rows


def sample_xlsx(channel_id: str, *, header: Sequence[str], sheet: str, people: People = NAMES) -> bytes:
    rows = sample_rows(channel_id, people)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "sample.xlsx"
        write_xlsx(path, [SheetSpec(sheet, header, rows, [max(14, len(t) + 4) for t in header])])
        return path.read_bytes()


def sample_csv(channel_id: str, *, header: Sequence[str], people: People = NAMES) -> bytes:
    """UTF-8 with BOM, so Excel opens the Cyrillic and accented names correctly on a double click."""
    rows = sample_rows(channel_id, people)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")

"""Sample files for each channel, built from the validators' catalog so they always pass validation."""

from __future__ import annotations

import csv
import io
import tempfile
from itertools import cycle
from pathlib import Path

from sheets.xlsx_writer import SheetSpec, write_xlsx
from validators.channels import get_channel

_NAMES = (("Anna", "Smith", "London"), ("Ivan", "Petrov", "Moscow"), ("Maria", "Garcia", "Madrid"))
_ZONES = ("+00:00", "+03:00", "+01:00")
CALL_HEADER = ("Phone", "First name", "Last name", "City", "GMT_ZONE", "Priority", "Order number")


def sample_rows(channel_id: str) -> tuple[tuple[str, ...], list[tuple[str, ...]]]:
    """Header and rows of the sample for `channel_id` (KeyError for an unknown channel)."""
    channel = get_channel(channel_id)
    names = cycle(_NAMES)
    rows: list[tuple[str, ...]] = []
    for i, client_id in enumerate(channel.examples):
        first, last, city = next(names)
        if channel.is_call:
            rows.append((client_id, first, last, city, _ZONES[i % 3], str(i + 1), f"A-{1001 + i}"))
        else:
            rows.append((client_id, first, last))
    header = CALL_HEADER if channel.is_call else (channel.id_title, "First name", "Last name")
    return header, rows


def sample_xlsx(channel_id: str) -> bytes:
    header, rows = sample_rows(channel_id)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "sample.xlsx"
        write_xlsx(path, [SheetSpec("Clients", header, rows, [max(14, len(t) + 4) for t in header])])
        return path.read_bytes()


def sample_csv(channel_id: str) -> bytes:
    """UTF-8 with BOM, so Excel opens the Cyrillic and accented names correctly on a double click."""
    header, rows = sample_rows(channel_id)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")

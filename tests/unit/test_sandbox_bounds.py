"""Everything the bot's process receives from the sandbox is bounded, whatever the file."""

from __future__ import annotations

import multiprocessing
import threading
import tracemalloc
from pathlib import Path

import pytest

from services.wording import sheet_error_text
from sheets import sandbox
from sheets.errors import SheetError, SheetErrorCode, SheetProblem
from sheets.limits import MAX_ROWS
from sheets.model import Progress, SandboxLimits
from sheets.sandbox import validate_file
from tests.fixtures import workbooks
from validators.result import MAX_LISTED_PROBLEMS

# Generous: a refusal that is not made while reading would run into it and come back as a timeout.
LIMITS = SandboxLimits(timeout_seconds=30)


async def _refused_while_reading(path: Path) -> SheetError:
    progress: list[Progress] = []

    async def on_progress(update: Progress) -> None:
        progress.append(update)

    with pytest.raises(SheetError) as info:
        await validate_file(path, "telephony", on_progress=on_progress, limits=LIMITS)
    assert not any(update.rows_done for update in progress), "refused only after validating rows"
    return info.value


async def test_xlsx_over_the_row_limit_is_refused_while_reading(tmp_path: Path) -> None:
    """The issue's file: deflates ~140:1 (under the guard's 150), rows without numbers."""
    error = await _refused_while_reading(workbooks.many_rows_xlsx(tmp_path / "rows.xlsx", MAX_ROWS + 1))
    assert error.code is SheetErrorCode.TOO_LARGE
    assert (error.problem, error.params) == (SheetProblem.TOO_MANY_ROWS, {"max": MAX_ROWS})


async def test_csv_over_the_row_limit_is_refused_while_reading(tmp_path: Path) -> None:
    path = tmp_path / "rows.csv"
    path.write_text("79161234567\n" * (MAX_ROWS + 1), encoding="utf-8")
    error = await _refused_while_reading(path)
    assert error.code is SheetErrorCode.TOO_LARGE
    assert (error.problem, error.params) == (SheetProblem.TOO_MANY_ROWS, {"max": MAX_ROWS})


async def test_bot_process_stays_bounded_when_every_row_fails(tmp_path: Path) -> None:
    """500,000 failed rows, half rejected, half duplicates: before the cap the bot's process allocated
    ~240 MB for 400,000 of them; now the first 100,000 come back listed (~60 MB), the rest counted."""
    rows = 500_000
    path = tmp_path / "failing.csv"
    body = "".join("79161234567,Ann,London\n" if n % 2 else ",Ann,London\n" for n in range(rows))
    path.write_text("Phone,Name,City\n" + body, encoding="utf-8")
    warm_up = tmp_path / "one.csv"
    warm_up.write_text("79161234567\n", encoding="utf-8")
    await validate_file(warm_up, "telephony", limits=LIMITS)  # the forkserver's start is not measured
    tracemalloc.start()
    try:
        validation = await validate_file(path, "telephony", limits=LIMITS)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    result = validation.result
    assert result.invalid_count == rows // 2
    assert result.duplicate_count == rows // 2 - 1
    assert len(result.invalid) + len(result.duplicates) == MAX_LISTED_PROBLEMS
    assert result.problems_unlisted == rows - 1 - MAX_LISTED_PROBLEMS
    assert peak < 96 * 2**20, f"the bot's process allocated {peak / 2**20:.0f} MB"


async def test_result_over_the_byte_limit_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "calls.csv"
    path.write_text("".join(f"7916{n:07d},Name {n}\n" for n in range(50_000)), encoding="utf-8")
    with pytest.raises(SheetError) as info:
        await validate_file(path, "telephony", limits=SandboxLimits(max_result_bytes=2**20))
    assert info.value.code is SheetErrorCode.TOO_LARGE
    assert (info.value.problem, info.value.params) == (SheetProblem.RESULT_TOO_LARGE, {"megabytes": 1})
    assert "more than 1 MB" in sheet_error_text("en", info.value)


def test_an_oversized_reply_is_not_read() -> None:
    receiver, sender = multiprocessing.Pipe(duplex=False)
    writer = threading.Thread(target=_send_quietly, args=(sender, b"x" * (4 * 2**20)))
    writer.start()
    try:
        assert sandbox._receive(receiver, 2**20) is sandbox._TOO_LARGE
    finally:
        receiver.close()
        writer.join()


def _send_quietly(sender: multiprocessing.connection.Connection, data: bytes) -> None:
    try:
        sender.send_bytes(data)
    except OSError:
        pass
    finally:
        sender.close()


async def test_a_child_stuck_at_its_memory_limit_is_stopped_as_too_large() -> None:
    """CPython 3.11 can loop forever when an allocation fails while it looks for an exception handler
    (seen reading a 300,000-row CSV under a 64 MB limit: 120 s at full CPU, then 'took too long').
    The bot must see the child sitting at its limit and answer 'too large' well before the timeout."""
    from tests.fixtures.starving import StarvingTask

    limits = SandboxLimits(memory_bytes=64 * 1024 * 1024, timeout_seconds=60)
    with pytest.raises(SheetError) as info:
        await sandbox._run(StarvingTask(), limits, None)  # type: ignore[arg-type]
    assert info.value.code is SheetErrorCode.TOO_LARGE

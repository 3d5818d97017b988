"""Hostile files through the real sandbox: each gets a clear SheetError within 5 s, this process lives."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest

from services.wording import sheet_error_text
from sheets import sandbox
from sheets.errors import SheetError, SheetErrorCode, SheetProblem
from sheets.model import GuardLimits, Progress, SandboxLimits
from sheets.read import read_table
from sheets.sandbox import read_table_async, validate_file
from tests.fixtures import workbooks

NO_GUARD = SandboxLimits(guard=GuardLimits(enabled=False), timeout_seconds=10)


def _plain_xlsx(path: Path) -> Path:
    book = openpyxl.Workbook()
    book.active.append(["Phone"])
    book.active.append(["79161234567"])
    book.save(path)
    return path


async def _refused(path: Path, limits: SandboxLimits = SandboxLimits()) -> SheetError:  # noqa: B008
    """Refused with a message (how fast: bench/hostile_files.py; timed asserts flake on a busy CI)."""
    with pytest.raises(SheetError) as info:
        await read_table_async(path, limits)
    assert sheet_error_text("en", info.value)
    assert sheet_error_text("ru", info.value)
    return info.value


async def test_zip_bomb(tmp_path: Path) -> None:
    error = await _refused(workbooks.zip_bomb(tmp_path / "bomb.xlsx"))
    assert error.code is SheetErrorCode.TOO_LARGE


async def test_total_uncompressed_size_limit(tmp_path: Path) -> None:
    limits = SandboxLimits(guard=GuardLimits(max_uncompressed_bytes=1000))
    error = await _refused(_plain_xlsx(tmp_path / "big.xlsx"), limits)
    assert error.code is SheetErrorCode.TOO_LARGE


async def test_entity_bomb(tmp_path: Path) -> None:
    error = await _refused(workbooks.entity_bomb(tmp_path / "lol.xlsx"))
    assert error.code is SheetErrorCode.UNREADABLE


async def test_entity_bomb_without_guard_still_ends_cleanly(tmp_path: Path) -> None:
    await _refused(workbooks.entity_bomb(tmp_path / "lol.xlsx"), NO_GUARD)


async def test_sparse_sheet_is_refused_by_the_dimension_check(tmp_path: Path) -> None:
    error = await _refused(workbooks.sparse_sheet(tmp_path / "sparse.xlsx"))
    assert error.code is SheetErrorCode.TOO_LARGE


@pytest.mark.parametrize("declare_dimension", [True, False])
async def test_sparse_sheet_without_guard_is_contained_by_the_sandbox(
    tmp_path: Path, declare_dimension: bool
) -> None:
    path = workbooks.sparse_sheet(tmp_path / "sparse.xlsx", declare_dimension=declare_dimension)
    error = await _refused(path, NO_GUARD)
    assert error.code in {SheetErrorCode.UNREADABLE, SheetErrorCode.TOO_LARGE}


async def test_truncated_xlsx(tmp_path: Path) -> None:
    whole = _plain_xlsx(tmp_path / "whole.xlsx").read_bytes()
    path = tmp_path / "cut.xlsx"
    path.write_bytes(whole[: len(whole) // 2])
    error = await _refused(path)
    assert error.code is SheetErrorCode.UNREADABLE


async def test_png_named_xlsx(tmp_path: Path) -> None:
    path = tmp_path / "photo.xlsx"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    error = await _refused(path)
    assert error.code is SheetErrorCode.UNSUPPORTED_FORMAT
    assert (error.problem, error.params) == (SheetProblem.NOT_A_SPREADSHEET, {"kind": "png"})
    assert "PNG image" in sheet_error_text("en", error)
    assert "изображение PNG" in sheet_error_text("ru", error)


async def test_encrypted_xlsx(tmp_path: Path) -> None:
    pytest.importorskip("msoffcrypto")
    path = workbooks.encrypted_xlsx(_plain_xlsx(tmp_path / "plain.xlsx"), tmp_path / "locked.xlsx")
    error = await _refused(path)
    assert error.code is SheetErrorCode.ENCRYPTED
    assert "Remove the password" in sheet_error_text("en", error)
    assert "Снимите пароль" in sheet_error_text("ru", error)


def _many_rows_csv(path: Path, count: int) -> Path:
    path.write_text("".join(f"{i},{i}a,{i}b\n" for i in range(count)), encoding="utf-8")
    return path


async def test_timeout_kills_the_child(tmp_path: Path) -> None:
    limits = SandboxLimits(timeout_seconds=0.01)
    with pytest.raises(SheetError) as info:
        await read_table_async(_many_rows_csv(tmp_path / "slow.csv", 300_000), limits)
    assert info.value.code is SheetErrorCode.TIMEOUT


async def test_memory_limit_turns_into_an_error(tmp_path: Path) -> None:
    limits = SandboxLimits(memory_bytes=64 * 1024 * 1024)
    error = await _refused(_many_rows_csv(tmp_path / "big.csv", 300_000), limits)
    assert error.code in {SheetErrorCode.UNREADABLE, SheetErrorCode.TOO_LARGE}


def test_guard_rejects_doctype_hidden_behind_padding(tmp_path: Path) -> None:
    path = workbooks.xlsx_from_sheet_xml(
        tmp_path / "pad.xlsx", "", prolog="<!--" + " " * 20_000 + '--><!DOCTYPE x [<!ENTITY a "b">]>'
    )
    with pytest.raises(SheetError):
        read_table(path)


def test_unknown_zip_is_not_a_spreadsheet(tmp_path: Path) -> None:
    path = tmp_path / "a.xlsx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("readme.txt", "hi")
    with pytest.raises(SheetError) as info:
        read_table(path)
    assert (info.value.problem, info.value.params) == (SheetProblem.NOT_A_SPREADSHEET, {"kind": "zip"})


async def test_this_process_still_works_after_hostile_files(tmp_path: Path) -> None:
    await _refused(workbooks.sparse_sheet(tmp_path / "sparse.xlsx"), NO_GUARD)
    table = await read_table_async(_plain_xlsx(tmp_path / "ok.xlsx"))
    assert table.rows == [["Phone"], ["79161234567"]]
    validation = await validate_file(tmp_path / "ok.xlsx", "telephony")
    assert validation.result.valid_count == 1


def _group_members(pgid: int) -> list[int]:
    """Live (non-zombie) processes of a process group, from /proc."""
    members = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid and fields[0] != "Z":
            members.append(int(stat.parent.name))
    return members


async def test_cancelling_a_check_also_kills_the_validator_workers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "calls.csv"
    # Formatted numbers take the slow path: the workers are still busy when the check is cancelled.
    rows = (
        f"+7 (916) {n // 10000:03d}-{n % 10000 // 100:02d}-{n % 100:02d},Name {n}\n" for n in range(400_000)
    )
    path.write_text("".join(rows), encoding="utf-8")
    survivors: list[list[int]] = []
    original = sandbox._kill_group

    def kill_and_look(pid: int | None) -> None:
        assert pid is not None
        original(pid)
        deadline = time.monotonic() + 0.5  # the workers have seconds of rows left: they must not finish
        while (members := _group_members(pid)) and time.monotonic() < deadline:
            time.sleep(0.02)
        survivors.append(members)

    monkeypatch.setattr(sandbox, "_kill_group", kill_and_look)
    validating = asyncio.Event()

    async def on_progress(progress: Progress) -> None:
        if progress.rows_done:
            validating.set()  # the workers are forked when validation starts

    task = asyncio.create_task(validate_file(path, "telephony", on_progress=on_progress))
    await asyncio.wait_for(validating.wait(), timeout=30)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task

    assert survivors == [[]]


_KILLED_BOT = """
import asyncio, sys
from pathlib import Path
from sheets.sandbox import validate_file

def children(pid):
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found

async def main():
    async def on_progress(progress):
        if progress.rows_done:
            sandbox_children = [c for server in children(__import__("os").getpid()) for c in children(server)]
            print(*sandbox_children, flush=True)
            await asyncio.sleep(60)
    await validate_file(Path(sys.argv[1]), "telephony", on_progress=on_progress)

asyncio.run(main())
"""


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_a_killed_bot_leaves_no_sandbox_child_validating(tmp_path: Path) -> None:
    path = tmp_path / "calls.csv"
    rows = (
        f"+7 (916) {n // 10000:03d}-{n % 10000 // 100:02d}-{n % 100:02d},Name {n}\n" for n in range(400_000)
    )
    path.write_text("".join(rows), encoding="utf-8")
    bot = subprocess.Popen(
        [sys.executable, "-c", _KILLED_BOT, str(path)], stdout=subprocess.PIPE, text=True, cwd=Path.cwd()
    )
    try:
        assert bot.stdout is not None
        sandbox_children = [int(pid) for pid in bot.stdout.readline().split()]
        assert sandbox_children, "the check should be running in a sandbox child"
    finally:
        bot.kill()
        bot.wait()
    deadline = time.monotonic() + 1  # the validation itself has seconds of rows left

    def survivors() -> list[int]:  # the sandbox children and the validator workers of their groups
        return [pid for child in sandbox_children for pid in {child, *_group_members(child)} if _alive(pid)]

    while survivors() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert survivors() == []

"""First download of a 400,000-row, 6-column list, then the re-send by file_id.

Run: `python -m bench.export_list`. Creates the list through ListsRepo.create_ready on a temporary
database, builds the XLSX exactly as the bot does (rows streamed from the reader into the writer
thread) while a ticker measures how late the event loop wakes up, uploads it to the fake Bot API
server, then re-sends it by file_id. Prints seconds, peak RSS and the worst event-loop lag.
"""

from __future__ import annotations

import asyncio
import gc
import random
import resource
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.types import FSInputFile

from services.export import build_xlsx, export_file_name
from storage.db import Database
from storage.lists import ListColumn, ListsRepo
from tests.fakebot import TOKEN, FakeTelegram

ROWS = 400_000
COLUMNS = (
    ListColumn("phone", "Phone"),
    ListColumn("first_name", "First name"),
    ListColumn("last_name", "Last name"),
    ListColumn("city", "City"),
    ListColumn("timezone", "GMT_ZONE"),
    ListColumn("priority", "Priority"),
)
FIRST_NAMES = ("Anna", "Boris", "Clara", "Dmitry", "Elena", "Фёдор", "Grace", "Hiro")
LAST_NAMES = ("Ivanova", "Johnson", "Kowalski", "Lee", "Müller", "Novak", "O'Brien", "Petrov")
CITIES = ("London", "Москва", "New York", "Berlin", "Tokyo", "São Paulo", "Lagos", "Delhi")


def _rss_mb() -> float:
    with Path("/proc/self/statm").open() as fh:
        return int(fh.read().split()[1]) * resource.getpagesize() / 2**20


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _rows() -> Iterator[list[str]]:
    rnd = random.Random(5)
    for i in range(ROWS):
        yield [
            f"4420{7946_0000 + i:08d}",
            rnd.choice(FIRST_NAMES),
            rnd.choice(LAST_NAMES),
            rnd.choice(CITIES),
            f"+{rnd.randint(0, 12):02d}:00",
            str(rnd.randint(1, 10)),
        ]


class LoopWatch:
    """How late a 10 ms sleep wakes up while the export runs: the event loop's responsiveness."""

    def __init__(self) -> None:
        self.worst = 0.0
        self.peak_rss = 0.0
        self._task: asyncio.Task[None] | None = None

    async def _tick(self) -> None:
        while True:
            started = time.perf_counter()
            await asyncio.sleep(0.01)
            self.worst = max(self.worst, time.perf_counter() - started - 0.01)
            self.peak_rss = max(self.peak_rss, _rss_mb())

    def __enter__(self) -> LoopWatch:
        self._task = asyncio.get_running_loop().create_task(self._tick())
        return self

    def __exit__(self, *exc: object) -> None:
        assert self._task is not None
        self._task.cancel()


async def main() -> None:
    with tempfile.TemporaryDirectory(prefix="bench-export-") as tmp:
        db = await Database.open(Path(tmp) / "bench.db")
        try:
            lists = ListsRepo(db)
            started = time.perf_counter()
            client_list = await lists.create_ready(
                name="Bench: 400k calls", channel="telephony", columns=COLUMNS, rows=_rows(),
                source={"kind": "file", "file_name": "bench.csv"}, owner_id=1,
            )  # fmt: skip
            created_s = time.perf_counter() - started
            print(f"create_ready      {ROWS:,} rows x {len(COLUMNS)} cols  {created_s:5.2f} s")
            print(f"RSS before export {_rss_mb():6.0f} MB (peak so far {_peak_mb():.0f} MB)")

            gc.freeze()  # as `python -m bot` does after start-up (bot/cli.py)
            path = Path(tmp) / export_file_name(client_list.name)
            with LoopWatch() as watch:
                started = time.perf_counter()
                written = (await build_xlsx(lists, client_list, path, "en")).rows
                build_s = time.perf_counter() - started
            size_mb = path.stat().st_size / 2**20
            print(
                f"first export      {written:,} rows → {size_mb:.1f} MB XLSX  {build_s:5.2f} s"
                f"  (target ≤ 6 s)  RSS during export ≤ {watch.peak_rss:.0f} MB"
                f"  worst event-loop lag {watch.worst * 1000:.0f} ms"
            )
            await _send_twice(path)
            print(f"peak RSS of the process {_peak_mb():.0f} MB  (target ≤ 400 MB)")
        finally:
            await db.close()


async def _send_twice(path: Path) -> None:
    async with FakeTelegram() as tg:
        user = tg.user(7, username="bench")
        await user.send_text("/start")  # the chat exists for the bot from now on
        session = AiohttpSession(api=TelegramAPIServer.from_base(tg.base_url))
        bot = Bot(TOKEN, session=session)
        try:
            started = time.perf_counter()
            first = await bot.send_document(user.id, FSInputFile(path, filename=path.name))
            upload_s = time.perf_counter() - started
            assert first.document is not None
            started = time.perf_counter()
            await bot.send_document(user.id, first.document.file_id)
            resend_s = time.perf_counter() - started
        finally:
            await session.close()
        assert tg.bot_messages(user.id)[-1].sent_by_file_id
    print(f"upload (fake API) {upload_s:5.2f} s   re-send by file_id {resend_s * 1000:.0f} ms (target ≤ 1 s)")


if __name__ == "__main__":
    asyncio.run(main())

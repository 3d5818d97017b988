"""The 20 MB CSV of the validation benchmark uploaded to the real bot process through the fake Bot API.

Run: `python -m bench.upload_e2e [--runs N] [--postgres URL]`. Prints, per run, seconds from the upload
to the summary message (target ≤ 3 s) and to the moment the rows are saved (Continue answers), and the
latency of another user's /start sent every 50 ms meanwhile (p50/p95/max; target p95 < 200 ms).
With --postgres, the bot runs on a new schema of that PostgreSQL database (dropped afterwards);
the target there is within 1.3x of SQLite's upload → summary.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import statistics
import tempfile
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from bench.datagen import generate_rows
from i18n import tr
from storage.pg import PgDatabase
from tests.e2e.conftest import ADMIN_ID, BotProcess
from tests.fakebot import FakeTelegram
from tests.pg import fresh_schema, url_with_search_path

OUT = Path(__file__).parent / "out"
CSV_PATH = OUT / "calls.csv"
STRANGER_ID = 5005


def ensure_csv() -> Path:
    """The same file bench.validate_file writes (generate_rows + csv.writer)."""
    if not CSV_PATH.exists():
        OUT.mkdir(exist_ok=True)
        with CSV_PATH.open("w", encoding="utf-8", newline="") as fh:
            csv.writer(fh).writerows(generate_rows())
    return CSV_PATH


async def _pinger(user: object, stop: asyncio.Event, latencies: list[float], every: float) -> None:
    while not stop.is_set():
        sent = await user.send_text("/start")  # type: ignore[attr-defined]
        reply = await user.next_message(timeout=30)  # type: ignore[attr-defined]
        latencies.append(reply.at - sent.at)
        await asyncio.sleep(every)


async def one_run(tg: FakeTelegram, path: Path, run: int, every: float) -> tuple[float, float, list[float]]:
    ada = tg.user(ADMIN_ID, username="ada", first_name="Ada")
    other = tg.user(STRANGER_ID + run, first_name="Sam")
    ada.skip_pending()
    await ada.send_text("/new")
    await ada.next_text("Choose the channel")
    await ada.callback_answer(await ada.press("📞 Telephony"))
    await ada.next_text("sent as a document")

    stop = asyncio.Event()
    latencies: list[float] = []
    pinger = asyncio.create_task(_pinger(other, stop, latencies, every))
    sent = await ada.upload_document(path, f"calls-{run}.csv")
    status = await ada.next_message(timeout=30)
    summary = await ada.wait_edit(status.message_id, lambda m: "Check of" in (m.text or ""), timeout=120)
    to_summary = (summary.edited_at or time.monotonic()) - sent.at
    query = await ada.press(tr("btn-add-valid"), message=summary)
    await ada.callback_answer(query, timeout=60)
    to_saved = time.monotonic() - sent.at
    await asyncio.sleep(0.5)
    stop.set()
    await pinger
    await ada.send_text("/cancel")
    await ada.next_text("cancelled", timeout=30)
    return to_summary, to_saved, latencies


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


@asynccontextmanager
async def database_url(postgres: str | None) -> AsyncIterator[str | None]:
    """None: the bot's default (SQLite in its work directory); else a new, migrated schema of `postgres`."""
    if not postgres:
        yield None
        return
    async with fresh_schema(postgres) as search_path:
        db = await PgDatabase.open(postgres, migrate=True, server_settings={"search_path": search_path})
        await db.close()
        yield url_with_search_path(search_path, postgres)


async def main(runs: int, every: float, postgres: str | None) -> None:
    path = ensure_csv()
    engine = "PostgreSQL" if postgres else "SQLite"
    print(f"file: {path} ({path.stat().st_size / 1e6:.1f} MB), database: {engine}")
    with tempfile.TemporaryDirectory(prefix="bench-upload-") as folder:
        async with FakeTelegram() as tg, database_url(postgres) as url:
            bot = BotProcess(tg, Path(folder))
            bot.extra_env["LOG_LEVEL"] = "INFO"
            if url:
                bot.extra_env["DATABASE_URL"] = url
            await bot.start()
            try:
                await asyncio.sleep(2.0)  # let start-up finish (forkserver warm-up, clean-up)
                for run in range(1, runs + 1):
                    to_summary, to_saved, lat = await one_run(tg, path, run, every)
                    ms = [x * 1000 for x in lat]
                    print(
                        f"run {run}: upload → summary {to_summary:.2f} s, → rows saved {to_saved:.2f} s; "
                        f"/start latency over {len(ms)} answers: p50 {statistics.median(ms):.0f} ms, "
                        f"p95 {_pct(ms, 0.95):.0f} ms, max {max(ms):.0f} ms"
                    )
            finally:
                await bot.stop()
                for line in bot.log().splitlines():
                    if "Checked" in line:
                        print("bot:", line.split(": ", 1)[-1])


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--every", type=float, default=0.05, help="seconds between /start pings")
    parser.add_argument("--postgres", metavar="URL", help="run the bot on a new schema of this database")
    args = parser.parse_args()
    asyncio.run(main(args.runs, args.every, args.postgres))

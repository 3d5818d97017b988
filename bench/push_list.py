"""A 400,000-number telephony list sent to the fake Calls API by the real bot process (flow D).

Run: `python -m bench.push_list [--rows N] [--shared-cores]`. Prints the push's duration from "✅ Send"
to the summary, numbers per second, the time the fake Calls API spent answering addPhones (measured
around its handler; requests in flight overlap, so it is the time at least one was being handled), what
the bot adds to that time (the push's duration over the fake's busy time; target ≤ 10 %), the CPU time
during the push of the bot (all its threads; what it costs whatever the load) and of this process (the
fakes: aiohttp's parsing of a request and writing of its answer happen outside the timed handler),
another user's /start latency meanwhile (p50/p95/max; target p95 < 200 ms), the bot's peak RSS (VmHWM;
target < 400 MB: rows are streamed from the database batch by batch, never the whole list) and how long
the confirmation's time-zone counts (services.push_preview) took, from the tap on the attempts to the
confirmation.

Cores: the fake Calls API stands in for the platform, which runs on its own machines. By default the
bot is pinned to the first core and this process (the fakes) to the second, so the bot's work cannot
slow the fake down, as it could not in production, and the bot has one core for all its threads.
`--shared-cores` leaves both free to use either core (the figures of earlier notes): the bot's CPU
then also lengthens the fake's time, and single runs vary more.

Then the floor: the bodies the bot sent, sent again to a fresh fake Calls API by a bare client in its
own process (bench.push_floor: aiohttp, the same requests in flight, nothing else; on the bot's core),
and how much longer the push took than that: what any client costs on top of the fake's own time.

The garbage collector of this process is off during the push: the fake Calls API keeps every job it
created, and its full collections over 400,000 of them stalled both fakes for 200-300 ms, which showed
as the fake's handling time and as the bot's /start latency.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from handlers.calls.callbacks import SendAction, SendCb
from services.push_types import PushConfig
from storage.campaigns import CampaignsRepo
from storage.db import Database
from storage.lists import ListColumn, ListsRepo
from tests.e2e.conftest import ADMIN_ID, BotProcess
from tests.fakebot import FakeTelegram
from tests.fakecalls import TOKEN, FakeCallsApi

STRANGER_ID = 5005
BOT_CORE, FAKE_CORE = 0, 1


def phones(count: int) -> list[str]:
    """Real-plan UK mobiles (07400 000000 onwards), all different."""
    return [f"447400{n:06d}" for n in range(count)]


async def prepare(bot: BotProcess, calls: FakeCallsApi, count: int) -> tuple[int, int]:
    db = await Database.open(bot.database)
    try:
        item = await ListsRepo(db).create_ready(
            name="Bench",
            channel="telephony",
            columns=[ListColumn("client_id", "Phone"), ListColumn("first_name", "First name")],
            rows=[(phone, "Ann") for phone in phones(count)],
            source={"kind": "file"},
            owner_id=ADMIN_ID,
        )
        campaign = await CampaignsRepo(db).add(
            name="Bench", host=calls.base_url, token=TOKEN, created_by=ADMIN_ID
        )
        return item.id, campaign.id
    finally:
        await db.close()


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def cpu_seconds(pid: int) -> float:
    """The process's CPU time so far, all its threads (user + system): what the bot spends, whatever
    the machine's load does to the wall clock."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def pin(pid: int, core: int) -> None:
    """Every thread of `pid` to one core; threads it starts later inherit it."""
    for thread in Path(f"/proc/{pid}/task").iterdir():
        os.sched_setaffinity(int(thread.name), {core})


def timed_fake(calls: FakeCallsApi) -> list[tuple[float, float]]:
    """Time the fake's handling of every addPhones request (its own parsing, checks and answer), as
    (start, end) intervals: with two requests in flight they overlap, so `busy` counts them once."""
    spent: list[tuple[float, float]] = []
    original = calls._handle

    async def timed(op: str, request: Any) -> Any:
        started = time.perf_counter()
        try:
            return await original(op, request)
        finally:
            if op == "addPhones":
                spent.append((started, time.perf_counter()))

    calls._handle = timed  # type: ignore[method-assign]
    return spent


def busy(intervals: list[tuple[float, float]]) -> float:
    """The time at least one interval was open (their union): overlapping handlers are one wait for the
    bot, not two. Summing them counted the time a handler waited for the other's CPU or for the bot's
    body twice, and so understated the bot's share."""
    total, end = 0.0, float("-inf")
    for start, stop in sorted(intervals):
        if stop > end:
            total += stop - max(start, end)
            end = stop
    return total


async def bare_client(calls: FakeCallsApi, tmp: Path, pinned: bool) -> tuple[float, float]:
    """The bodies the bot sent, sent again by bench.push_floor to a fresh fake Calls API (so that it
    starts as empty as the push's did): (its seconds, the fake's busy seconds meanwhile)."""
    bodies = tmp / "bodies.jsonl"
    with bodies.open("w", encoding="utf-8") as out:
        for request in calls.requests_of("addPhones"):
            out.write(json.dumps(request.body, ensure_ascii=False, separators=(",", ":")) + "\n")
    fresh = FakeCallsApi()
    spent = timed_fake(fresh)
    async with fresh:
        fresh.add_campaign(TOKEN, "Floor")
        url = f"{fresh.base_url}/api/calls/campaign/{TOKEN}/addPhones"
        gc.disable()
        try:
            client = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "bench.push_floor", url, str(bodies), str(PushConfig().in_flight),
                stdout=asyncio.subprocess.PIPE,
            )  # fmt: skip
            if pinned:
                pin(client.pid, BOT_CORE)
            answer, _ = await client.communicate()
        finally:
            gc.enable()
    if client.returncode != 0:
        raise SystemExit("bench.push_floor failed")
    return float(answer), busy(spent)


async def main(count: int, shared_cores: bool) -> None:
    pinned = not shared_cores and len(os.sched_getaffinity(0)) >= 2
    with tempfile.TemporaryDirectory(prefix="bench-push-") as tmp:
        calls = FakeCallsApi()
        spent = timed_fake(calls)
        async with FakeTelegram() as tg, calls:
            bot = BotProcess(tg, Path(tmp))
            bot.extra_env["LOG_LEVEL"] = "INFO"
            await bot.start()
            assert bot.process is not None
            if pinned:
                pin(bot.process.pid, BOT_CORE)
                pin(os.getpid(), FAKE_CORE)
            try:
                list_id, campaign_id = await prepare(bot, calls, count)
                ada = tg.user(ADMIN_ID, username="ada", first_name="Ada")
                sam = tg.user(STRANGER_ID, first_name="Sam")
                await ada.send_text("/lists")
                page = await ada.next_message()

                async def press(action: SendAction, value: int = 0) -> None:
                    data = SendCb(action=action, list_id=list_id, value=value).pack()
                    await ada.callback_answer(await ada.press_data(data, page))

                await press(SendAction.START)
                await ada.next_text("to which call campaign")
                await press(SendAction.CAMPAIGN, campaign_id)
                await press(SendAction.WINDOW, 0)
                counting = time.monotonic()
                await press(SendAction.ATTEMPTS, 1)
                await ada.wait_edit(page.message_id, lambda m: "From the list" in m.shown, timeout=60)
                counted = time.monotonic() - counting
                gc.disable()  # the fakes' pauses (400,000 recorded jobs) are not the bot's: see the docstring
                cpu, bench_cpu = cpu_seconds(bot.process.pid), time.process_time()
                started = time.monotonic()
                await press(SendAction.CONFIRM)
                progress = await ada.next_text("Sending «Bench»", timeout=30)
                latencies: list[float] = []
                while "numbers accepted" not in progress.shown:
                    sent = await sam.send_text("/start")
                    reply = await sam.next_message(timeout=30)
                    latencies.append(reply.at - sent.at)
                    await asyncio.sleep(0.05)
                took = time.monotonic() - started
                gc.enable()
                cpu, bench_cpu = cpu_seconds(bot.process.pid) - cpu, time.process_time() - bench_cpu
                rss = peak_rss_mb(bot.process.pid)
            finally:
                await bot.stop()
            pushed = list(spent)
            floor, floor_busy = await bare_client(calls, Path(tmp), pinned)
        ms = sorted(x * 1000 for x in latencies)
        added = sum(calls.added().values())
        cores = "the bot on one core, the fakes on the other" if pinned else "cores shared"
        print(f"pushed {added:,} of {count:,} numbers in {took:.2f} s: {count / took:,.0f}/s ({cores})")
        if pushed:
            fake, summed = busy(pushed), sum(stop - start for start, stop in pushed)
            print(
                f"the fake Calls API answering addPhones: {fake:.2f} s busy; the bot adds "
                f"{(took - fake) / fake * 100:.0f} % to it (target ≤ 10 %)"
            )
            print(f"(the handlers' times summed, overlaps counted twice: {summed:.2f} s)")
        print(
            f"the floor, the same bodies sent by a bare client (bench.push_floor): {floor:.2f} s, the fake "
            f"busy {floor_busy:.2f} s; the push took {(took - floor) / floor * 100:.0f} % longer"
        )
        print(
            f"CPU meanwhile: the bot {cpu:.2f} s ({cpu / count * 1e6:.1f} ms per 1,000 numbers); this "
            f"process {bench_cpu:.2f} s (the fake Calls API, its HTTP server's work outside the timed "
            "handler included, the fake Bot API, the /start loop)"
        )
        p95 = ms[int(len(ms) * 0.95) - 1] if ms else float("nan")
        print(
            f"/start latency over {len(ms)} answers meanwhile: p50 {statistics.median(ms):.0f} ms, "
            f"p95 {p95:.0f} ms, max {max(ms):.0f} ms (target p95 < 200 ms)"
        )
        print(f"peak RSS of the bot {rss:.0f} MB (target < 400 MB)")
        print(f"the confirmation's time-zone counts took {counted:.2f} s (from the tap to the message)")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=400_000)
    parser.add_argument("--shared-cores", action="store_true", help="do not pin the bot and the fakes")
    args = parser.parse_args()
    asyncio.run(main(args.rows, args.shared_cores))

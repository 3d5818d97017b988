"""A cheap command (/start) at a steady rate against the real bot process, by webhook or by polling.

Run: `python -m bench.webhook_load [--rate 200] [--seconds 20] [--users 50] [--mode webhook|polling]`.
The fake Bot API delivers each update as Telegram would (webhook: a POST per update, up to 40 at once;
polling: getUpdates). Each of `--users` users sends /start on its own schedule so that together they
send `--rate` updates a second, and waits for the answer. Prints the rate answered and the latency from
the update to the bot's answer (p50/p95/max). Issue 13's target: /start p95 < 100 ms at 200 updates/s
(across two instances once PostgreSQL and Redis carry the shared state; one instance here).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from tests.e2e.conftest import BotProcess
from tests.fakebot import FakeTelegram

FIRST_USER = 7_000_000


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


async def _user_loop(user: Any, period: float, offset: float, until: float, latencies: list[float]) -> None:
    await asyncio.sleep(offset)
    next_at = time.monotonic()
    while next_at < until:
        sent = await user.send_text("/start")
        reply = await user.next_message(timeout=30)
        latencies.append(reply.at - sent.at)
        next_at += period
        await asyncio.sleep(max(0.0, next_at - time.monotonic()))


async def main(mode: str, rate: float, seconds: float, users: int) -> None:
    with tempfile.TemporaryDirectory(prefix="bench-webhook-") as folder:
        async with FakeTelegram() as tg:
            bot = BotProcess(tg, Path(folder))
            bot.extra_env["LOG_LEVEL"] = "WARNING"
            if mode == "webhook":
                bot.use_webhook()
            await bot.start()
            try:
                people = [tg.user(FIRST_USER + n, first_name=f"U{n}") for n in range(users)]
                for person in people:  # first contact (the user is remembered): not measured
                    await person.send_text("/start")
                    await person.next_message(timeout=30)
                await asyncio.sleep(1.0)
                latencies: list[float] = []
                period = users / rate
                started = time.monotonic()
                until = started + seconds
                await asyncio.gather(
                    *(
                        _user_loop(p, period, n * period / users, until, latencies)
                        for n, p in enumerate(people)
                    )
                )
                elapsed = time.monotonic() - started
            finally:
                await bot.stop()
    ms = [x * 1000 for x in latencies]
    print(
        f"{mode}, 1 instance: {len(ms)} /start in {elapsed:.1f} s = {len(ms) / elapsed:.0f} answered/s "
        f"(asked {rate:.0f}/s from {users} users); latency p50 {statistics.median(ms):.0f} ms, "
        f"p95 {_pct(ms, 0.95):.0f} ms, max {max(ms):.0f} ms (target p95 < 100 ms)"
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--mode", choices=["webhook", "polling"], default="webhook")
    parser.add_argument("--rate", type=float, default=200.0, help="updates a second, all users together")
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--users", type=int, default=50)
    args = parser.parse_args()
    asyncio.run(main(args.mode, args.rate, args.seconds, args.users))

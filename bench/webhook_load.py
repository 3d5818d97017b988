"""A cheap command (/start) at a steady rate against the real bot process, by webhook or by polling.

Run: `python -m bench.webhook_load [--rate 200] [--seconds 20] [--users 50] [--mode webhook|polling]`
     `python -m bench.webhook_load --instances 2 --postgres URL --redis URL` (webhook, behind a balancer).
The fake Bot API delivers each update as Telegram would (webhook: a POST per update, up to 40 at once;
polling: getUpdates). Each of `--users` users sends /start on its own schedule so that together they
send `--rate` updates a second, and waits for the answer. Prints the rate answered and the latency from
the update to the bot's answer (p50/p95/max). Issue 13's target: /start p95 < 100 ms at 200 updates/s
across two instances. Two instances share a new schema of the PostgreSQL database (dropped afterwards)
and Redis, behind the round-robin balancer of the end-to-end tests (tests/e2e/balancer.py).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import tempfile
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from bench import upload_e2e
from tests.e2e.balancer import Balancer
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


@asynccontextmanager
async def instances(
    tg: FakeTelegram, folder: Path, mode: str, count: int, postgres: str | None, redis: str | None
) -> AsyncIterator[list[BotProcess]]:
    if count == 1:
        bot = BotProcess(tg, folder)
        bot.extra_env["LOG_LEVEL"] = "WARNING"
        if mode == "webhook":
            bot.use_webhook()
        await bot.start()
        try:
            yield [bot]
        finally:
            await bot.stop()
        return
    if not (postgres and redis and mode == "webhook"):
        raise SystemExit("several instances need --postgres, --redis and webhook mode")
    async with upload_e2e.database_url(postgres) as url, Balancer([]) as balancer:
        bots = []
        for n in range(count):
            (folder / str(n)).mkdir()
            bot = BotProcess(tg, folder / str(n))
            bot.use_webhook()
            balancer.backends.append(bot.webhook_url.rsplit("/tg/", 1)[0])
            bot.extra_env.update(
                LOG_LEVEL="WARNING",
                DATABASE_URL=str(url),
                REDIS_URL=redis,
                WEBHOOK_URL=balancer.url + "/tg/updates",
            )
            await bot.start()
            bots.append(bot)
        try:
            yield bots
        finally:
            for bot in bots:
                await bot.stop()
            print("requests per instance:", sorted(balancer.served.values()))


async def main(
    mode: str, rate: float, seconds: float, users: int, count: int, postgres: str | None, redis: str | None
) -> None:
    with tempfile.TemporaryDirectory(prefix="bench-webhook-") as folder:
        async with FakeTelegram() as tg, instances(tg, Path(folder), mode, count, postgres, redis):
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
                *(_user_loop(p, period, n * period / users, until, latencies) for n, p in enumerate(people))
            )
            elapsed = time.monotonic() - started
    ms = [x * 1000 for x in latencies]
    print(
        f"{mode}, {count} instance(s): {len(ms)} /start in {elapsed:.1f} s = {len(ms) / elapsed:.0f}"
        " answered/s "
        f"(asked {rate:.0f}/s from {users} users); latency p50 {statistics.median(ms):.0f} ms, "
        f"p95 {_pct(ms, 0.95):.0f} ms, max {max(ms):.0f} ms (target p95 < 100 ms)"
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--mode", choices=["webhook", "polling"], default="webhook")
    parser.add_argument("--rate", type=float, default=200.0, help="updates a second, all users together")
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--instances", type=int, default=1, help="2: webhook behind a balancer, PG + Redis")
    parser.add_argument("--postgres", metavar="URL", default=os.environ.get("TEST_POSTGRES_URL"))
    parser.add_argument("--redis", metavar="URL", default=os.environ.get("TEST_REDIS_URL"))
    args = parser.parse_args()
    asyncio.run(
        main(args.mode, args.rate, args.seconds, args.users, args.instances, args.postgres, args.redis)
    )

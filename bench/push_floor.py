"""The floor under bench.push_list: the same addPhones bodies, encoded beforehand, sent to the fake Calls
API by a bare client (aiohttp, as many requests in flight as a push, no database, no mapping, no bot).

Run by bench.push_list in its own process, as the bot is: `python -m bench.push_floor URL BODIES
IN_FLIGHT` (BODIES: one JSON array per line). Prints the seconds from the first request to the last
answer. What a push takes beyond this is the bot's own work; what this takes beyond the fake's busy time
is the cost of any HTTP client on the same two cores.
"""

from __future__ import annotations

import asyncio
import sys
import time
from pathlib import Path

import aiohttp


async def main(url: str, bodies: list[bytes], in_flight: int) -> None:
    queue = iter(enumerate(bodies))
    headers = {"Content-Type": "application/json", "Accept": "application/json"}
    async with aiohttp.ClientSession() as session:

        async def worker() -> None:
            for number, body in queue:
                key = {"Idempotence-Key": f"floor-{number}"}
                async with session.post(url, data=body, headers=headers | key) as response:
                    await response.read()
                    if response.status != 200:
                        raise SystemExit(f"batch {number}: HTTP {response.status}")

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(in_flight)))
        print(f"{time.perf_counter() - started:.3f}")


if __name__ == "__main__":
    lines = Path(sys.argv[2]).read_text(encoding="utf-8").splitlines()
    asyncio.run(main(sys.argv[1], [line.encode() for line in lines], int(sys.argv[3])))

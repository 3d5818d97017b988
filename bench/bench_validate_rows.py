"""Time validate_rows on the generated ~430k-row call list: `python -m bench.bench_validate_rows`.

Prints the per-number cost of the fast phone check against the library, then runs of validate_rows with
one and with two processes (workers=2 forks a second one after the table is in memory), each in a fresh
forked process (cold: it pays the lazy metadata compilation as a sandboxed reader child
would; the machine is shared, so take the best run), with that process's peak RSS.
"""

from __future__ import annotations

import csv
import io
import multiprocessing
import resource
import sys
import time
from multiprocessing.connection import Connection

from bench.datagen import generate_rows
from validators.phone_fast import is_valid_digits, library_is_valid_digits
from validators.rows import validate_rows

_SAMPLE = 50_000


def main() -> None:
    started = time.perf_counter()
    rows = generate_rows()
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    size_mb = len(buffer.getvalue().encode()) / 1e6
    print(
        f"generated {len(rows) - 1} rows ({size_mb:.1f} MB as CSV) in {time.perf_counter() - started:.1f} s"
    )
    _phone_costs([row[0] for row in rows[1 : _SAMPLE + 1] if row[0].isdigit()])
    context = multiprocessing.get_context("fork")
    for workers in (1, 2, 1, 2, 1, 2):
        # A fresh forked process per run (rows inherited, not pickled): cold caches and its own peak RSS.
        receiver, sender = context.Pipe(duplex=False)
        child = context.Process(target=_timed_run, args=(rows, workers, sender))
        child.start()
        seconds, summary, peak_mb = receiver.recv()
        child.join()
        print(
            f"validate_rows, workers={workers}: {seconds:.2f} s, {(len(rows) - 1) / seconds:,.0f} rows/s, "
            f"peak RSS {peak_mb:.0f} MB; {summary}"
        )
    print(f"peak RSS of this process (data + generator): {_peak_mb():.0f} MB")


def _phone_costs(numbers: list[str]) -> None:
    for check in (is_valid_digits, library_is_valid_digits):
        for number in numbers:  # warm: compiled patterns and the library's metadata loaded
            check(number)
        started = time.perf_counter()
        for number in numbers:
            check(number)
        per_number = (time.perf_counter() - started) / len(numbers) * 1e6
        print(f"{check.__name__}: {per_number:.2f} µs per number ({len(numbers)} numbers)")


def _timed_run(rows: list[list[str]], workers: int, sender: Connection) -> None:
    started = time.perf_counter()
    result = validate_rows(rows, "telephony", workers=workers)
    seconds = time.perf_counter() - started
    summary = (
        f"{result.valid_count} valid, {result.invalid_count} invalid, {result.duplicate_count} duplicates, "
        f"{result.normalized} normalized"
    )
    sender.send((seconds, summary, _peak_mb()))


def _peak_mb() -> float:
    # ru_maxrss is in KiB on Linux (bytes on macOS).
    scale = 1 if sys.platform == "darwin" else 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale / 2**20


if __name__ == "__main__":
    main()

"""What the bot counts for operators, in Prometheus' text format (`GET /metrics` in webhook mode).

One registry per process (prometheus_client's default one would also carry the collectors of
whatever else is imported). Gauges of running and queued checks are read from ImportJobs when
scraped, so they cannot drift from the truth.
"""

from __future__ import annotations

from collections.abc import Callable

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest

REGISTRY = CollectorRegistry(auto_describe=True)

UPDATES = Counter(
    "clientlists_updates",
    "Telegram updates handled, by type and outcome",
    ["type", "outcome"],
    registry=REGISTRY,
)
UPDATE_SECONDS = Histogram(
    "clientlists_update_seconds",
    "Time from an update's arrival to its handler's end",
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
    registry=REGISTRY,
)
HANDLER_ERRORS = Counter(
    "clientlists_handler_errors",
    "Handler failures that got the apology, by exception type",
    ["error"],
    registry=REGISTRY,
)
PARKED = Counter(
    "clientlists_updates_parked", "Updates parked because their handler ran long", registry=REGISTRY
)
CHECKS_RUNNING = Gauge("clientlists_checks_running", "File checks holding a slot", registry=REGISTRY)
CHECKS_QUEUED = Gauge("clientlists_checks_queued", "File checks waiting for a slot", registry=REGISTRY)
CHECK_SECONDS = Histogram(
    "clientlists_check_seconds",
    "File checks from taking a slot to the summary (download, read, validate)",
    buckets=(0.5, 1, 2.5, 5, 10, 20, 30, 60, 120, 300),
    registry=REGISTRY,
)
EXPORT_SECONDS = Histogram(
    "clientlists_export_seconds",
    "List downloads from the button to the file sent (built or sent again by its file id)",
    buckets=(0.25, 0.5, 1, 2.5, 5, 10, 20, 30, 60, 120),
    registry=REGISTRY,
)


def watch_checks(running: Callable[[], int], queued: Callable[[], int]) -> None:
    CHECKS_RUNNING.set_function(lambda: float(running()))
    CHECKS_QUEUED.set_function(lambda: float(queued()))


def exposition() -> bytes:
    return generate_latest(REGISTRY)

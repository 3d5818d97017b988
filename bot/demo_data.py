"""`python -m bot demo-data`: realistic fake clients so a new user can try flow B at once.

Deterministic (fixed seed; times anchored to today's midnight UTC) and idempotent: it goes through the
same upsert as the import, so running it again adds nothing.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from pathlib import Path

from storage.clients import ClientsRepo, UpsertStats
from storage.connect import open_database
from validators.channels import CHANNELS
from validators.client_report import ReportClient

SEED = 20260901
DAYS = 120
# project → (channel, clients)
PROJECTS: dict[str, tuple[tuple[str, int], ...]] = {
    "Pizza Express bot": (("telegram", 900), ("whatsapp", 500), ("chat_widget", 400)),
    "Bank support": (("telegram", 700), ("telephony", 500), ("viber", 300), ("vk", 200)),
    "Clinic booking": (("whatsapp", 400), ("telephony", 600), ("instagram", 150)),
}
LABELS: dict[str, tuple[str, ...]] = {
    "Pizza Express bot": ("VIP", "new", "returning", "complaint", "promo 2+1"),
    "Bank support": ("VIP", "card blocked", "loan", "mortgage", "complaint"),
    "Clinic booking": ("new", "dentist", "therapist", "follow-up", "no-show"),
}
NAMES: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = (
    (
        ("Anna", "Maria", "Hannah", "Emma", "Sofia", "Alice", "Joanna", "John", "Michael", "David", "Daniel"),
        ("Smith", "Johnson", "Brown", "Miller", "Davis", "Novak", "Wilson", "Taylor", "Anderson"),
    ),
    (
        ("Анна", "Мария", "Ольга", "Елена", "Дарья", "Иван", "Дмитрий", "Сергей", "Павел", "Алексей"),
        ("Иванов", "Петров", "Смирнов", "Кузнецов", "Попов", "Соколов", "Новиков", "Морозов"),
    ),
)
PHONE_PREFIXES = ("1201", "1212", "1305", "1415", "1646", "1718", "44740", "44770", "7916", "7925", "7903")


def anchor() -> int:
    today = dt.datetime.now(dt.UTC).date()
    return int(dt.datetime.combine(today, dt.time(), dt.UTC).timestamp())


def _client_id(rng: random.Random, channel: str) -> str:
    """A valid id for the channel (checked against the catalog, so the lists it makes are valid)."""
    check = CHANNELS[channel].check
    while True:
        if channel in ("telephony", "whatsapp"):
            prefix = rng.choice(PHONE_PREFIXES)
            length = 11 if prefix[0] in "17" else 12
            raw = prefix + "".join(rng.choice("0123456789") for _ in range(length - len(prefix)))
        elif channel == "viber":
            raw = "".join(
                rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
                for _ in range(22)
            )
            raw += "=="
        elif channel == "chat_widget":
            raw = f"visitor-{rng.getrandbits(48):012x}"
        elif channel in ("facebook", "instagram"):
            raw = str(rng.randrange(10**15, 10**17))
        else:  # telegram, vk
            raw = str(rng.randrange(10**8, 7 * 10**9))
        verdict = check(raw)
        if verdict.value is not None:
            return verdict.value


def _name(rng: random.Random) -> str:
    if rng.random() < 0.08:
        return ""  # some clients never told their name
    first_names, last_names = rng.choice(NAMES)
    first, last = rng.choice(first_names), rng.choice(last_names)
    if first_names[0] == "Анна" and first.endswith(("а", "я")):
        last += "а"  # Russian surnames agree with the first name: Петров → Петрова
    return f"{first} {last}"


def generate(now: int | None = None) -> Iterator[ReportClient]:
    """Every demo client, always in the same order with the same values for the same day."""
    rng = random.Random(SEED)
    end = anchor() if now is None else now
    for project, channels in PROJECTS.items():
        for channel, size in channels:
            for _ in range(size):
                # Skewed to recent activity, like real traffic.
                age = int(min(rng.expovariate(1 / 35), DAYS - 1) * 86_400) + rng.randrange(86_400)
                last = end - age
                first = max(last - rng.randrange(0, 60 * 86_400), end - (DAYS + 30) * 86_400)
                labels = tuple(rng.sample(LABELS[project], k=rng.choice((0, 0, 1, 1, 2))))
                yield ReportClient(
                    project=project,
                    channel=channel,
                    client_id=_client_id(rng, channel),
                    name=_name(rng),
                    bot_id=f"{channel}-demo",
                    first_activity=first,
                    last_activity=last,
                    dialogs=rng.randint(1, 25),
                    labels=labels,
                )


async def fill(repo: ClientsRepo, now: int | None = None) -> UpsertStats:
    stats = UpsertStats()
    batch: list[ReportClient] = []
    for client in generate(now):
        batch.append(client)
        if len(batch) >= 2_000:
            stats.add(await repo.upsert(batch))
            batch = []
    if batch:
        stats.add(await repo.upsert(batch))
    return stats


async def run_demo_data(database: str | Path) -> str:
    db = await open_database(str(database))
    try:
        repo = ClientsRepo(db)
        stats = await fill(repo)
        projects = await repo.projects()
        total = await repo.total()
    finally:
        await db.close()
    lines = [f"Demo clients: new {stats.added:,}, updated {stats.updated:,}, unchanged {stats.unchanged:,}."]
    lines += [f"  {p.name}: {p.clients:,} clients" for p in projects]
    lines.append(f"Clients in the database: {total:,}. Try /clients in the bot.")
    return "\n".join(lines)

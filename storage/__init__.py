"""Persistence: SQLite schema and migrations, repositories and the FSM storage.

Flow D (call campaigns, migration 0008): `campaigns.CampaignsRepo` (connected campaigns; the API token
comes out only through `token_of`), `pushes.PushesRepo` (a list pushed to a campaign in batches with
fixed idempotence keys, each batch sent and confirmed in its own transaction; `push_models` holds its
dataclasses).
"""

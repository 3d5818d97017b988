"""Persistence: SQLite schema and migrations, repositories and the FSM storage."""

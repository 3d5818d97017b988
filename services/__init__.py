"""Application layer between Telegram and the core: the import pipeline, list export, client lists.

Owns background work, concurrency limits, progress and resumption. Speaks to handlers through small
protocols (what to show is decided by the caller), never renders text itself; `aiogram.Bot` appears
only where a file must be downloaded or sent.
"""

"""Flow A: a list from a file — channel → format help → upload → summary → consent → name → created."""

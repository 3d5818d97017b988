"""Spreadsheet I/O: detect, decode and read CSV/XLS/XLSX safely (in a sandboxed child), write XLSX."""

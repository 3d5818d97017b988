"""Pure rules: phone numbers, channel ids, timezone, priority, headers, rows, duplicates → codes."""

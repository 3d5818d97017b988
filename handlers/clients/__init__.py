"""Flow B: a list from the clients the company's bots talked to (/clients)."""

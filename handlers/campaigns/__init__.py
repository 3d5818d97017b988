"""Flow D's `/campaigns` for admins: list the connected call campaigns, add one (name, host, token checked
against the Calls API before saving), remove one with confirmation."""

"""What every user meets: start, help, cancel, access requests, admin commands, errors, fallback."""

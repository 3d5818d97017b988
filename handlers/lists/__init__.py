"""Flow C: the lists page, a list's card, download, delete; and /audit, the trail of list events."""

"""Flow D: a telephony list's card → Send to call campaign → campaign → call window → attempts →
confirmation → the push runs in the background with one progress message."""

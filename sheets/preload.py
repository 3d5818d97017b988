"""Imported once by the sandbox's forkserver: everything every child needs, paid before the first file.

Each child forks from the server and inherits calamine, the validators and the compiled phone metadata.
Only the forkserver imports this module; the bot process never pays for it.
"""

from __future__ import annotations

import python_calamine  # noqa: F401 - preloaded for the children

import sheets.job  # noqa: F401 - preloaded for the children
from validators.phone_fast import warm_up

warm_up()

"""Background work of the learning app: the tally rollup, every 10 seconds."""

from __future__ import annotations

import datetime as dt
from typing import Any

from lantoa.learning.rollup import tallies_rollup
from lantoa.worker.periodic import periodic


@periodic("learning.tallies_rollup", every=dt.timedelta(seconds=10))
def rollup() -> dict[str, Any]:
    result = tallies_rollup()
    return {"folded": result.folded, "batches": result.batches}

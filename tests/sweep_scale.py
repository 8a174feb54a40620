"""How many examples a Hypothesis sweep runs: its CI count, times KG_SWEEP_SCALE (1 unless set), so that a
longer run outside CI (KG_SWEEP_SCALE=20) needs no edit of the tests."""

from __future__ import annotations

import os


def examples(ci_count: int) -> int:
    """`ci_count` in CI; that many times KG_SWEEP_SCALE where it is set."""
    return ci_count * int(os.environ.get("KG_SWEEP_SCALE", "1"))

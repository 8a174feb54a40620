"""`kg extract` on the longest text it takes (150,000 characters), for checkouts side by side: each is timed
on the same generated text, alternately, ROUNDS times; prints the median of each and their ratio
(bench/README.md, "Extraction of a long text").

    python bench/extract_long.py OLD_CHECKOUT NEW_CHECKOUT [ROUNDS]
"""

from __future__ import annotations

import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from measure import side_by_side

SENTENCES = ["Every week, Border Force launches bring about 400 people to Dover.",
             "A fall of more than 9 per cent was recorded, said Mr Mahmood.", "« It is theatre », she said.",
             "Anaïs Lefebvre runs a day centre near the station.",
             "Several hundred people crossed, and a few dozen of them were children.",
             "Returns have averaged 38 a week since August 6,", "- 987 admitted",
             "Each night, between 30 and 40 men sleep under the bridge,", "hundreds, not thousands, of people",
             "\"We come back three, four times,\" he says.", "Karim, 31, said the boats were full."]


def long_text(count: int = 3_200) -> str:
    """A news text of `count` sentences drawn (seed 1) from constructions the rules read, in one paragraph."""
    draw = random.Random(1)
    body = " ".join(draw.choice(SENTENCES) for _ in range(count))
    return f"Headline: crossings\n\n{body}\n\nUpdate: the flight carried 42 people, not 48, rather than 38.\n"


def seconds(checkout: str, article: Path, out: Path) -> float:
    """One run of `checkout`'s kg (from a folder of its own: `python -m` puts the working directory first on
    the path, and a checkout there would shadow PYTHONPATH's)."""
    root = Path(checkout).resolve()
    env = dict(os.environ, PYTHONPATH=str(root))
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "kg", "--project", str(root), "extract", str(article), "--date", "2025-10-01",
                    "-o", str(out)], env=env, cwd=article.parent, check=True, capture_output=True)
    return time.perf_counter() - started


def main(old: str, new: str, rounds: str = "3") -> None:
    with tempfile.TemporaryDirectory() as folder:
        article = Path(folder) / "long.txt"
        article.write_text(long_text(), encoding="utf-8")
        times = side_by_side(old, new, int(rounds), lambda checkout: seconds(checkout, article, Path(folder) / "draft.ttl"))
        print(f"{len(article.read_text(encoding='utf-8')):,} characters, {rounds} rounds")
        for checkout, runs in times.items():
            print(f"{checkout}: median {statistics.median(runs):.1f} s ({', '.join(f'{t:.1f}' for t in runs)})")
        print(f"new/old: {statistics.median(times[new]) / statistics.median(times[old]):.2f}")


if __name__ == "__main__":
    if not 2 <= len(sys.argv) - 1 <= 3 or sys.argv[1].startswith("-"):
        sys.exit(__doc__)
    main(*sys.argv[1:])

"""The home page's first view on a large archive, in one process (no server), for two checkouts side by
side: run it with PYTHONPATH=OLD, then PYTHONPATH=NEW, alternately (bench/README.md). Prints the first
view, then a second with the page cache cleared (the lists' orders stay cached).

    python bench/home_page.py LABEL [PROJECT]     # PROJECT: ../bench-corpora/corpus-1m
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pyoxigraph as ox

from kg.sources.project import Project
from kg.query.store import current_release, store_folder
from kg.web.pages import Site

OVERVIEW = {"triples": 1, "endpoint": None, "dumps": [], "api": False, "base_url": "https://w3id.org/oioo/",
            "manifest": "dumps/manifest.json"}


def main(label: str, root: str = "../bench-corpora/corpus-1m") -> None:
    project = Project(Path(root))
    site = Site(project, ox.Store.read_only(str(store_folder(project, current_release(project)))))
    started = time.perf_counter()
    site.home(OVERVIEW)
    print(f"{label}: home, first view {time.perf_counter() - started:.2f} s")
    site.cache.clear()
    started = time.perf_counter()
    site.home(OVERVIEW)
    print(f"{label}: home, page cache cleared {time.perf_counter() - started:.2f} s")


if __name__ == "__main__":
    if not 1 <= len(sys.argv) - 1 <= 2 or sys.argv[1].startswith("-"):
        sys.exit(__doc__)
    main(*sys.argv[1:])

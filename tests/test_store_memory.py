"""The store a release is loaded into: the memory its load used is given back to the system.

kg serve makes the release's store in its own process when the release is new, then forks its query
workers; glibc kept the heap the load freed, and every worker shared it (440 MB of PSS for kg serve at a
million triples, 130 MB when the store had been made before).
"""

from __future__ import annotations

import json
import subprocess
import sys

from kg.sources.generate import generate
from kg.build.pipeline import build
from kg.sources.project import Project

KEPT_KB = 40 * 1024  # what the store's threads keep whatever the size: 4-30 MB, measured (62 MB without
# giving the rest back, at this size; 300 MB at a million triples)

MEASURE = """
import json, sys
from pathlib import Path
from kg.query.store import current_release, make_store
from kg.sources.project import Project

def anonymous_kb():
    return int(next(line for line in open("/proc/self/status") if line.startswith("RssAnon:")).split()[1])

project = Project(Path(sys.argv[1]))
manifest = current_release(project)
before = anonymous_kb()
make_store(Path(sys.argv[2]), manifest)
after = anonymous_kb()
peak = int(next(line for line in open("/proc/self/status") if line.startswith("VmHWM:")).split()[1])
print(json.dumps({"before": before, "after": after, "peak": peak}))
"""


def test_making_a_release_store_gives_the_memory_of_its_load_back(tmp_path, project):
    root = tmp_path / "archive"
    generate(project, root, reports=600, seed=5)
    archive = Project(root)
    build(archive)
    measured = subprocess.run([sys.executable, "-c", MEASURE, str(root), str(tmp_path / "store")],
                              capture_output=True, text=True, check=True)
    kb = json.loads(measured.stdout)
    grown = kb["after"] - kb["before"]
    assert (tmp_path / "store").is_dir()
    used = kb["peak"] - kb["before"]
    assert used > 200 * 1024  # (the load took that much: 0.3 GB)
    assert grown < KEPT_KB, f"the process kept {grown} KB of the {used} KB its load of the store took: {kb}"

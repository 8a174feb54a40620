"""The hook other repositories use: the real pre-commit (from PyPI) installs this project from a git
repository as `.pre-commit-hooks.yaml` describes it, and runs it in a scratch repository that keeps only
reports (data/*.ttl, no ontology: the model shipped with kg is used), one of them broken.

pre-commit installs the hook with uv (the pre-commit-uv plugin, in the test extra), as many repositories'
CI does: the same wheel as pip builds, in 6 s instead of pip's 37 s (most of this test's time before)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
GIT = {"GIT_AUTHOR_NAME": "kg", "GIT_AUTHOR_EMAIL": "kg@example.org", "GIT_COMMITTER_NAME": "kg",
       "GIT_COMMITTER_EMAIL": "kg@example.org"}


def run(args, cwd, env=None, check=True):
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, check=check, timeout=900,
                          env={**os.environ, **GIT, **(env or {})})


def hook_repository(target: Path) -> str:
    """This checkout as it would be committed (tracked and new files, symbolic links kept), as a git
    repository of its own; returns its commit."""
    listed = run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], ROOT).stdout
    for name in filter(None, listed.split("\0")):
        source, copy = ROOT / name, target / name
        if not os.path.lexists(source):
            continue
        copy.parent.mkdir(parents=True, exist_ok=True)
        if source.is_symlink():
            os.symlink(os.readlink(source), copy)
        else:
            shutil.copy2(source, copy)
    for args in (["git", "init", "-q"], ["git", "add", "-A"], ["git", "commit", "-qm", "hook"]):
        run(args, target)
    return run(["git", "rev-parse", "HEAD"], target).stdout.strip()


@pytest.mark.skipif(shutil.which("git") is None, reason="git is needed by pre-commit")
def test_pre_commit_runs_the_hook_and_points_at_the_broken_line(tmp_path, project):
    rev = hook_repository(tmp_path / "hook")
    scratch = tmp_path / "reports"
    (scratch / "data").mkdir(parents=True)
    shutil.copy(project.root / "data" / "shared.ttl", scratch / "data")
    shutil.copy(project.root / "data" / "report-004.ttl", scratch / "data")  # valid
    text = (project.root / "data" / "report-001.ttl").read_text(encoding="utf-8")
    broken = text.replace("    oo:value 281 ;", '    oo:value "281" ;', 1)  # a wrong datatype
    line = broken[:broken.index('oo:value "281"')].count("\n") + 1
    (scratch / "data" / "report-001.ttl").write_text(broken, encoding="utf-8")
    (scratch / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {tmp_path / 'hook'}\n    rev: {rev}\n    hooks:\n      - id: kg-validate\n", encoding="utf-8")
    run(["git", "init", "-q"], scratch)
    run(["git", "add", "-A"], scratch)
    pre_commit = [sys.executable, "-m", "pre_commit", "run", "--all-files", "--color", "never"]
    env = {"PRE_COMMIT_HOME": str(tmp_path / "cache")}
    failed = run(pre_commit, scratch, env, check=False)
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert f"at:      data/report-001.ttl:{line}:5" in failed.stdout, failed.stdout
    assert "oos:FigureShape (oo:value)" in failed.stdout and "Traceback" not in failed.stdout

    (scratch / "data" / "report-001.ttl").write_text(text, encoding="utf-8")
    run(["git", "add", "-A"], scratch)
    passed = run(pre_commit, scratch, env, check=False)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "Passed" in passed.stdout

    # A commit that only deletes a file: pre-commit passes no file for it, and the hook did not run
    # (found by a hostile read). Deleting the shared entities leaves the reports' speakers undescribed.
    run(["git", "commit", "-qm", "reports"], scratch)
    run(["git", "rm", "-q", "data/shared.ttl"], scratch)
    deleted = run([sys.executable, "-m", "pre_commit", "run", "--color", "never"], scratch, env, check=False)
    assert deleted.returncode == 1, deleted.stdout + deleted.stderr
    assert "Violation" in deleted.stdout and "Traceback" not in deleted.stdout, deleted.stdout

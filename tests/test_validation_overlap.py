"""Validation keeps both cores at work (kg.validation.validate, kg.validation.shacl): Oxigraph answers the SPARQL
rules two at a time, and the Python findings that need no SHACL result are worked out while it answers, not after.
At a million triples the rules outlasted everything else by seconds with one core idle (bench/README.md)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import threading
from kg import engines
from kg.validation import shacl, validate
from conftest import ROOT


def test_the_sparql_rules_are_answered_two_at_a_time(small_project, monkeypatch):
    """The first two rules asked wait for each other: answered one after the other, the first would wait alone
    until its barrier broke, and validation would fail."""
    together = threading.Barrier(2, timeout=20)
    asked = []
    answer = shacl.solutions

    def meeting(store, constraint, focus_nodes):
        asked.append(constraint.name)
        if len(asked) <= 2:
            together.wait()
        return answer(store, constraint, focus_nodes)

    monkeypatch.setattr(shacl, "solutions", meeting)
    report = engines.findings(small_project)
    assert len(asked) > 2 and report.conforms, (asked, report.findings)


def test_the_findings_that_need_no_shacl_result_are_worked_out_while_oxigraph_answers_the_rules(
        small_project, monkeypatch):
    """Every rule's answer waits until the stated rules' findings (kg.validation.stated) have begun: were they
    worked out only once the rules were answered, no rule would see them begin."""
    begun = threading.Event()
    seen = []
    answer, stated = shacl.solutions, validate.stated_findings

    def waiting(store, constraint, focus_nodes):
        seen.append(begun.wait(timeout=20 if not seen else 0))  # (once only: failing, not 20 s a rule)
        return answer(store, constraint, focus_nodes)

    def beginning(*args):
        begun.set()
        return stated(*args)

    monkeypatch.setattr(shacl, "solutions", waiting)
    monkeypatch.setattr(validate, "stated_findings", beginning)
    report = engines.findings(small_project)
    assert seen and all(seen), seen
    assert report.conforms, report.findings


def test_a_validation_that_fails_while_the_rules_are_answered_does_not_keep_kg_from_exiting(small_project):
    """The rules' threads are daemon threads: a command that stops while Oxigraph still answers them (an error,
    Ctrl-C) exits at once, as it did when one thread answered them. (A thread pool's threads are waited for when
    Python exits: kg would have stayed until the last rule was answered.) Here no rule is ever answered, and the
    findings beside them fail: kg must still exit, with the error."""
    script = textwrap.dedent("""
        import sys, threading
        from pathlib import Path
        from kg import engines
        from kg.sources.project import Project
        from kg.validation import shacl, validate

        def never_answered(store, constraint, focus_nodes):
            threading.Event().wait()

        def failing(*args):
            raise RuntimeError("the findings beside the rules failed")

        shacl.solutions, validate.stated_findings = never_answered, failing
        try:
            engines.findings(Project(Path(sys.argv[1])))
        except RuntimeError as error:
            print(error)
    """)
    done = subprocess.run([sys.executable, "-c", script, str(small_project.root)], capture_output=True, text=True,
                          timeout=60, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.returncode == 0 and "the findings beside the rules failed" in done.stdout, done


def test_of_rules_oxigraph_cannot_run_the_first_in_order_is_named_whichever_thread_failed_first(small_project,
                                                                                              monkeypatch):
    """Two threads answer the rules; when several fail, the error names the first of them in the shapes' order, as
    one thread answering them in order did (the first fails last here), so that a run says the same each time."""
    import time

    from kg.core.errors import KGError

    names = []

    def refused(store, constraint, focus_nodes):
        names.append(constraint.name)
        if len(names) == 1:
            time.sleep(0.5)  # the second thread fails first
        raise KGError(f"{constraint.name}: Oxigraph cannot run it")

    monkeypatch.setattr(shacl, "solutions", refused)
    try:
        engines.findings(small_project)
    except KGError as error:
        assert str(error) == f"{names[0]}: Oxigraph cannot run it" and len(names) > 2, (error, names)
    else:
        raise AssertionError("validation went on past rules Oxigraph cannot run")

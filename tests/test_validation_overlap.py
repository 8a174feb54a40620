"""Validation keeps both cores at work (kg.validation.validate, kg.validation.shacl): Oxigraph answers the SPARQL
rules two at a time, and the Python findings that need no SHACL result are worked out while it answers, not after.
At a million triples the rules outlasted everything else by seconds with one core idle (bench/README.md)."""

from __future__ import annotations

import threading

from kg import engines
from kg.validation import shacl, validate


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

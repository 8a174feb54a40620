"""Python's cycle collector is paused while the engine's validation and the analysis commands make their
millions of objects, as during a build (kg.core.collector): at a million triples `kg validate` took
34.6 s with it running and 27.4 s without, `kg check` 18.9 s and 14.6 s, `kg discrepancies` 36.2 s and
30.2 s. Afterwards it runs again, as before."""

from __future__ import annotations

import gc

import pytest

from kg.analysis import check, discrepancies, timeline
from kg.validation import validate
from kg.core.collector import collector_paused


def recording(monkeypatch, module, name: str) -> list:
    """Whether the collector ran, each time `module.name` is called."""
    seen, original = [], getattr(module, name)
    monkeypatch.setattr(module, name, lambda *args, **kw: (seen.append(gc.isenabled()), original(*args, **kw))[1])
    return seen


@pytest.mark.parametrize("command, module, name", [
    (("validate",), validate, "TripleIndex"),
    (("check",), check, "check_all"),
    (("discrepancies",), discrepancies, "detect"),
    (("timeline", "net inflow"), timeline, "timeline"),
])
def test_validation_and_the_analysis_commands_run_without_the_cycle_collector_then_restore_it(
        kg, small_project, monkeypatch, command, module, name):
    seen = recording(monkeypatch, module, name)
    assert gc.isenabled()
    result = kg(*command, project=small_project)
    assert result.exit_code == 0, result.output
    assert seen == [False], f"{name} ran with the collector {'on' if seen else 'never'}"
    assert gc.isenabled()


def test_a_paused_collector_stays_paused_and_a_failure_restores_it():
    gc.disable()
    try:
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # it was off before: left off
    finally:
        gc.enable()
    with pytest.raises(RuntimeError), collector_paused():
        raise RuntimeError("a stage failed")
    assert gc.isenabled()


def test_what_an_interrupted_stage_holds_is_out_of_the_collectors_sight_on_the_way_out():
    """Ctrl-C (or SIGTERM) in a stage at a million triples: the collector, on again, walked the millions of
    objects the interrupt's traceback held before kg could say it was interrupted. A stage that fails
    otherwise (kg may go on: kg serve, a test) freezes nothing."""
    def tracked(thing) -> bool:  # seen by the collector's runs (gc.get_objects holds no frozen object)
        return any(found is thing for found in gc.get_objects())

    made = []
    with pytest.raises(RuntimeError), collector_paused():
        made.append([[n] for n in range(100)])
        raise RuntimeError("a stage failed")
    assert gc.isenabled() and tracked(made[0])
    frozen = gc.get_freeze_count()
    try:
        with pytest.raises(KeyboardInterrupt), collector_paused():
            made.append([[n] for n in range(100)])
            raise KeyboardInterrupt
        assert gc.isenabled() and gc.get_freeze_count() >= frozen + 101
        assert not tracked(made[1])
    finally:
        gc.unfreeze()


def test_a_build_freezes_what_it_made_before_the_collector_resumes(kg, small_project):
    frozen = gc.get_freeze_count()
    try:
        assert kg("build", "-q", project=small_project).exit_code == 0
        assert gc.isenabled() and gc.get_freeze_count() > frozen
    finally:
        gc.unfreeze()

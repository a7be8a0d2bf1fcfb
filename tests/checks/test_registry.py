"""The declared checks form a valid graph, and what a check reads of another is declared."""

from __future__ import annotations

import dataclasses
import inspect

import pytest

from t3gui.checks import icmp_check, path_trace_check, tcp_check
from t3gui.checks.registry import CHECKS
from t3gui.core import check_data
from t3gui.core.check import CheckSpec
from t3gui.core.codes import Code
from t3gui.core.context import BESIDE
from t3gui.core.engine import validate

BY_ID = {s.id: s for s in CHECKS}


def depends(spec: CheckSpec, on: str) -> bool:
    """Whether ``spec`` waits for ``on``, directly or through the checks it waits for."""
    return any(d == on or depends(BY_ID[d], on) for d in spec.needs + spec.after)


def test_the_registry_is_a_valid_graph() -> None:
    validate(CHECKS)


@pytest.mark.parametrize(("reader", "read"), [(r, c) for r, cs in BESIDE.items() for c in sorted(cs)])
def test_what_a_check_reads_beside_it_runs_beside_it(reader: str, read: str) -> None:
    # Of one tier and waiting for neither: they do run side by side, and the reader's view of the
    # other is what has finished by then (with needs or after it would have to use result()).
    assert BY_ID[reader].tier is BY_ID[read].tier
    assert not depends(BY_ID[reader], read) and not depends(BY_ID[read], reader)


def test_the_trace_declares_every_check_whose_word_on_a_missing_host_it_takes() -> None:
    # path.traceroute skips when a router already said nobody is there: the checks that can say so
    # are declared, so they have finished, whatever the timing, before it starts.
    modules = {inspect.getmodule(s.run) for s in CHECKS} - {path_trace_check}
    said = {str(m.CHECK_ID) for m in modules
            if m is not None and f"Code.{Code.HOST_UNREACHABLE.name}" in inspect.getsource(m)}
    assert said == {tcp_check.CHECK_ID, icmp_check.CHECK_ID} == set(path_trace_check.HEARD_BY)
    assert set(path_trace_check.HEARD_BY) <= set(BY_ID["path.traceroute"].after)


def test_every_check_has_a_frozen_data_type() -> None:
    # A check builds its data through its type and others read it through the same type (issue 13).
    data_types = [t for t in vars(check_data).values() if inspect.isclass(t)
                  and issubclass(t, check_data.CheckData) and t is not check_data.CheckData]
    assert sorted(t.CHECK_ID for t in data_types) == sorted(BY_ID)
    assert all(dataclasses.is_dataclass(t) and t.__dataclass_params__.frozen for t in data_types)  # type: ignore[attr-defined]

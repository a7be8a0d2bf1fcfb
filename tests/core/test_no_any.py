"""No ``Any`` in what checks hand each other, in the context, or in what the engine gives.

mypy checks the same modules with disallow_any_explicit and disallow_any_expr (pyproject.toml);
this test reads the annotations as Python resolves them, so that a module taken out of that
mypy section, or a type imported from elsewhere, is caught too.
"""

from __future__ import annotations

import dataclasses
import inspect
import typing
from collections.abc import Callable, Iterator
from types import ModuleType

import pytest

from t3gui.core import check, check_data, context, engine, model, nodes, run_state
from t3gui.core.check_data import base, network, t3, tls

MODULES = (context, check, model, run_state, check_data, base, network, tls, t3, engine, nodes)
DATA_MODULES = (network, tls, t3)


def _annotated(module: ModuleType) -> Iterator[tuple[str, object]]:
    """Every class and function defined in ``module``, and every method of its classes."""
    for name, value in vars(module).items():
        if getattr(value, "__module__", None) != module.__name__:
            continue
        if inspect.isclass(value):
            yield f"{module.__name__}.{name}", value
            for attr, member in vars(value).items():
                if inspect.isfunction(member) or isinstance(member, classmethod | staticmethod | property):
                    function = member.fget if isinstance(member, property) else getattr(member, "__func__", member)
                    yield f"{module.__name__}.{name}.{attr}", function
        elif inspect.isfunction(value):
            yield f"{module.__name__}.{name}", value


def _hints(owner: object, module: ModuleType) -> dict[str, object]:
    namespace = {**vars(typing), **{k: v for m in MODULES for k, v in vars(m).items()}, **vars(module)}
    return typing.get_type_hints(owner, globalns=namespace, localns=namespace)


def _has_any(hint: object, seen: set[int]) -> bool:
    if hint is typing.Any:
        return True
    if id(hint) in seen or isinstance(hint, typing.ForwardRef | str):
        return False  # a recursive alias names itself; its other members are walked once
    seen.add(id(hint))
    return any(_has_any(arg, seen) for arg in typing.get_args(hint) if arg is not Ellipsis)


@pytest.mark.parametrize("module", MODULES, ids=[m.__name__ for m in MODULES])
def test_no_annotation_is_any(module: ModuleType) -> None:
    found = []
    for where, owner in _annotated(module):
        for name, hint in _hints(owner, module).items():
            if _has_any(hint, set()):
                found.append(f"{where}: {name}: {hint}")
    assert found == []


def test_the_json_value_type_holds_no_any() -> None:
    assert not _has_any(model.JsonValue, set()) and not _has_any(model.JsonObject, set())


def test_every_check_data_is_frozen_and_reads_back_its_json() -> None:
    data_types = [t for m in DATA_MODULES for t in vars(m).values()
                  if inspect.isclass(t) and issubclass(t, check_data.CheckData) and t is not check_data.CheckData]
    assert {t.CHECK_ID for t in data_types} >= {"tcp.connect", "tls.certificate", "path.traceroute"}
    assert all(getattr(check_data, t.__name__) is t for t in data_types)  # each one imported from the package
    for data_type in data_types:
        assert dataclasses.is_dataclass(data_type) and data_type.__dataclass_params__.frozen  # type: ignore[attr-defined]


@pytest.mark.parametrize("case", [
    lambda: _has_any(typing.Any, set()),
    lambda: _has_any(dict[str, list[typing.Any]], set()),
    lambda: _has_any(typing.Optional[typing.Mapping[str, typing.Any]], set()),  # noqa: UP045
])
def test_the_walk_finds_a_nested_any(case: Callable[[], bool]) -> None:
    assert case()

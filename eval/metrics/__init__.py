"""Care metrics: one small file per metric, each a class with a `name`, registered with `@register`.

Importing this package imports every public module in it, so a new metric is one new file (plus its test
in tests/eval/metrics/). `metrics()` hands out instances grouped (reading, draft, similarity, rubric)
and by name; `get(name)` one of them.
"""

from __future__ import annotations

import importlib
import pkgutil

from eval.metrics.base import GROUPS, METRICS, CareCase, DetectionMetric, Metric, Score, register

__all__ = ["METRICS", "CareCase", "DetectionMetric", "Metric", "Score", "get", "metrics", "register"]

for _module in pkgutil.iter_modules(__path__):
    if not _module.name.startswith("_") and _module.name != "base":
        importlib.import_module(f"{__name__}.{_module.name}")


def metrics(costly: bool = True) -> list[Metric]:
    """One instance of every registered metric; `costly=False` leaves out those that need a model."""
    ordered = sorted(METRICS.values(), key=lambda cls: (GROUPS.index(cls.group), cls.name))
    return [cls() for cls in ordered if costly or not cls.costly]


def get(name: str) -> Metric:
    """The metric registered as `name`; KeyError names the known ones."""
    try:
        return METRICS[name]()
    except KeyError:
        raise KeyError(f"no metric {name!r}; known: {', '.join(METRICS)}") from None

"""Field accuracies of `inspect` over the real corpus (skipped when ../shared is absent)."""

from __future__ import annotations

import pytest
from conftest import CORPUS, ROOT, needs_shared

pytestmark = [needs_shared(CORPUS), pytest.mark.corpus]

# Floors for the foundation: what the plugin reaches now, with a little room. They only rise.
FLOORS = {
    "title": 0.82,
    "url": 0.62,
    "published": 0.70,
    "language": 0.92,
    "source_domain": 0.85,
    "body_f1": 0.90,
    "body_f1_90": 0.88,
}


@pytest.fixture(scope="module")
def figures():
    from tools.evaluate import evaluate, table

    result = evaluate(CORPUS, str(ROOT / "content" / "tags.yaml"))
    print("\n" + table(result))
    return result


@pytest.mark.parametrize("field", sorted(FLOORS))
def test_field_accuracy_floor(figures, field):
    value = figures["overall"][field]
    assert value is not None and value >= FLOORS[field], f"{field}: {value:.3f} < {FLOORS[field]}"


def test_no_invented_dates(figures):
    invented = [row["path"] for row in figures["rows"] if row["invented_date"]]
    assert len(invented) <= 4, invented

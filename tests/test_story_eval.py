"""Duplicates and stories measured pairwise on the shared corpus (skipped when ../shared is absent)."""

from __future__ import annotations

import re

import pytest
from conftest import CORPUS, ROOT, needs_shared

pytestmark = [needs_shared(CORPUS), pytest.mark.corpus]

# The issue's floors: the gate must not quietly lower them.
ISSUE_FLOORS = {"duplicates": {"precision": 0.90, "recall": 0.90}, "stories": {"precision": 0.90, "recall": 0.70}}


@pytest.fixture(scope="module")
def figures():
    from tools.evaluate import evaluate

    return evaluate(CORPUS, str(ROOT / "content" / "tags.yaml"))


def test_the_gate_s_floors_are_the_issue_s():
    from tools.evaluate import DUPLICATE_FLOORS, STORY_FLOORS

    for kind, floors in (("duplicates", DUPLICATE_FLOORS), ("stories", STORY_FLOORS)):
        for measure, floor in ISSUE_FLOORS[kind].items():
            assert floors[measure] >= floor, (kind, measure)


@pytest.mark.parametrize("kind", ["duplicates", "stories"])
def test_precision_and_recall_meet_the_floors(figures, kind):
    scores = figures[kind]
    # The corpus labels pairs of both kinds, and we find some: a floor met on nothing proves nothing.
    assert scores["pairs_expected"] > 0 and scores["pairs_found"] > 0, scores
    assert scores["precision"] >= ISSUE_FLOORS[kind]["precision"], scores
    assert scores["recall"] >= ISSUE_FLOORS[kind]["recall"], scores


def test_no_two_articles_of_one_source_are_falsely_merged(figures):
    assert figures["duplicates"]["same_source_false_merges"] == 0


def test_the_gate_judges_duplicates_and_stories(figures):
    from tools.evaluate import gate

    lines = {name: passed for name, _, passed in gate(figures)}
    for name in (
        "duplicates precision",
        "duplicates recall",
        "stories precision",
        "stories recall",
        "duplicates same_source_false_merges",
    ):
        assert lines[name] is True, name


def test_the_table_prints_the_scores_and_the_time_of_the_site_steps(figures):
    from tools.evaluate import table

    printed = table(figures)
    for kind in ("duplicates", "stories"):
        scores = figures[kind]
        assert (
            f"{kind}: precision {scores['precision'] * 100:.1f}%, recall {scores['recall'] * 100:.1f}% "
            f"({scores['pairs_found']} pairs found, {scores['pairs_expected']} expected)"
        ) in printed
    (shown,) = re.findall(r"^duplicates and stories took (\d+) ms \(CPU time\)$", printed, re.MULTILINE)
    assert int(shown) == round(figures["site_seconds"] * 1000)

"""Two builds from the same inputs and settings give byte-identical trees."""

from __future__ import annotations

import difflib
import shutil

import pytest
from conftest import ROOT
from test_publish import environment, log_of, run_build, snapshot

pytestmark = pytest.mark.build


def test_two_builds_are_byte_identical(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    # Different hash seeds (set and dict order of strings), time zones and output folders; the second
    # build also runs later and may reuse the first one's content cache.
    first = run_build(content, tmp_path / "one" / "output", env=environment(PYTHONHASHSEED="1", TZ="UTC"))
    assert first.returncode == 0, log_of(first)
    (tmp_path / "two").mkdir()
    if (tmp_path / "one" / "cache").exists():
        shutil.copytree(tmp_path / "one" / "cache", tmp_path / "two" / "cache")
    second = run_build(content, tmp_path / "two" / "output", env=environment(PYTHONHASHSEED="2", TZ="Asia/Tokyo"))
    assert second.returncode == 0, log_of(second)

    one, two = snapshot(tmp_path / "one" / "output"), snapshot(tmp_path / "two" / "output")
    assert sorted(one) == sorted(two)
    differing = [name for name in sorted(one) if one[name] != two[name]]
    assert not differing, first_difference(differing[0], one, two)


def first_difference(name: str, one: dict[str, bytes], two: dict[str, bytes]) -> str:
    lines = difflib.unified_diff(
        one[name].decode("utf-8", "replace").splitlines(),
        two[name].decode("utf-8", "replace").splitlines(),
        lineterm="",
        n=1,
    )
    return f"{name} differs:\n" + "\n".join(list(lines)[:40])

"""The benchmark's generated archive (tools/bench_corpus.py) and its harness (tools/bench.py).

Nothing here is timed: the generator is checked for what it writes, the harness's report for what it makes
of fabricated measurements, and one real harness run on a tiny archive for the JSON it leaves.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import threading
from collections import Counter
from datetime import datetime
from pathlib import Path

import pytest
from conftest import ROOT, run_inspect
from hanzidentifier import helpers as hanzi

from tools import bench, bench_corpus
from tools.bench import Run

TRADITIONAL_ONLY = frozenset(hanzi.TRADITIONAL_CHARACTERS - hanzi.SIMPLIFIED_CHARACTERS)
SIMPLIFIED_ONLY = frozenset(hanzi.SIMPLIFIED_CHARACTERS - hanzi.TRADITIONAL_CHARACTERS)
# Expected share of each base language, and how far a 400-article archive may stray from it.
LANGUAGE_MIX = {"zh-Hans": 0.42, "zh-Hant": 0.16, "ar": 0.12, "vi": 0.11, "en": 0.10, "ja": 0.06}
LANGUAGE_TOLERANCE = 0.05
OTHER_LANGUAGES_AT_MOST = 0.06


def generate(out: Path, size: int, seed: int = 1, fmt: str = "raw", **options) -> list[dict]:
    """Write an archive and return its truth records."""
    truth = out.parent / f"{out.name}.truth.jsonl"
    bench_corpus.write_archive(out, size, seed, fmt, truth=truth, **options)
    return [json.loads(line) for line in truth.read_text(encoding="utf-8").splitlines()]


def tree_bytes(folder: Path) -> dict[str, bytes]:
    return {str(path.relative_to(folder)): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


def base_language(tag: str) -> str:
    return "zh-Hant" if tag.startswith("zh-Hant") else tag


def folded(text: str) -> str:
    return " ".join(text.split())


# ---------------------------------------------------------------------------------------- generator


@pytest.mark.parametrize("fmt", bench_corpus.FORMATS)
def test_the_same_seed_writes_the_same_bytes(tmp_path, fmt):
    generate(tmp_path / "one", 60, seed=7, fmt=fmt)
    generate(tmp_path / "two", 60, seed=7, fmt=fmt)
    generate(tmp_path / "other", 60, seed=8, fmt=fmt)
    first = tree_bytes(tmp_path / "one")
    assert first == tree_bytes(tmp_path / "two")
    assert first != tree_bytes(tmp_path / "other")


def test_the_command_line_writes_what_the_function_writes(tmp_path):
    generate(tmp_path / "function", 30, seed=4)
    command = [sys.executable, "-m", "tools.bench_corpus", "30", str(tmp_path / "cli"), "--seed", "4"]
    subprocess.run(command, cwd=ROOT, check=True, capture_output=True)
    assert tree_bytes(tmp_path / "function") == tree_bytes(tmp_path / "cli")


def test_both_shapes_are_written(tmp_path):
    records = generate(tmp_path / "raw", 200)
    shapes = Counter(record["shape"] for record in records)
    assert shapes["A"] > 40 and shapes["B"] > 40
    for record in records:
        text = (tmp_path / "raw" / record["path"]).read_text(encoding="utf-8-sig")
        if record["shape"] == "A":
            assert re.match(r"<!--\d{13}-->\n\[.+\]\(https://[^)]+\)\n------\n", text)
            assert "获取更多RSS" in text
        else:
            lines = [line for line in text.replace("\r\n", "\n").split("\n") if line]
            assert lines[1] == record["title"]
            assert re.fullmatch(r".+ \| .*\d{2}.*", lines[2])
            assert lines[-1] == record["title"]
            assert any(line.startswith("POWERED BY ") for line in lines)


def test_the_language_mix_follows_the_archive_it_imitates(tmp_path):
    records = generate(tmp_path / "raw", 400)
    shares = Counter(base_language(record["lang"]) for record in records)
    for language, share in LANGUAGE_MIX.items():
        assert abs(shares[language] / len(records) - share) <= LANGUAGE_TOLERANCE, (language, shares)
    others = sum(count for language, count in shares.items() if language not in LANGUAGE_MIX)
    assert 0 < others / len(records) <= OTHER_LANGUAGES_AT_MOST


def test_file_sizes_run_from_briefs_to_long_features(tmp_path):
    records = generate(tmp_path / "raw", 400)
    sizes = sorted((tmp_path / "raw" / record["path"]).stat().st_size for record in records)
    assert sizes[0] < 1200
    assert 2500 < sizes[len(sizes) // 2] < 4500
    assert 8000 < sizes[-1] <= 17000


def test_stories_span_sources_and_languages_within_72_hours(tmp_path):
    records = generate(tmp_path / "raw", 400)
    stories: dict[str, list[dict]] = {}
    for record in records:
        stories.setdefault(record["story"], []).append(record)
    told = [members for members in stories.values() if len(members) > 1]
    assert len(told) > 40
    assert sum(1 for members in told if len({m["lang"] for m in members}) > 1) > len(told) / 2
    for members in told:
        originals = [m for m in members if not m["duplicate_of"]]
        assert len(originals) <= 8
        times = [datetime.fromisoformat(m["published"]) for m in originals]
        assert (max(times) - min(times)).total_seconds() <= 72 * 3600


def test_a_few_articles_are_syndicated_copies(tmp_path):
    records = generate(tmp_path / "raw", 1000)
    copies = [record for record in records if record["duplicate_of"]]
    assert 5 <= len(copies) <= 40
    by_path = {record["path"]: record for record in records}
    for copy in copies:
        original = by_path[copy["duplicate_of"]]
        assert original["source_id"] != copy["source_id"]
        assert original["title"] == copy["title"]


def test_an_archive_keeps_a_steady_number_of_articles_a_day(tmp_path):
    small = generate(tmp_path / "small", 200)
    large = generate(tmp_path / "large", 1000)
    for records, days in ((small, 1), (large, 5)):
        times = sorted(datetime.fromisoformat(record["published"]) for record in records)
        span = (times[-1] - times[0]).total_seconds() / 86400
        assert days - 0.1 <= span <= days + 0.1
        assert times[-1] <= bench_corpus.ARCHIVE_END


def test_extra_files_come_after_the_archive(tmp_path):
    archive = generate(tmp_path / "raw", 100)
    extra = generate(tmp_path / "raw", 100, extra=3)
    assert [record["index"] for record in extra] == [100, 101, 102]
    last = max(datetime.fromisoformat(record["published"]) for record in archive)
    assert all(datetime.fromisoformat(record["published"]) > last for record in extra)
    assert not {record["path"] for record in extra} & {record["path"] for record in archive}
    assert len(list((tmp_path / "raw").rglob("*.txt"))) == 103


@pytest.mark.parametrize("fmt", bench_corpus.FORMATS)
def test_an_edit_rewrites_one_paragraph_of_one_file(tmp_path, fmt):
    generate(tmp_path / "out", 40, fmt=fmt)
    before = tree_bytes(tmp_path / "out")
    [edited] = generate(tmp_path / "out", 40, fmt=fmt, edit=12)
    after = tree_bytes(tmp_path / "out")
    changed = [path for path in before if before[path] != after[path]]
    assert changed == [edited["path"] if fmt == "raw" else re.sub(r"/\d+-", "/", edited["path"])[:-4] + ".md"]
    old, new = before[changed[0]].decode("utf-8-sig"), after[changed[0]].decode("utf-8-sig")
    assert edited["title"] in new and edited["edited"]
    assert old.splitlines()[:3] == new.splitlines()[:3]
    [undone] = generate(tmp_path / "out", 40, fmt=fmt, edit=12, undone=True)
    assert tree_bytes(tmp_path / "out") == before
    assert not undone["edited"]


def test_the_markdown_twin_and_hugo_content_hold_the_same_articles(tmp_path):
    raw = generate(tmp_path / "raw", 80)
    markdown = generate(tmp_path / "markdown", 80, fmt="markdown")
    hugo = generate(tmp_path / "hugo", 80, fmt="hugo")
    assert [r["title"] for r in raw] == [r["title"] for r in markdown] == [r["title"] for r in hugo]
    twins = sorted((tmp_path / "markdown").rglob("*.md"))
    assert len(twins) == 80
    titles = Counter(path.read_text(encoding="utf-8").splitlines()[0].removeprefix("Title: ") for path in twins)
    assert titles == Counter(record["title"] for record in raw)
    header = twins[0].read_text(encoding="utf-8").split("\n\n", 1)[0]
    assert [line.split(":", 1)[0] for line in header.splitlines()] == [
        "Title",
        "Date",
        "Tags",
        "Category",
        "Lang",
        "Slug",
        "Author",
    ]
    pages = [path for path in (tmp_path / "hugo").rglob("*.md") if path.name != "_index.md"]
    assert len(pages) == 80
    assert all(path.read_text(encoding="utf-8").startswith("---\ntitle: ") for path in pages)


def test_the_twins_carry_the_same_text(tmp_path):
    generate(tmp_path / "raw", 30)
    generate(tmp_path / "markdown", 30, fmt="markdown")
    archive = bench_corpus.Archive(30)
    for index in range(30):
        slot = archive.slot(index)
        text = bench_corpus.compose(archive, slot)
        raw = (tmp_path / "raw" / slot.path("raw")).read_text(encoding="utf-8-sig")
        twin = (tmp_path / "markdown" / slot.path("markdown")).read_text(encoding="utf-8")
        for paragraph in text.paragraphs:
            assert paragraph in twin
            assert bench_corpus.escape(paragraph) in raw


def test_the_sources_file_names_every_source_with_a_zone(tmp_path):
    import yaml

    generate(tmp_path / "raw", 10)
    sources = yaml.safe_load((tmp_path / "raw" / "sources.yaml").read_text(encoding="utf-8"))
    assert 30 <= len(sources) <= 40
    for source_id, entry in sources.items():
        assert entry["domains"] == [f"{source_id}.example"]
        assert entry["timezone"] and entry["language"]
    assert (tmp_path / "raw" / "tags.yaml").read_bytes() == (ROOT / "content" / "tags.yaml").read_bytes()


@pytest.mark.parametrize("language", ["zh-Hans", "zh-Hant"])
def test_chinese_tables_keep_to_their_script(language):
    vocabulary = bench_corpus.VOCABULARY[language]
    wrong = SIMPLIFIED_ONLY if language == "zh-Hant" else TRADITIONAL_ONLY
    for field in ("subjects", "verbs", "objects", "adverbials", "openers", "frames", "headlines", "captions", "desks"):
        for phrase in getattr(vocabulary, field):
            assert not set(phrase) & wrong, (field, phrase)


@pytest.mark.parametrize("language", sorted(bench_corpus.VOCABULARY))
def test_every_language_has_its_tables(language):
    vocabulary = bench_corpus.VOCABULARY[language]
    for field in ("subjects", "verbs", "objects", "adverbials", "frames", "headlines", "captions", "desks"):
        assert len(getattr(vocabulary, field)) >= 2, field
    assert all("{E}" in frame for frame in vocabulary.frames)
    assert all(opener == opener.strip() for opener in vocabulary.openers)
    assert {source.vocabulary_language for source in bench_corpus.SOURCES} <= set(bench_corpus.VOCABULARY)


@pytest.mark.build
def test_the_plugin_reads_what_the_generator_meant(tmp_path):
    """Title, publication time, language and source of every file, and the copies found as copies."""
    records = generate(tmp_path / "raw", 100, seed=5)
    assert any(record["duplicate_of"] for record in records)
    content = tmp_path / "raw"
    result = run_inspect("--sources", str(content / "sources.yaml"), "--tags", str(content / "tags.yaml"), str(content))
    assert result.returncode == 0, result.stderr
    seen = {}
    for line in result.stdout.splitlines():
        record = json.loads(line)
        seen[str(Path(record["path"]).resolve().relative_to(content.resolve()))] = record
    assert len(seen) == len(records)
    for expected in records:
        got = seen[expected["path"]]
        assert got["status"] == "published", got["reason"]
        assert folded(got["title"]) == folded(expected["title"]), expected["path"]
        assert datetime.fromisoformat(got["published"]) == datetime.fromisoformat(expected["published"])
        assert got["lang"] == expected["lang"], expected["path"]
        assert got["source_id"] == expected["source_id"], expected["path"]
        assert got["url"] == expected["url"]
        if expected["duplicate_of"]:
            assert got["duplicate_of"] and got["duplicate_of"].endswith(expected["duplicate_of"])
    assert not result.stderr.strip(), result.stderr


# ------------------------------------------------------------------------------------------ harness


def fabricated(
    system: str, size: int, scenario: str, seconds: float, *, peak_mb: float = 400, ok: bool = True, rss_mb=None
) -> Run:
    articles = bench.articles_at(size, scenario)
    code = 0 if ok else 1
    rss = int((rss_mb if rss_mb is not None else peak_mb) * bench.MB)
    return Run(
        system, size, scenario, articles, seconds, rss, 10 * size, 50_000 * size, code, "x.log", int(peak_mb * bench.MB)
    )


def fabricated_runs(large_cold: float = 40.0, large_edit: float = 2.0) -> list[Run]:
    runs = []
    for size, cold in ((1000, 2.0), (20000, large_cold)):
        scale = size / 1000
        runs += [
            fabricated("ours", size, "cold", cold),
            fabricated("ours", size, "no-change", cold * 0.05),
            fabricated("ours", size, "new", cold * 0.2),
            fabricated("ours", size, "edit", large_edit if size == 20000 else 0.1, peak_mb=600 * scale / 20),
            fabricated("pelican", size, "cold", 3.0 * scale),
            fabricated("pelican", size, "no-change", 2.5 * scale),
            fabricated("pelican", size, "new", 2.6 * scale),
            fabricated("pelican", size, "edit", 2.6 * scale),
        ]
    return runs


@pytest.mark.parametrize(
    ("environ", "sizes"),
    [
        ({}, [1000, 5000, 20000]),
        ({"BENCH_MAX": "50000"}, [1000, 5000, 20000, 50000]),
        ({"BENCH_MAX": "5000"}, [1000, 5000]),
        ({"BENCH_SIZES": "5000,1000"}, [1000, 5000]),
        ({"BENCH_SIZES": "40", "BENCH_MAX": "50000"}, [40]),
    ],
)
def test_sizes_come_from_the_environment(environ, sizes):
    assert bench.sizes_from(environ) == sizes


def test_sizes_must_be_positive():
    with pytest.raises(ValueError, match="BENCH_SIZES"):
        bench.sizes_from({"BENCH_SIZES": "0"})


def test_the_targets_are_judged_at_the_largest_size():
    size, targets = bench.evaluate_targets(fabricated_runs())
    assert size == 20000
    status = {target.name: target.status for target in targets}
    assert status == {
        "cold ≤ plain Pelican's cold": "PASS",  # 40 s against 60 s
        "no change ≤ 10% of cold": "PASS",  # 5%
        "+1% new ≤ 15% of cold": "FAIL",  # 20%
        "one edit ≤ 10% of cold": "PASS",  # 2 s of 40 s
        "peak memory ≤ 1.5 GB": "PASS",
        "peak memory grows no faster than linearly": "PASS",  # 600 MB at 20,000 against 400 MB at 1,000
        "time per article within 1.3× of that at 1,000": "PASS",  # 40/20.2 against 2/1 per 1,000 articles
    }
    by_name = {target.name: target for target in targets}
    assert by_name["+1% new ≤ 15% of cold"].limit == 6.0
    assert "20.0%" in by_name["+1% new ≤ 15% of cold"].detail


def test_a_share_just_over_its_limit_is_not_printed_as_the_limit():
    """15.98 s of a 103.50 s cold build is 15.4%, over 15%: the share says so, not "15%"."""
    cold, new = fabricated("ours", 20000, "cold", 103.5), fabricated("ours", 20000, "new", 15.98)
    target = bench.share_target("+1% new ≤ 15% of cold", new, cold, bench.NEW_FILES_SHARE)
    assert target.status == "FAIL"
    assert target.detail == "15.98 s is 15.4% of the cold 103.50 s (at most 15.52 s)"


def test_slow_scaling_memory_and_failed_builds_fail_their_targets():
    runs = fabricated_runs(large_cold=70.0, large_edit=9.0)
    runs = [
        run if run.scenario != "no-change" or run.size != 20000 else fabricated("ours", 20000, "no-change", 1, ok=False)
        for run in runs
    ]
    runs.append(fabricated("ours", 20000, "cold", 70.0, peak_mb=1600))
    _size, targets = bench.evaluate_targets(runs)
    status = {target.name: target.status for target in targets}
    assert status["cold ≤ plain Pelican's cold"] == "FAIL"
    assert status["no change ≤ 10% of cold"] == "FAIL"
    assert status["one edit ≤ 10% of cold"] == "FAIL"
    assert status["peak memory ≤ 1.5 GB"] == "FAIL"
    assert status["time per article within 1.3× of that at 1,000"] == "FAIL"


def test_memory_is_judged_on_the_proportional_sum_and_the_resident_sum_is_shown():
    """Forked workers share their parent's pages: the resident sum counts them in every process."""
    large_cold = ("ours", 20000, "cold")
    runs = [run for run in fabricated_runs() if (run.system, run.size, run.scenario) != large_cold]
    runs.append(fabricated(*large_cold, 40.0, peak_mb=1200, rss_mb=2600))
    _size, targets = bench.evaluate_targets(runs)
    (memory,) = [target for target in targets if target.name == "peak memory ≤ 1.5 GB"]
    assert memory.status == "PASS" and memory.value == 1200.0
    assert "2600 MB" in memory.detail


def growth_target(peaks_by_size: dict[int, tuple[float, ...]], failed: tuple[int, str] | None = None):
    """The memory-growth target of our four builds at each size with these peaks (MB, in
    SHARED_SCENARIOS' order)."""
    runs = [run for run in fabricated_runs() if run.system == "pelican"]
    for size, peaks in peaks_by_size.items():
        for scenario, peak_mb in zip(bench.SHARED_SCENARIOS, peaks, strict=True):
            ok = failed != (size, scenario)
            runs.append(fabricated("ours", size, scenario, size / 1000, peak_mb=peak_mb, ok=ok))
    (growth,) = [t for t in bench.evaluate_targets(runs)[1] if t.name == "peak memory grows no faster than linearly"]
    return growth


def test_memory_growing_faster_than_the_archive_fails_its_target():
    """Each size's peak is the largest of its builds; per article, the largest size may hold no more than 1,000."""
    growth = growth_target({1000: (20, 25, 30, 10), 5000: (120, 130, 150, 90), 20000: (700, 640, 620, 300)})
    assert growth.status == "FAIL"
    assert growth.value == round((700 / 20) / 30, 3)  # 35 MB per 1,000 articles against 30
    assert "30 MB at 1000" in growth.detail and "150 MB at 5000" in growth.detail and "700 MB at 20000" in growth.detail
    assert "+30.0 MB per 1,000 added from 1000 to 5000" in growth.detail  # 120 MB more for 4,000 articles more
    assert "+36.7 MB per 1,000 added from 5000 to 20000" in growth.detail

    linear = growth_target({1000: (20, 25, 30, 10), 20000: (600, 590, 580, 300)})
    assert growth.limit == 1.0 and linear.status == "PASS" and linear.value == 1.0  # 30 MB per 1,000 at both

    failed = growth_target({1000: (20, 25, 30, 10), 20000: (600, 590, 580, 300)}, failed=(20000, "edit"))
    assert failed.status == "FAIL" and failed.detail == "a build failed"


def test_memory_growth_needs_a_second_size():
    runs = [run for run in fabricated_runs() if run.size == 1000]
    (growth,) = [t for t in bench.evaluate_targets(runs)[1] if t.name == "peak memory grows no faster than linearly"]
    assert growth.status == "SKIP"


def test_the_proportional_size_of_a_process_is_read_from_the_kernel():
    own = bench.proportional_bytes(os.getpid())
    assert 0 < own <= bench.resident_bytes(os.getpid()) * 1.01
    peak = bench.PeakMemory()
    peak.sample(os.getpid())
    assert peak.resident >= own and peak.proportional >= own


def test_proportional_sizes_are_read_a_fiftieth_of_the_time_at_most(monkeypatch):
    """Reading a large process's proportional size costs the kernel a walk of its pages: the next read
    waits 49 times as long as the last one took."""
    clock = iter([0.0, 0.02, 0.05, 0.5, 0.99, 1.0, 1.01])  # the two reads' starts and ends, and the polls between
    reads = []
    monkeypatch.setattr(bench.time, "perf_counter", lambda: next(clock))
    monkeypatch.setattr(bench, "process_tree", lambda root: [root])
    monkeypatch.setattr(bench, "proportional_bytes", lambda pid: reads.append(pid) or 1000 * len(reads))
    peak = bench.PeakMemory()
    for _ in range(5):
        peak.sample(os.getpid())
    assert len(reads) == 2  # at 0.0 (done at 0.02: the next at 1.0 or later) and at 1.0
    assert peak.proportional == 2000


def test_targets_without_a_reference_or_a_second_size_are_skipped():
    runs = [run for run in fabricated_runs() if run.system == "ours" and run.size == 1000]
    size, targets = bench.evaluate_targets(runs)
    assert size == 1000
    status = {target.name: target.status for target in targets}
    assert status["cold ≤ plain Pelican's cold"] == "SKIP"
    assert status["time per article within 1.3× of that at 1,000"] == "SKIP"
    assert bench.evaluate_targets([]) == (None, [])


def test_ratios_divide_our_time_by_each_reference():
    entries = bench.ratios(fabricated_runs())
    assert {"size": 20000, "scenario": "cold", "reference": "pelican", "ratio": round(40 / 60, 3)} in entries
    assert len(entries) == 8
    text = bench.format_ratios(entries)
    assert "pelican" in text and "0.67×" in text


@pytest.mark.parametrize(("value", "repeats"), [(None, 1), ("", 1), ("3", 3)])
def test_repeats_come_from_the_environment(value, repeats):
    assert bench.repeats_from({} if value is None else {"BENCH_REPEAT": value}) == repeats


@pytest.mark.parametrize("value", ["0", "-1", "two"])
def test_repeats_must_be_a_positive_count(value):
    with pytest.raises(ValueError, match="BENCH_REPEAT"):
        bench.repeats_from({"BENCH_REPEAT": value})


def test_repeated_builds_are_judged_on_their_median_with_their_largest_memory():
    runs = [
        fabricated("ours", 20000, "edit", seconds, peak_mb=peak)
        for seconds, peak in ((14.0, 900), (11.0, 1100), (12.0, 1000))
    ]
    run = bench.median_run(runs)
    assert run.seconds == 12.0 and run.peak_pss_bytes == 1100 * bench.MB
    assert run.repeat_seconds == (14.0, 11.0, 12.0)
    assert bench.median_run(runs[:2]).seconds == 11.0  # the lower of the middle two
    failed = bench.median_run([*runs[:2], fabricated("ours", 20000, "edit", 13.0, ok=False)])
    assert not failed.ok and failed.seconds == 13.0


def test_each_repeat_adds_another_days_files_and_edits_another_article(tmp_path):
    layout = bench.Layout(tmp_path)
    archive = bench_corpus.Archive(100, 1)
    folder, fmt = layout.content("ours")
    bench_corpus.write_archive(folder, 100, 1, fmt, archive=archive)
    before = tree_bytes(folder)
    bench.apply_scenario(layout, "ours", "new", archive, 0)
    bench.apply_scenario(layout, "ours", "new", archive, 1)
    added = set(tree_bytes(folder)) - set(before)
    assert added == {archive.slot(index).path(fmt) for index in range(100, 102)}
    assert [bench.articles_at(100, "new", repeat, 2) for repeat in (0, 1)] == [101, 102]
    assert bench.articles_at(100, "edit", 1, 2) == bench.articles_at(100, "rerender", 0, 2) == 102
    first, second = bench.edited_index(100, 0), bench.edited_index(100, 1)
    assert first != second
    after_new = tree_bytes(folder)
    bench.apply_scenario(layout, "ours", "edit", archive, 0)
    bench.apply_scenario(layout, "ours", "edit", archive, 1)
    edited = {path for path, data in tree_bytes(folder).items() if after_new[path] != data}
    assert edited == {archive.slot(first).path(fmt), archive.slot(second).path(fmt)}
    bench.apply_scenario(layout, "ours", "rerender", archive, 1)
    assert tree_bytes(folder)[archive.slot(second).path(fmt)] == after_new[archive.slot(second).path(fmt)]
    assert bench.scenario_settings("rerender", 0) != bench.scenario_settings("rerender", 1)


def test_only_our_build_renders_anew_with_the_edit_undone(tmp_path):
    layout = bench.Layout(tmp_path)
    assert bench.scenarios_of("ours") == (*bench.SHARED_SCENARIOS, "rerender")
    assert bench.scenarios_of("pelican") == bench.scenarios_of("hugo") == bench.SHARED_SCENARIOS
    anew, cold = bench.our_command(layout, "rerender"), bench.our_command(layout)
    (options,) = [part for part in anew if part.startswith("PELICANOPTS=")]
    assert "BENCH_RENDER_ANEW=1" in options
    assert "BENCH_RENDER_ANEW" not in next(part for part in cold if part.startswith("PELICANOPTS="))
    assert bench.pelican_command(layout, "rerender") == bench.pelican_command(layout)
    assert bench.articles_at(1000, "rerender") == 1010


def test_the_table_has_a_row_per_build():
    runs = fabricated_runs()
    table = bench.format_table(runs).splitlines()
    assert table[0].split() == ["system", "N", "scenario", "seconds", "s/1000", "PSS", "MB", "RSS", "MB", "files", "MB"]
    assert len(table) == 2 + len(runs)
    assert any(re.match(r"ours\s+20000\s+\+1% new\s+8\.00\s+0\.40\s", row) for row in table)
    failed = bench.format_table([fabricated("ours", 1000, "cold", 1.0, ok=False)])
    assert "FAILED (exit 1, x.log)" in failed


def test_the_results_document_holds_runs_ratios_and_targets():
    document = bench.results_document(fabricated_runs(), [1000, 20000], 1, {"ours": {}}, datetime(2025, 1, 1))
    assert document["targets_size"] == 20000
    assert len(document["runs"]) == 16
    assert set(document["runs"][0]) >= {
        "system",
        "size",
        "scenario",
        "seconds",
        "seconds_per_1000",
        "peak_rss_mb",
        "peak_pss_mb",
    }
    json.dumps(document)


def test_the_process_tree_includes_grandchildren():
    script = "import subprocess, sys; subprocess.run([sys.executable, '-c', 'import time; time.sleep(3)'])"
    process = subprocess.Popen([sys.executable, "-c", script])
    try:
        for _ in range(100):
            if len(bench.process_tree(process.pid)) == 2:
                break
            subprocess.run(["sleep", "0.05"], check=True)
        assert len(bench.process_tree(process.pid)) == 2
        assert bench.tree_resident_bytes(process.pid) > bench.resident_bytes(process.pid) > 0
    finally:
        process.kill()
        process.wait()


def missing_for_harness() -> str | None:
    if not shutil.which("make"):
        return "make is not installed"
    for module in ("pelican", "markdown", "pagefind_bin_extended"):
        if importlib.util.find_spec(module) is None:
            return f"the venv lacks {module}"
    if not (ROOT / bench.VENV_READY).exists():
        return ".venv is not set up (make venv)"
    return None


@pytest.mark.build
@pytest.mark.skipif(missing_for_harness() is not None, reason=str(missing_for_harness()))
def test_a_real_run_on_a_tiny_archive_writes_every_field(tmp_path):
    results = tmp_path / "results.json"
    env = {
        **os.environ,
        "BENCH_SIZES": "40",
        "BENCH_REPEAT": "2",
        "BENCH_DIR": str(tmp_path / "bench"),
        "BENCH_JSON": str(results),
    }
    env = {key: value for key, value in env.items() if key not in bench.MAKE_VARIABLES}
    result = subprocess.run(
        [sys.executable, "-m", "tools.bench"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    document = json.loads(results.read_text(encoding="utf-8"))
    expected_systems = ["ours", "pelican"] + (["hugo"] if shutil.which("hugo") else [])
    assert sorted({run["system"] for run in document["runs"]}) == sorted(expected_systems)
    assert len(document["runs"]) == 4 * len(expected_systems) + 1  # ours re-rendering too
    assert {run["scenario"] for run in document["runs"] if run["system"] != "ours"} == set(bench.SHARED_SCENARIOS)
    assert document["repeats"] == 2
    expected_articles = {"cold": {40}, "no-change": {40}, "new": {41, 42}, "edit": {42}, "rerender": {42}}
    for run in document["runs"]:
        assert run["exit_code"] == 0, run
        assert run["seconds"] > 0 and run["peak_rss_mb"] > 0 and run["files"] > 0 and run["bytes"] > 0
        assert run["articles"] in expected_articles[run["scenario"]], run
        assert Path(run["log"]).is_file()
        assert len(run["repeat_seconds"]) == 2 and run["seconds"] == min(run["repeat_seconds"])  # the lower median
    assert {entry["reference"] for entry in document["ratios"]} == set(expected_systems) - {"ours"}
    assert document["targets_size"] == 40
    assert [target["status"] for target in document["targets"]][-1] == "SKIP"
    assert set(document) == {
        "started",
        "machine",
        "seed",
        "articles_per_day",
        "sizes",
        "repeats",
        "scenarios",
        "systems",
        "runs",
        "ratios",
        "targets_size",
        "targets",
    }
    if "hugo" not in expected_systems:
        assert "hugo skipped" in result.stdout
    assert "Targets at N=40:" in result.stdout
    # Our build read the archive's own sources: every file published, none rejected.
    output = tmp_path / "bench" / "40" / "output-ours"
    report = json.loads((output / "report.json").read_text(encoding="utf-8"))
    assert report["totals"]["rejected"] == 0, report["totals"]
    # The re-renders rendered every page anew, an edit undone: its shard alone indexed again.
    for name in ("ours-rerender.log", "ours-rerender-2.log"):
        log = (tmp_path / "bench" / "40" / name).read_text(encoding="utf-8")
        assert re.search(r"\(1 indexed, \d+ kept from the previous build\)", log), log[-2000:]
    assert "median" in result.stdout and "Each build's median of 2 runs" in result.stdout
    # Each replaced site was gone before the next build started.
    assert not list((tmp_path / "bench" / "40").glob(".output-ours.old-*"))
    edit_log = (tmp_path / "bench" / "40" / "ours-edit.log").read_text(encoding="utf-8")
    assert "bench: the replaced site was removed" in edit_log


@pytest.mark.parametrize(("argument", "status"), [("--help", 0), ("--sizes=1000", 2)])
def test_the_command_line_answers_help_and_refuses_arguments_without_running(argument, status, monkeypatch, capsys):
    monkeypatch.setattr(bench, "run_bench", lambda environ: pytest.fail("the bench ran"))
    with pytest.raises(SystemExit) as stopped:
        bench.main([argument])
    assert stopped.value.code == status
    if status == 0:
        assert "BENCH_SIZES" in capsys.readouterr().out


def test_the_next_build_waits_for_the_replaced_site_to_be_removed(tmp_path):
    output = tmp_path / "output-ours"
    output.mkdir()
    replaced = tmp_path / ".output-ours.old-abc"
    (replaced / "page").mkdir(parents=True)
    remover = threading.Timer(0.3, shutil.rmtree, args=(replaced,))
    remover.start()
    try:
        bench.wait_for_removal(output)
        assert not replaced.exists()
    finally:
        remover.join()


def test_the_wait_for_a_removal_has_a_limit(tmp_path):
    output = tmp_path / "output-ours"
    output.mkdir()
    replaced = tmp_path / ".output-ours.old-abc"
    replaced.mkdir()
    bench.wait_for_removal(output, limit=0)
    assert replaced.exists()  # given up on, not removed by the bench

"""How our build scales with the archive, measured against plain Pelican and Hugo on the same articles.

    make bench [BENCH_SIZES=1000,5000] [BENCH_MAX=50000]
    .venv/bin/python -m tools.bench

For each archive size N (1,000, 5,000 and 20,000 articles; 50,000 too with BENCH_MAX=50000; BENCH_SIZES
names the sizes outright) it writes a generated archive (tools/bench_corpus.py) under bench/N/ — raw files
for us, their Markdown twin for Pelican, Hugo content for Hugo — and times four builds of each system,
each a separate process: cold (output and cache removed), no change (the same build again at once), +1%
new (N/100 new files dated after the archive) and one edit (one paragraph of one article changed). Ours
builds once more, re-rendering: a setting that no template reads given a value (BENCH_RENDER_ANEW),
and the edit undone. Every page is then rendered anew, as after an upgrade of the plugin, its bytes
unchanged, while the edited article's shard of the search index is indexed again, as on an upgrade
day that brings news: the build that broke the memory target once, when that shard was indexed beside
a Pelican rendering every page (tools/search_index.py now waits for Pelican then). The references
have no page to keep from one build to the next, so this would be one more full build for them; they
do not run it.

Our build runs exactly as `make html` runs it (tools/build.py, then the Makefile's BUILD_STEPS, such as
the search index), on the archive's own sources.yaml and tags.yaml and with a CACHE_PATH of its own.
Plain Pelican 4.12 runs with its default theme and Markdown reader (tools/bench_reference/pelicanconf.py);
Hugo runs when `hugo` is on PATH (tools/bench_reference/hugo/), and is reported as skipped otherwise.

A build of ours removes the site it replaced in the background once it has ended (tools/build.py);
the bench waits for that before the next build, which would otherwise share the disk and cores with
it, and notes the wait in the build's log.

BENCH_REPEAT=R times each build R times in a row, each on the state the one before left, and judges
every figure on the median run: a cold build from nothing each time, no change again, another day's +1%
(the next N/100 files), an edit of another article, a re-render undoing that edit with the setting given
another value. Single builds on a machine of two cores vary by several seconds from run to run, about
as much as some targets' margins; the table shows each build's median, the JSON every run's time, and
the memory figures are the largest over the runs.

Each build is measured for wall time, peak memory of its whole process tree (sampled every 50 ms, the
proportional sizes less often: PeakMemory; the largest sum), and the files and bytes of its output.
Memory is the proportional set size (PSS) of each process, summed: a page shared by n processes counts
1/n in each, so the sum is the memory the tree holds. The resident sizes (RSS) are summed and shown too,
but overstate a tree of forked workers: each child's RSS counts every page it still shares with its
parent. The memory target is judged on PSS; for a single process (plain Pelican, Hugo) the two differ
only by shared libraries. Builds log to bench/N/<system>-<scenario>.log; the terminal gets one line per
step, then a table, our time divided by each reference's, and the targets of the archive-scale work
evaluated at the largest N. Everything is written as JSON to bench/results.json.

Environment: BENCH_SIZES (comma-separated sizes), BENCH_MAX (the largest default size run, 20000),
BENCH_REPEAT (runs of each build, 1), BENCH_JSON (where the JSON goes), BENCH_DIR (the working folder,
bench/), BENCH_SEED (the archive's seed).
Exits 1 when a build failed; a missed target is reported, not an error.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.metadata
import itertools
import json
import os
import platform
import shlex
import shutil
import signal
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

from tools import bench_corpus, build

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT / "tools" / "bench_reference"
DEFAULT_SIZES = (1000, 5000, 20000)
LARGE_SIZES = (50000,)
DEFAULT_MAX = 20000
SYSTEMS = ("ours", "pelican", "hugo")
SCENARIOS = ("cold", "no-change", "new", "edit", "rerender")
SCENARIO_LABELS = {
    "cold": "cold",
    "no-change": "no change",
    "new": "+1% new",
    "edit": "one edit",
    "rerender": "re-render",
}
# The scenarios the references run too (the docstring says why not the others).
SHARED_SCENARIOS = ("cold", "no-change", "new", "edit")
# An edit's article in a repeat (BENCH_REPEAT) after the first: this many articles on from the last one.
EDIT_STRIDE = 97
POLL_SECONDS = 0.05
# The largest share of the time the bench spends reading proportional sizes (PeakMemory).
PSS_DUTY = 0.02
# The longest wait for the site a build of ours replaced to be removed in the background (tools/build.py).
REMOVAL_WAIT_SECONDS = 120
PAGE_BYTES = os.sysconf("SC_PAGE_SIZE")
MB = 1000**2
GB = 1000**3
# The targets of the archive-scale work, each against our cold build at the largest size run.
NO_CHANGE_SHARE = 0.10
NEW_FILES_SHARE = 0.15
EDIT_SHARE = 0.10
PEAK_MEMORY_LIMIT = 1.5 * GB
SCALING_LIMIT = 1.3
# Peak memory per article at the largest size, against that at the base size: linear growth at most.
MEMORY_GROWTH_LIMIT = 1.0
SCALING_BASE_SIZE = 1000
# Make's own variables: the `make bench` this runs under must not leak into the `make html` it runs.
MAKE_VARIABLES = ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES")
VENV_READY = ".venv/.ready"


@dataclass(frozen=True)
class Run:
    """One timed build."""

    system: str
    size: int  # the archive's size N
    scenario: str
    articles: int  # articles in the content folder when it ran
    seconds: float
    peak_rss_bytes: int  # the largest sum of the tree's resident memory (counts shared pages once per process)
    files: int
    bytes: int
    exit_code: int
    log: str
    peak_pss_bytes: int = 0  # the largest sum of the tree's proportional memory (shared pages split)
    repeat_seconds: tuple[float, ...] = ()  # with BENCH_REPEAT, every run's time (seconds is their median)

    @property
    def ok(self) -> bool:
        return self.exit_code == 0

    @property
    def seconds_per_1000(self) -> float:
        return self.seconds * 1000 / self.articles


@dataclass(frozen=True)
class Target:
    name: str
    status: str  # PASS, FAIL or SKIP
    value: float | None
    limit: float | None
    detail: str


@dataclass(frozen=True)
class Layout:
    """Where one archive size's files go."""

    base: Path

    @property
    def raw(self) -> Path:
        return self.base / "content"

    @property
    def markdown(self) -> Path:
        return self.base / "markdown"

    @property
    def hugo_site(self) -> Path:
        return self.base / "hugo"

    @property
    def hugo_content(self) -> Path:
        return self.hugo_site / "content"

    def output(self, system: str) -> Path:
        return self.base / f"output-{system}"

    def cache(self, system: str) -> Path:
        return self.base / f"cache-{system}"

    def log(self, system: str, scenario: str, repeat: int = 0) -> Path:
        return self.base / f"{system}-{scenario}{f'-{repeat + 1}' if repeat else ''}.log"

    def content(self, system: str) -> tuple[Path, str]:
        """The folder a system reads and the format bench_corpus writes there."""
        return {
            "ours": (self.raw, "raw"),
            "pelican": (self.markdown, "markdown"),
            "hugo": (self.hugo_content, "hugo"),
        }[system]


# ------------------------------------------------------------------------------------------ settings


def sizes_from(environ: Mapping[str, str]) -> list[int]:
    """BENCH_SIZES outright, else the default sizes up to BENCH_MAX."""
    named = environ.get("BENCH_SIZES", "").strip()
    if named:
        sizes = sorted({int(part) for part in named.replace(" ", ",").split(",") if part.strip()})
        if not sizes or sizes[0] < 1:
            raise ValueError(f"BENCH_SIZES must list positive sizes, not {named!r}")
        return sizes
    largest = int(environ.get("BENCH_MAX") or DEFAULT_MAX)
    return [size for size in (*DEFAULT_SIZES, *LARGE_SIZES) if size <= largest] or [min(DEFAULT_SIZES)]


def repeats_from(environ: Mapping[str, str]) -> int:
    named = environ.get("BENCH_REPEAT", "").strip()
    if not named:
        return 1
    if not named.isdigit() or int(named) < 1:
        raise ValueError(f"BENCH_REPEAT must be a positive count, not {named!r}")
    return int(named)


def scenarios_of(system: str) -> tuple[str, ...]:
    return SCENARIOS if system == "ours" else SHARED_SCENARIOS


def extra_files(size: int) -> int:
    """The +1% scenario's new files."""
    return max(1, size // 100)


def edited_index(size: int, repeat: int = 0) -> int:
    """The article an edit changes (and a re-render undoes): the middle one, then others on from it."""
    return (size // 2 + repeat * EDIT_STRIDE) % size


def scenario_settings(scenario: str, repeat: int = 0) -> dict:
    """The settings a scenario's build of ours runs with, beside the archive's own: a re-render gives a
    setting no template reads a value the build before did not have."""
    return {"BENCH_RENDER_ANEW": repeat + 1} if scenario == "rerender" else {}


def child_environment() -> dict[str, str]:
    return {key: value for key, value in os.environ.items() if key not in MAKE_VARIABLES}


# ---------------------------------------------------------------------------------------- commands


def our_command(layout: Layout, scenario: str = "cold", repeat: int = 0) -> list[str]:
    """`make html` on the archive: the Makefile's build and steps; settings pointed at the archive, and
    the scenario's own (scenario_settings)."""
    settings = {
        "NEWS_DIGEST_SOURCES": str(layout.raw / "sources.yaml"),
        "NEWS_DIGEST_TAGS": str(layout.raw / "tags.yaml"),
        "CACHE_PATH": str(layout.cache("ours")),
        **scenario_settings(scenario, repeat),
    }
    overrides = " ".join(f"{key}={shlex.quote(json.dumps(value))}" for key, value in settings.items())
    return [
        "make",
        "--no-print-directory",
        "-o",
        VENV_READY,  # never reinstall the venv inside a timed build
        "html",
        f"INPUTDIR={layout.raw}",
        f"OUTPUTDIR={layout.output('ours')}",
        f"PELICANOPTS=-e {overrides}",
    ]


def pelican_command(layout: Layout, _scenario: str = "cold", _repeat: int = 0) -> list[str]:
    return [
        sys.executable,
        "-m",
        "pelican",
        str(layout.markdown),
        "-o",
        str(layout.output("pelican")),
        "-s",
        str(REFERENCE / "pelicanconf.py"),
        "-e",
        f"CACHE_PATH={json.dumps(str(layout.cache('pelican')))}",
    ]


def hugo_command(layout: Layout, _scenario: str = "cold", _repeat: int = 0) -> list[str]:
    return [
        "hugo",
        "--source",
        str(layout.hugo_site),
        "--destination",
        str(layout.output("hugo")),
        "--cacheDir",
        str(layout.cache("hugo")),
    ]


COMMANDS = {"ours": our_command, "pelican": pelican_command, "hugo": hugo_command}


def hugo_version() -> str | None:
    if not shutil.which("hugo"):
        return None
    result = subprocess.run(["hugo", "version"], capture_output=True, text=True, check=False)
    return result.stdout.strip() or None


def package_version(name: str) -> str | None:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return None


# ------------------------------------------------------------------------------------- measurement


def children_by_parent() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = defaultdict(list)
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", encoding="ascii", errors="replace") as handle:
                stat = handle.read()
        except OSError:
            continue  # gone since the listing
        fields = stat.rpartition(")")[2].split()
        if len(fields) > 1:
            tree[int(fields[1])].append(int(entry.name))
    return tree


def process_tree(root: int) -> list[int]:
    """The process and all its descendants alive now."""
    tree = children_by_parent()
    found = [root]
    for pid in found:
        found.extend(tree.get(pid, ()))
    return found


def resident_bytes(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm", encoding="ascii") as handle:
            return int(handle.read().split()[1]) * PAGE_BYTES
    except (OSError, IndexError, ValueError):
        return 0


def proportional_bytes(pid: int) -> int:
    """The process's proportional set size: its resident pages, each page it shares with n processes
    counted 1/n (smaps_rollup's Pss); its resident size where the kernel does not say."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as handle:
            for line in handle:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except (OSError, IndexError, ValueError):
        pass
    return resident_bytes(pid)


def tree_resident_bytes(root: int) -> int:
    return sum(resident_bytes(pid) for pid in process_tree(root))


class PeakMemory:
    """The largest resident and proportional sums over a process tree seen so far. A forked child's
    resident size counts every page it still shares with its parent, so the resident sum counts those
    pages twice; the proportional sum counts each page once, split among the processes that map it.
    Resident sizes are cheap to read and read at each sample. Proportional ones cost the kernel a walk
    of each process's pages (some 15 ms of CPU for a 900 MB process, measured here), so they are read
    at most PSS_DUTY of the time. Read every 50 ms, they took a quarter of a core through a bench run.
    Read a tenth of the time, they still took 12.7 and 14.4 CPU-seconds of kernel and sampler time
    during a cold build of ours at 20,000 articles, which then took 122.1 and 132.9 s, against 2.3
    CPU-seconds and 105.4 and 104.5 s read as now (a fiftieth), with peaks of 1,352 to 1,479 MB
    either way: the reads slowed the build they measured, which keeps both cores busy, and not plain
    Pelican's, which keeps one. Reading them whenever the resident sum climbed past the highest one
    a read had seen, at up to a tenth of the time, took 7.9 CPU-seconds and 122.2 s."""

    def __init__(self):
        self.resident = self.proportional = 0
        self.next_proportional = 0.0

    def sample(self, root: int) -> None:
        pids = process_tree(root)
        self.resident = max(self.resident, sum(resident_bytes(pid) for pid in pids))
        began = time.perf_counter()
        if began >= self.next_proportional:
            self.proportional = max(self.proportional, sum(proportional_bytes(pid) for pid in pids))
            self.next_proportional = began + (time.perf_counter() - began) / PSS_DUTY


def run_measured(command: list[str], log: Path, cwd: Path = ROOT) -> tuple[float, int, int, int]:
    """(seconds, peak resident and peak proportional bytes of the process tree, exit code); output
    goes to the log."""
    log.parent.mkdir(parents=True, exist_ok=True)
    with open(log, "wb") as handle:
        handle.write(f"$ {shlex.join(command)}\n".encode())
        handle.flush()
        start = time.perf_counter()
        process = subprocess.Popen(
            command, cwd=cwd, env=child_environment(), stdout=handle, stderr=subprocess.STDOUT, start_new_session=True
        )
        peak = PeakMemory()
        try:
            while True:
                peak.sample(process.pid)
                try:
                    code = process.wait(timeout=POLL_SECONDS)
                    break
                except subprocess.TimeoutExpired:
                    continue
        except BaseException:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait()
            raise
        seconds = time.perf_counter() - start
    return seconds, peak.resident, peak.proportional, code


def measure_folder(folder: Path) -> tuple[int, int]:
    """(files, bytes) under the folder; (0, 0) when it is missing."""
    files = total = 0
    for root, _dirs, names in os.walk(folder):
        for name in names:
            with contextlib.suppress(OSError):
                total += os.stat(os.path.join(root, name)).st_size
                files += 1
    return files, total


# ---------------------------------------------------------------------------------------- scenarios


def prepare(layout: Layout, size: int, seed: int, systems: Iterable[str]) -> bench_corpus.Archive:
    """A fresh archive of `size` articles in every format the systems read."""
    if layout.base.exists():
        shutil.rmtree(layout.base)
    archive = bench_corpus.Archive(size, seed)
    for system in systems:
        folder, fmt = layout.content(system)
        if system == "hugo":
            shutil.copytree(REFERENCE / "hugo", layout.hugo_site)
        bench_corpus.write_archive(folder, size, seed, fmt, archive=archive)
    return archive


def apply_scenario(layout: Layout, system: str, scenario: str, archive: bench_corpus.Archive, repeat: int = 0) -> None:
    """Change the system's content and state as the scenario says, before its build (the repeat-th of
    it: another day's new files, another article edited, that edit undone)."""
    folder, fmt = layout.content(system)
    if scenario == "cold":
        leftovers = [layout.output(system), layout.cache(system)]
        if system == "ours":
            leftovers.append(build.spare_folders(layout.output(system)))  # a next build starts from them
        if system == "hugo":
            leftovers.append(layout.hugo_site / "resources")  # Hugo's own generated files
        for path in leftovers:
            shutil.rmtree(path, ignore_errors=True)
    elif scenario == "new":
        extra = extra_files(archive.size)
        bench_corpus.write_archive(folder, archive.size, archive.seed, fmt, extra=extra, batch=repeat, archive=archive)
    elif scenario in ("edit", "rerender"):  # an article edited, then as it was
        edit = edited_index(archive.size, repeat)
        undone = scenario == "rerender"
        bench_corpus.write_archive(folder, archive.size, archive.seed, fmt, edit=edit, undone=undone, archive=archive)


def articles_at(size: int, scenario: str, repeat: int = 0, repeats: int = 1) -> int:
    """Articles in the content folder at the scenario's repeat-th build: each +1% adds a day's files."""
    if scenario in ("cold", "no-change"):
        return size
    return size + extra_files(size) * (repeat + 1 if scenario == "new" else repeats)


def relative(path: Path) -> str:
    try:
        return str(path.relative_to(ROOT))
    except ValueError:
        return str(path)


def wait_for_removal(output: Path, limit: float = REMOVAL_WAIT_SECONDS) -> float:
    """Seconds waited, at most limit, until no site that a build into output replaced is still being
    removed in the background (tools/build.py's remove_in_background: some 12 s of the disk's time
    for a site of 48,000 files written anew). The next build then starts on a quiet machine, as a
    day's build does, instead of sharing it with the last one's clean-up."""
    started = time.perf_counter()
    prefix = build.previous_prefix(output)
    while output.parent.is_dir() and build.siblings(output, prefix) and time.perf_counter() - started < limit:
        time.sleep(POLL_SECONDS)
    return time.perf_counter() - started


def run_scenario(
    layout: Layout, system: str, scenario: str, archive: bench_corpus.Archive, *, repeat: int = 0, repeats: int = 1
) -> Run:
    apply_scenario(layout, system, scenario, archive, repeat)
    log = layout.log(system, scenario, repeat)
    seconds, peak, peak_pss, code = run_measured(COMMANDS[system](layout, scenario, repeat), log)
    waited = wait_for_removal(layout.output(system))
    with open(log, "a", encoding="utf-8") as handle:
        handle.write(f"bench: the replaced site was removed {waited:.2f} s after the build (not timed)\n")
    files, total = measure_folder(layout.output(system))
    articles = articles_at(archive.size, scenario, repeat, repeats)
    return Run(system, archive.size, scenario, articles, seconds, peak, files, total, code, relative(log), peak_pss)


def median_run(runs: list[Run]) -> Run:
    """One build's repeats as one: the median run (the lower of the middle two), with the largest
    memory figures of them all, every run's time, and the first failure's exit code and log, if any."""
    if len(runs) == 1:
        return runs[0]
    middle = statistics.median_low(run.seconds for run in runs)
    chosen = next(run for run in runs if run.seconds == middle)
    failed = next((run for run in runs if not run.ok), chosen)
    return replace(
        chosen,
        exit_code=failed.exit_code,
        log=failed.log,
        peak_rss_bytes=max(run.peak_rss_bytes for run in runs),
        peak_pss_bytes=max(run.peak_pss_bytes for run in runs),
        repeat_seconds=tuple(run.seconds for run in runs),
    )


# ------------------------------------------------------------------------------------------ reports


def run_key(run: Run) -> tuple[int, int, int]:
    return (run.size, SYSTEMS.index(run.system), SCENARIOS.index(run.scenario))


TABLE_COLUMNS = (
    ("system", "<8"),
    ("N", ">6"),
    ("scenario", "<10"),
    ("seconds", ">9"),
    ("s/1000", ">8"),
    ("PSS MB", ">8"),
    ("RSS MB", ">8"),
    ("files", ">7"),
    ("MB", ">8"),
)


def table_row(cells: Iterable[str]) -> str:
    return " ".join(f"{cell:{align}}" for cell, (_name, align) in zip(cells, TABLE_COLUMNS, strict=True))


def format_table(runs: Iterable[Run]) -> str:
    header = table_row(name for name, _align in TABLE_COLUMNS)
    lines = [header, "-" * len(header)]
    for run in sorted(runs, key=run_key):
        cells = (
            run.system,
            str(run.size),
            SCENARIO_LABELS[run.scenario],
            f"{run.seconds:.2f}",
            f"{run.seconds_per_1000:.2f}",
            f"{run.peak_pss_bytes / MB:.1f}",
            f"{run.peak_rss_bytes / MB:.1f}",
            str(run.files),
            f"{run.bytes / MB:.1f}",
        )
        lines.append(table_row(cells) + ("" if run.ok else f"  FAILED (exit {run.exit_code}, {run.log})"))
    return "\n".join(lines)


def index_runs(runs: Iterable[Run]) -> dict[tuple[str, int, str], Run]:
    return {(run.system, run.size, run.scenario): run for run in runs}


def ratios(runs: Iterable[Run]) -> list[dict]:
    """Our time divided by each reference's, per size and scenario, where both builds succeeded."""
    by_key = index_runs(runs)
    result = []
    for (system, size, scenario), reference in sorted(by_key.items(), key=lambda item: run_key(item[1])):
        ours = by_key.get(("ours", size, scenario))
        if system == "ours" or not ours or not (ours.ok and reference.ok) or reference.seconds <= 0:
            continue
        ratio = ours.seconds / reference.seconds
        result.append({"size": size, "scenario": scenario, "reference": system, "ratio": round(ratio, 3)})
    return result


def format_ratios(entries: list[dict]) -> str:
    if not entries:
        return "ours ÷ reference: no reference ran"
    header = f"{'ours ÷':<8} {'N':>6} " + " ".join(f"{SCENARIO_LABELS[s]:>10}" for s in SHARED_SCENARIOS)
    lines = [header, "-" * len(header)]
    rows: dict[tuple[int, str], dict[str, float]] = defaultdict(dict)
    for entry in entries:
        rows[(entry["size"], entry["reference"])][entry["scenario"]] = entry["ratio"]
    for (size, reference), values in sorted(rows.items(), key=lambda item: (item[0][0], SYSTEMS.index(item[0][1]))):
        cells = " ".join(f"{values[s]:>9.2f}×" if s in values else f"{'—':>10}" for s in SHARED_SCENARIOS)
        lines.append(f"{reference:<8} {size:>6} {cells}")
    return "\n".join(lines)


def largest_size(runs: Iterable[Run]) -> int | None:
    sizes = [run.size for run in runs if run.system == "ours" and run.scenario == "cold"]
    return max(sizes) if sizes else None


def share_target(name: str, run: Run | None, cold: Run | None, share: float) -> Target:
    """A rebuild that must take at most `share` of the cold build's time."""
    if run is None or cold is None:
        return Target(name, "SKIP", None, None, "not run")
    if not (run.ok and cold.ok):
        return Target(name, "FAIL", None, None, "a build failed")
    limit = share * cold.seconds
    detail = f"{run.seconds:.2f} s is {run.seconds / cold.seconds:.1%} of the cold {cold.seconds:.2f} s"
    detail += f" (at most {limit:.2f} s)"
    return Target(name, "PASS" if run.seconds <= limit else "FAIL", round(run.seconds, 3), round(limit, 3), detail)


def evaluate_targets(runs: list[Run]) -> tuple[int | None, list[Target]]:
    """The archive-scale targets at the largest size our cold build ran."""
    size = largest_size(runs)
    if size is None:
        return None, []
    by_key = index_runs(runs)
    ours = {scenario: by_key.get(("ours", size, scenario)) for scenario in SCENARIOS}
    cold = ours["cold"]
    targets = []
    reference = by_key.get(("pelican", size, "cold"))
    name = "cold ≤ plain Pelican's cold"
    if reference is None:
        targets.append(Target(name, "SKIP", None, None, "plain Pelican did not run"))
    elif not (cold.ok and reference.ok):
        targets.append(Target(name, "FAIL", None, None, "a build failed"))
    else:
        detail = f"{cold.seconds:.2f} s against {reference.seconds:.2f} s"
        status = "PASS" if cold.seconds <= reference.seconds else "FAIL"
        targets.append(Target(name, status, round(cold.seconds, 3), round(reference.seconds, 3), detail))
    targets.append(share_target("no change ≤ 10% of cold", ours["no-change"], cold, NO_CHANGE_SHARE))
    targets.append(share_target("+1% new ≤ 15% of cold", ours["new"], cold, NEW_FILES_SHARE))
    targets.append(share_target("one edit ≤ 10% of cold", ours["edit"], cold, EDIT_SHARE))
    measured = [run for run in ours.values() if run is not None]
    peak = max(run.peak_pss_bytes for run in measured)
    resident = max(run.peak_rss_bytes for run in measured)
    status = "PASS" if peak <= PEAK_MEMORY_LIMIT and all(run.ok for run in measured) else "FAIL"
    detail = (
        f"{peak / MB:.0f} MB at most (limit {PEAK_MEMORY_LIMIT / MB:.0f} MB); "
        f"the resident sizes summed, shared pages counted in each process, {resident / MB:.0f} MB"
    )
    targets.append(Target("peak memory ≤ 1.5 GB", status, round(peak / MB, 1), PEAK_MEMORY_LIMIT / MB, detail))
    targets.append(memory_growth_target(by_key, size))
    targets.append(scaling_target(by_key, size))
    return size, targets


def peak_memory_by_size(by_key: dict[tuple[str, int, str], Run]) -> dict[int, int]:
    """Each size's peak proportional memory over our builds of it (whichever scenario held the most)."""
    peaks: dict[int, int] = {}
    for (system, size, _scenario), run in by_key.items():
        if system == "ours":
            peaks[size] = max(peaks.get(size, 0), run.peak_pss_bytes)
    return peaks


def memory_growth_target(by_key: dict[tuple[str, int, str], Run], size: int) -> Target:
    """Memory that grows no faster than linearly with the archive holds no more per article at the largest
    size than at 1,000 (else the smallest size run): a peak growing as N to any power above 1 holds more
    per article the larger N is. Each size's peak is the largest of its builds (peak_memory_by_size)."""
    name = "peak memory grows no faster than linearly"
    base_size = scaling_base_size(by_key)
    if base_size == size:
        return Target(name, "SKIP", None, None, f"only one size run ({size})")
    runs = [run for (system, _size, _scenario), run in by_key.items() if system == "ours"]
    if not all(run.ok for run in runs if run.size in (base_size, size)):
        return Target(name, "FAIL", None, None, "a build failed")
    peaks = peak_memory_by_size(by_key)
    if not (peaks.get(base_size) and peaks.get(size)):
        return Target(name, "SKIP", None, None, "no memory measured")

    def per_1000(at: int) -> float:
        return peaks[at] / MB * 1000 / at

    ratio = per_1000(size) / per_1000(base_size)
    steps = sorted(peaks)
    detail = "; ".join(f"{peaks[at] / MB:.0f} MB at {at} ({per_1000(at):.1f} MB per 1,000)" for at in steps)
    detail += f": {ratio:.2f}× per article at {size} against {base_size}"
    added = [
        f"{(peaks[larger] - peaks[smaller]) / MB * 1000 / (larger - smaller):+.1f} MB per 1,000 added "
        f"from {smaller} to {larger}"
        for smaller, larger in itertools.pairwise(steps)
    ]
    detail += f" ({', '.join(added)})"
    status = "PASS" if ratio <= MEMORY_GROWTH_LIMIT else "FAIL"
    return Target(name, status, round(ratio, 3), MEMORY_GROWTH_LIMIT, detail)


def scaling_base_size(by_key: dict[tuple[str, int, str], Run]) -> int:
    """The size the largest one is judged against: 1,000, else the smallest our cold build ran."""
    sizes = sorted(s for (system, s, scenario) in by_key if system == "ours" and scenario == "cold")
    return SCALING_BASE_SIZE if SCALING_BASE_SIZE in sizes else sizes[0]


def scaling_target(by_key: dict[tuple[str, int, str], Run], size: int) -> Target:
    """Our cold time per article at the largest size, against that at 1,000 (else the smallest size run)."""
    name = "time per article within 1.3× of that at 1,000"
    base_size = scaling_base_size(by_key)
    if base_size == size:
        return Target(name, "SKIP", None, None, f"only one size run ({size})")
    base, large = by_key[("ours", base_size, "cold")], by_key[("ours", size, "cold")]
    if not (base.ok and large.ok):
        return Target(name, "FAIL", None, None, "a build failed")
    ratio = large.seconds_per_1000 / base.seconds_per_1000
    detail = (
        f"{large.seconds_per_1000:.2f} s per 1,000 at {size} against {base.seconds_per_1000:.2f} s at {base_size}: "
        f"{ratio:.2f}×"
    )
    return Target(name, "PASS" if ratio <= SCALING_LIMIT else "FAIL", round(ratio, 3), SCALING_LIMIT, detail)


def format_targets(size: int | None, targets: list[Target]) -> str:
    if size is None:
        return "Targets: our cold build did not run"
    lines = [f"Targets at N={size}:"]
    lines += [f"  {target.status:<4}  {target.name}: {target.detail}" for target in targets]
    return "\n".join(lines)


def results_document(
    runs: list[Run], sizes: list[int], seed: int, systems: dict[str, dict], started: datetime, *, repeats: int = 1
) -> dict:
    size, targets = evaluate_targets(runs)
    return {
        "started": started.isoformat(timespec="seconds"),
        "machine": {
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
            "python": platform.python_version(),
        },
        "seed": seed,
        "articles_per_day": bench_corpus.ARTICLES_PER_DAY,
        "sizes": sizes,
        "repeats": repeats,
        "scenarios": {scenario: SCENARIO_LABELS[scenario] for scenario in SCENARIOS},
        "systems": systems,
        "runs": [
            {
                **asdict(run),
                "seconds_per_1000": round(run.seconds_per_1000, 4),
                "peak_rss_mb": run.peak_rss_bytes / MB,
                "peak_pss_mb": run.peak_pss_bytes / MB,
            }
            for run in sorted(runs, key=run_key)
        ],
        "ratios": ratios(runs),
        "targets_size": size,
        "targets": [asdict(target) for target in targets],
    }


# --------------------------------------------------------------------------------------------- main


def describe_systems(layout_example: Layout) -> dict[str, dict]:
    version = hugo_version()
    systems = {
        "ours": {"command": shlex.join(our_command(layout_example)), "pelican": package_version("pelican")},
        "pelican": {"command": shlex.join(pelican_command(layout_example)), "version": package_version("pelican")},
    }
    if version:
        systems["hugo"] = {"command": shlex.join(hugo_command(layout_example)), "version": version}
    else:
        systems["hugo"] = {"skipped": "hugo is not on PATH"}
    return systems


def main(argv: list[str] | None = None) -> int:
    # No options (the environment sets it up, as the docstring says), but --help answers, and a mistyped
    # argument stops here rather than starting a run of many minutes.
    argparse.ArgumentParser(
        prog="python -m tools.bench", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    ).parse_args(argv)
    try:
        return run_bench(os.environ)
    except KeyboardInterrupt:
        print("\nbench: interrupted", file=sys.stderr)
        return 130


def run_bench(environ: Mapping[str, str]) -> int:
    try:
        sizes = sizes_from(environ)
    except ValueError as error:
        print(f"bench: {error}", file=sys.stderr)
        return 2
    base = Path(environ.get("BENCH_DIR") or ROOT / "bench").resolve()
    results_path = Path(environ.get("BENCH_JSON") or base / "results.json")
    seed = int(environ.get("BENCH_SEED") or bench_corpus.DEFAULT_SEED)
    try:
        repeats = repeats_from(environ)
    except ValueError as error:
        print(f"bench: {error}", file=sys.stderr)
        return 2
    systems = describe_systems(Layout(base / "N"))
    present = [system for system in SYSTEMS if "skipped" not in systems[system]]
    for system in SYSTEMS:
        if system not in present:
            print(f"bench: {system} skipped: {systems[system]['skipped']}")
    started = datetime.now(UTC)
    runs: list[Run] = []
    total = len(sizes) * sum(len(scenarios_of(system)) for system in present)
    count = f" × {repeats} runs" if repeats > 1 else ""
    for size in sizes:
        layout = Layout(base / str(size))
        print(f"bench: N={size}: writing the archive into {relative(layout.base)}/ …", end=" ", flush=True)
        began = time.perf_counter()
        archive = prepare(layout, size, seed, present)
        print(f"{time.perf_counter() - began:.1f} s", flush=True)
        for system in present:
            for scenario in scenarios_of(system):
                step = f"[{len(runs) + 1:>2}/{total}{count}] {system:<8} N={size:<6} {SCENARIO_LABELS[scenario]:<10}"
                print(step, end=" ", flush=True)
                repeated = []
                for repeat in range(repeats):
                    repeated.append(run_scenario(layout, system, scenario, archive, repeat=repeat, repeats=repeats))
                    if repeats > 1:
                        print(f"{repeated[-1].seconds:.2f}", end=" ", flush=True)
                run = median_run(repeated)
                runs.append(run)
                outcome = "" if run.ok else f"  FAILED (exit {run.exit_code}): see {run.log}"
                median = "median " if repeats > 1 else ""
                print(
                    f"{median}{run.seconds:8.2f} s {run.peak_pss_bytes / MB:8.1f} MB {run.files:>7} files{outcome}",
                    flush=True,
                )
    document = results_document(runs, sizes, seed, systems, started, repeats=repeats)
    print()
    if repeats > 1:
        print(f"Each build's median of {repeats} runs (BENCH_REPEAT); its memory the largest of them.")
    print(format_table(runs))
    print()
    print(format_ratios(document["ratios"]))
    print()
    print(format_targets(*evaluate_targets(runs)))
    results_path.parent.mkdir(parents=True, exist_ok=True)
    results_path.write_text(json.dumps(document, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"\nbench: results in {relative(results_path)}")
    return 0 if all(run.ok for run in runs) else 1


if __name__ == "__main__":
    sys.exit(main())

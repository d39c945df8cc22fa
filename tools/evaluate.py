"""How faithfully `inspect` reads a corpus, against its ground truth (truth.jsonl).

    make eval [CORPUS=../shared/corpus]
    .venv/bin/python -m tools.evaluate [CORPUS]

Prints the figures overall, per language and per shape, then one line per gated figure, and exits
non-zero when any floor is missed. The pytest gate (tests/test_corpus.py) runs the same code.

Two kinds of figure. *Strict*: every record whose truth has a value. *Verifiable*: only records
whose raw file shows that value at all (url, author: the string is in the file; source domain:
in the file, or the file's folder is a source in sources.yaml with that domain, and the truth's own
URL agrees with it). A truth value the file never shows cannot be read from it; the gap between the
two is printed, never hidden.

Invented dates: where the truth has no publication time, ours must lie within the 3 days before the
fetch time; a file without a fetch time must itself show the day we give (in a date element,
metadata, a byline or its URL), since there is no fetch time to hold it against.
"""

from __future__ import annotations

import html
import itertools
import json
import re
import sys
import time
import unicodedata
import urllib.parse
from collections import defaultdict
from datetime import datetime, timedelta
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))

from news_digest.cli import apply_site, read_files  # noqa: E402

UNSPACED_CHAR = re.compile(r"[\u0e00-\u0e7f\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uff00-\uffef]")
WORD = re.compile(r"\w+")
TAG = re.compile(r"<[^>]+>")
PUBLISHED_TOLERANCE = timedelta(seconds=60)
INVENTED_WINDOW = timedelta(days=3)
# Raw lines at least this long count as leaked when found anywhere in our body; shorter ones
# (navigation words) only when they are a whole paragraph of it.
LEAK_SUBSTRING_MIN_CHARS = 12
RATE_FIELDS = ("title", "url", "published", "language", "source_domain", "author")
# Floors (overall); per language with at least MIN_LANGUAGE_FILES files, 3 points lower.
FLOORS = {
    "title": 0.99,
    "url": 1.00,
    "published": 0.97,
    "language": 0.99,
    "source_domain": 0.99,
    "author": 0.90,
    "body_f1": 0.95,
    "body_f1_90": 0.95,
}
MAX_INVENTED = 0
# Duplicates and stories, pairwise against near_duplicate_of and story_id.
DUPLICATE_FLOORS = {"precision": 0.90, "recall": 0.90}
STORY_FLOORS = {"precision": 0.90, "recall": 0.70}
MAX_LEAKED_SHARE = 0.01
LANGUAGE_SLACK = 0.03
MIN_LANGUAGE_FILES = 20


def normalize(text: str | None) -> str:
    return " ".join(unicodedata.normalize("NFC", text or "").split())


def tokens(text: str) -> list[str]:
    """Words in spaced scripts, single characters in CJK and Thai."""
    text = unicodedata.normalize("NFC", text or "").casefold()
    out = UNSPACED_CHAR.findall(text)
    out.extend(WORD.findall(UNSPACED_CHAR.sub(" ", text)))
    return out


def f1(ours: str, truth: str) -> float:
    a, b = tokens(ours), tokens(truth)
    if not a and not b:
        return 1.0
    if not a or not b:
        return 0.0
    counts: dict[str, int] = defaultdict(int)
    for token in b:
        counts[token] += 1
    common = 0
    for token in a:
        if counts[token] > 0:
            counts[token] -= 1
            common += 1
    if not common:
        return 0.0
    precision, recall = common / len(a), common / len(b)
    return 2 * precision * recall / (precision + recall)


def parse_time(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value.replace("Z", "+00:00")) if value else None


def language_key(tag: str | None) -> str:
    if not tag:
        return ""
    primary = tag.split("-")[0]
    if primary == "zh":
        return "zh-Hant" if "Hant" in tag else "zh-Hans"
    return primary


def bare(domain: str | None) -> str:
    return (domain or "").lower().removeprefix("www.")


def raw_text(path: Path) -> str:
    data = path.read_bytes()
    for encoding in ("utf-8-sig", "utf-16"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("utf-8", errors="replace")


def raw_segments(text: str) -> list[str]:
    """The raw file as lines of text, markup removed."""
    text = html.unescape(TAG.sub("\n", text.replace("\r\n", "\n")))
    return [normalize(line) for line in text.split("\n") if normalize(line)]


def leaked_lines(raw: str, truth_body: str, body_text: str) -> list[str] | None:
    """Raw lines after the truth's last paragraph that our body holds; None when not locatable."""
    paragraphs = [normalize(p) for p in truth_body.split("\n\n") if normalize(p)]
    if not paragraphs:
        return None
    tail = paragraphs[-1][-20:]
    segments = raw_segments(raw)
    end = max((i for i, segment in enumerate(segments) if tail in segment), default=None)
    if end is None:
        return None
    ours = {normalize(p) for p in body_text.split("\n\n")}
    body = normalize(body_text)
    leaked = []
    for segment in segments[end + 1 :]:
        if segment in paragraphs or any(segment in p for p in paragraphs):
            continue  # the article's own text, repeated (a title at the end is checked as a line)
        if segment in ours or (len(segment) >= LEAK_SUBSTRING_MIN_CHARS and segment in body):
            leaked.append(segment)
    return leaked


def shows(raw: str, value: str) -> bool:
    decoded = urllib.parse.unquote(raw)
    return all(part.strip() in raw or part.strip() in decoded for part in value.split(","))


def shows_day(raw: str, value: datetime) -> bool:
    """Whether the file writes this calendar day in any common numeric form."""
    y, m, d = value.year, value.month, value.day
    forms = {
        f"{y}-{m:02d}-{d:02d}",
        f"{y}/{m:02d}/{d:02d}",
        f"{y}{m:02d}{d:02d}",
        f"{d:02d}/{m:02d}/{y}",
        f"{d}/{m}/{y}",
        f"{m}/{d}/{y}",
        f"{m:02d}/{d:02d}/{y}",
        f"{y}年{m}月{d}日",
        f"{y}年{m:02d}月{d:02d}日",
        f"{d}.{m}.{y}",
        f"{d:02d}.{m:02d}.{y}",
    }
    return any(form in raw for form in forms) or bool(
        re.search(rf"\b{d}(?:st|nd|rd|th)?\s+\w+\.?,?\s+{y}|\w+\.?\s+{d}(?:st|nd|rd|th)?,?\s+{y}", raw)
    )


def check(record: dict, truth: dict, raw: str, folder_domains: list[str]) -> dict:
    """One file's checks: True/False, or None where the truth has nothing to compare with."""
    published, expected = parse_time(record.get("published")), parse_time(truth.get("published"))
    fetched = parse_time(truth.get("fetched"))
    invented = False
    if expected is None and published is not None:
        if fetched is not None:
            invented = not (fetched - INVENTED_WINDOW <= published <= fetched + PUBLISHED_TOLERANCE)
        else:  # no fetch time to hold it against: the file must show that day itself
            invented = not shows_day(raw, published)
    score = f1(record.get("body_text") or "", truth.get("body_text") or "")
    leaked = leaked_lines(raw, truth.get("body_text") or "", record.get("body_text") or "")
    url, author, domain = truth.get("url"), truth.get("author"), truth.get("source_domain")
    results = {
        "title": normalize(record.get("title")) == normalize(truth["title"]),
        "url": (record.get("url") == url) if url else None,
        "published": (published is not None and abs(published - expected) <= PUBLISHED_TOLERANCE) if expected else None,
        "invented_date": invented,
        "language": language_key(record.get("lang")) == language_key(truth.get("language")),
        "source_domain": (bare(record.get("source_domain")) == bare(domain)) if domain else None,
        "author": (normalize(record.get("author")) == normalize(author)) if author else None,
        "body_f1": score,
        "body_f1_90": score >= 0.90,
        "leaked": bool(leaked) if leaked is not None else None,
        "leaked_lines": leaked or [],
    }
    verifiable = {
        "url": bool(url) and shows(raw, url),
        "author": bool(author) and shows(raw, author),
        # A truth domain that disagrees with the truth's own URL cannot be checked against either.
        "source_domain": bool(domain)
        and (not url or bare(urllib.parse.urlsplit(url).hostname) == bare(domain))
        and (bare(domain) in raw or bare(domain) in map(bare, folder_domains)),
    }
    for field, ok in verifiable.items():
        results[f"{field}_verifiable"] = results[field] if ok else None
    return results


def rate(rows: list[dict], field: str) -> float | None:
    values = [row[field] for row in rows if row.get(field) is not None]
    return sum(float(v) for v in values) / len(values) if values else None


def aggregate(rows: list[dict]) -> dict:
    result = {"files": len(rows)}
    for field in (*RATE_FIELDS, "body_f1", "body_f1_90"):
        result[field] = rate(rows, field)
    for field in ("url", "author", "source_domain"):
        result[f"{field}_verifiable"] = rate(rows, f"{field}_verifiable")
        result[f"{field}_unverifiable"] = sum(
            1 for row in rows if row.get(field) is not None and row.get(f"{field}_verifiable") is None
        )
    result["invented_date"] = sum(1 for row in rows if row["invented_date"])
    result["leaked"] = rate(rows, "leaked")
    return result


def folder_domains(corpus: Path) -> dict[str, list[str]]:
    path = corpus / "sources.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else {}
    return {key: list(value.get("domains") or []) for key, value in (data or {}).items()}


def evaluate(corpus: Path, tags: str | None = None) -> dict:
    truth = {
        row["path"]: row for row in map(json.loads, (corpus / "truth.jsonl").read_text(encoding="utf-8").splitlines())
    }
    domains = folder_domains(corpus)
    started = time.process_time()
    records, entries, config, knowledge = read_files([str(corpus / "raw")], str(corpus / "sources.yaml"), tags)
    site_started = time.process_time()
    apply_site(records, entries, config, knowledge)
    site_seconds = time.process_time() - site_started
    elapsed = time.process_time() - started
    rows, groups = [], defaultdict(list)
    for record in records:
        key = str(Path(record["path"]).relative_to(corpus))
        if key not in truth:
            continue
        expected = truth[key]
        raw = raw_text(corpus / key)
        folder = Path(key).parent.name
        row = check(record if record["status"] == "published" else {}, expected, raw, domains.get(folder, []))
        row["path"] = key
        row["status"] = record["status"]
        rows.append(row)
        groups["lang " + language_key(expected["language"])].append(row)
        groups["shape " + expected["shape"]].append(row)
    return {
        "overall": aggregate(rows),
        "groups": {name: aggregate(group) for name, group in sorted(groups.items())},
        "rows": rows,
        "files_per_second": len(records) / elapsed if elapsed else None,
        "site_seconds": site_seconds,
        "duplicates": pair_scores(records, truth, corpus, "duplicates"),
        "stories": pair_scores(records, truth, corpus, "stories"),
    }


def clusters(labels: dict[str, str]) -> set[tuple[str, str]]:
    """Every pair of keys sharing a label."""
    by_label: dict[str, list[str]] = defaultdict(list)
    for key, label in labels.items():
        by_label[label].append(key)
    return {tuple(sorted(pair)) for keys in by_label.values() for pair in itertools.combinations(keys, 2)}


def truth_duplicate_labels(truth: dict) -> dict[str, str]:
    """Each record's cluster of near duplicates (near_duplicate_of chains), by its root's path."""

    def root(path: str) -> str:
        seen = set()
        while truth[path].get("near_duplicate_of") and path not in seen:
            seen.add(path)
            path = truth[path]["near_duplicate_of"]
        return path

    return {path: root(path) for path in truth}


def pair_scores(records: list[dict], truth: dict, corpus: Path, kind: str) -> dict:
    """Pairwise precision and recall of our duplicate groups or stories against the truth.

    Duplicates: every pair we merge is judged (the truth's near_duplicate_of clusters); a false merge
    of two articles of one source is counted apart. Stories: only pairs where both articles carry a
    story_id are judged (story_id is set from title keywords, so an unlabelled article proves
    nothing), and any pair we group across two story_ids is a false positive.
    """
    key_of = {record["path"]: str(Path(record["path"]).relative_to(corpus)) for record in records}
    published = [r for r in records if r["status"] == "published" and key_of[r["path"]] in truth]
    if kind == "duplicates":
        ours = {key_of[r["path"]]: key_of.get(r["duplicate_of"] or r["path"]) for r in published}
        expected = clusters(truth_duplicate_labels(truth))
        found = clusters(ours)
        judged = found
        source_of = {key_of[r["path"]]: r["source_id"] for r in published}
        false = judged - expected
        extra = {"same_source_false_merges": sum(1 for a, b in false if source_of.get(a) == source_of.get(b))}
    else:
        labels = {path: row["story_id"] for path, row in truth.items() if row.get("story_id")}
        ours = {key_of[r["path"]]: r["story"] for r in published if r["story"] and key_of[r["path"]] in labels}
        expected = clusters(labels)
        found = clusters(ours)
        judged = found
        extra = {}
    true = len(found & expected)
    return {
        "precision": true / len(judged) if judged else 1.0,
        "recall": true / len(expected) if expected else 1.0,
        "pairs_found": len(found),
        "pairs_expected": len(expected),
        **extra,
    }


def gate(figures: dict) -> list[tuple[str, str, bool]]:
    """(figure, value and floor, passed) for every gated figure."""
    lines = []

    def floor_check(name, values, slack=0.0):
        for field, floor in FLOORS.items():
            key = f"{field}_verifiable" if field in ("url", "author", "source_domain") else field
            value = values[key]
            wanted = floor - slack
            if value is None:
                continue
            shown = f"{value:.3f}" if field == "body_f1" else f"{value * 100:.1f}%"
            goal = f"{wanted:.3f}" if field == "body_f1" else f"{wanted * 100:.0f}%"
            lines.append((f"{name} {key}", f"{shown} (floor {goal})", value >= wanted - 1e-9))

    overall = figures["overall"]
    floor_check("overall", overall)
    lines.append(
        (
            "overall invented_date",
            f"{overall['invented_date']} (at most {MAX_INVENTED})",
            overall["invented_date"] <= MAX_INVENTED,
        )
    )
    leaked = overall["leaked"] or 0.0
    lines.append(
        (
            "overall boilerplate_leaked",
            f"{leaked * 100:.1f}% of files (at most {MAX_LEAKED_SHARE * 100:.0f}%)",
            leaked <= MAX_LEAKED_SHARE,
        )
    )
    for name, values in figures["groups"].items():
        if name.startswith("lang ") and values["files"] >= MIN_LANGUAGE_FILES:
            floor_check(name, values, LANGUAGE_SLACK)
    for kind, floors in (("duplicates", DUPLICATE_FLOORS), ("stories", STORY_FLOORS)):
        for measure, floor in floors.items():
            value = figures[kind][measure]
            lines.append((f"{kind} {measure}", f"{value * 100:.1f}% (floor {floor * 100:.0f}%)", value >= floor))
    merges = figures["duplicates"]["same_source_false_merges"]
    lines.append(("duplicates same_source_false_merges", f"{merges} (at most 0)", merges == 0))
    return lines


COLUMNS = (
    ("title", "title"),
    ("url", "url"),
    ("url✓", "url_verifiable"),
    ("published", "published"),
    ("invented", "invented_date"),
    ("language", "language"),
    ("domain", "source_domain"),
    ("domain✓", "source_domain_verifiable"),
    ("author", "author"),
    ("author✓", "author_verifiable"),
    ("body_f1", "body_f1"),
    ("f1≥.9", "body_f1_90"),
    ("leaked", "leaked"),
)


def table(figures: dict) -> str:
    header = f"{'group':<30}{'files':>6}" + "".join(f"{name:>10}" for name, _ in COLUMNS)
    lines = [header, "-" * len(header)]

    def row(name, values):
        cells = []
        for _, key in COLUMNS:
            value = values[key]
            if value is None:
                cells.append(f"{'—':>10}")
            elif key == "invented_date":
                cells.append(f"{value:>10d}")
            elif key == "body_f1":
                cells.append(f"{value:>10.3f}")
            else:
                cells.append(f"{value * 100:>9.1f}%")
        return f"{name:<30}{values['files']:>6}" + "".join(cells)

    lines.append(row("overall", figures["overall"]))
    lines.extend(row(name, values) for name, values in figures["groups"].items())
    overall = figures["overall"]
    lines.append("")
    lines.append(
        "✓ = verifiable: only files that show the truth's value. Truth values no file shows: "
        f"url {overall['url_unverifiable']}, source domain {overall['source_domain_unverifiable']}, "
        f"author {overall['author_unverifiable']}."
    )
    if figures.get("files_per_second"):
        lines.append(f"inspect speed: {figures['files_per_second']:.1f} files/s (one core, CPU time)")
    for kind in ("duplicates", "stories"):
        scores = figures[kind]
        lines.append(
            f"{kind}: precision {scores['precision'] * 100:.1f}%, recall {scores['recall'] * 100:.1f}% "
            f"({scores['pairs_found']} pairs found, {scores['pairs_expected']} expected)"
        )
    lines.append(f"duplicates and stories took {figures['site_seconds'] * 1000:.0f} ms (CPU time)")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    corpus = Path(argv[0]) if argv else ROOT.parent / "shared" / "corpus"
    if not (corpus / "truth.jsonl").exists():
        print(f"no truth.jsonl in {corpus}", file=sys.stderr)
        return 2
    figures = evaluate(corpus, str(ROOT / "content" / "tags.yaml"))
    print(table(figures))
    print()
    failed = 0
    for name, text, passed in gate(figures):
        print(f"{'ok  ' if passed else 'FAIL'} {name}: {text}")
        failed += not passed
    print(f"\n{failed} floors missed" if failed else "\nall floors met")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

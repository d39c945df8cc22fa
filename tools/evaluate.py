"""Field accuracy of `inspect` against a corpus's ground truth (truth.jsonl).

    .venv/bin/python -m tools.evaluate [CORPUS]      (default ../shared/corpus)

Prints one table overall, per language and per shape, and returns the figures as a dict.
"""

from __future__ import annotations

import json
import re
import sys
import time
import unicodedata
from collections import defaultdict
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))

from news_digest.cli import inspect_files  # noqa: E402

UNSPACED_CHAR = re.compile(r"[\u0e00-\u0e7f\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uff00-\uffef]")
WORD = re.compile(r"\w+")
FIELDS = ("title", "url", "published", "invented_date", "language", "source_domain", "author", "body_f1", "body_f1_90")
PUBLISHED_TOLERANCE = timedelta(seconds=60)


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


def check(record: dict, truth: dict) -> dict:
    """One file's checks: True/False, or None where the truth has nothing to compare with."""
    published, expected = parse_time(record.get("published")), parse_time(truth.get("published"))
    fetched = parse_time(truth.get("fetched"))
    invented = None
    if expected is None:
        invented = False
        if published is not None:
            invented = fetched is None or not (
                fetched - timedelta(days=3) <= published <= fetched + PUBLISHED_TOLERANCE
            )
    score = f1(record.get("body_text") or "", truth.get("body_text") or "")
    return {
        "title": normalize(record.get("title")) == normalize(truth["title"]),
        "url": (record.get("url") == truth["url"]) if truth.get("url") else None,
        "published": (published is not None and abs(published - expected) <= PUBLISHED_TOLERANCE) if expected else None,
        "invented_date": invented,
        "language": language_key(record.get("lang")) == language_key(truth.get("language")),
        "source_domain": (bare(record.get("source_domain")) == bare(truth["source_domain"]))
        if truth.get("source_domain")
        else None,
        "author": (normalize(record.get("author")) == normalize(truth["author"])) if truth.get("author") else None,
        "body_f1": score,
        "body_f1_90": score >= 0.90,
    }


def aggregate(rows: list[dict]) -> dict:
    result = {"files": len(rows)}
    for field in FIELDS:
        values = [row[field] for row in rows if row[field] is not None]
        if field == "invented_date":
            result[field] = sum(1 for v in values if v)
        elif values:
            result[field] = sum(float(v) for v in values) / len(values)
        else:
            result[field] = None
    return result


def evaluate(corpus: Path, tags: str | None = None) -> dict:
    truth = {
        row["path"]: row for row in map(json.loads, (corpus / "truth.jsonl").read_text(encoding="utf-8").splitlines())
    }
    started = time.perf_counter()
    records = inspect_files([str(corpus / "raw")], str(corpus / "sources.yaml"), tags)
    elapsed = time.perf_counter() - started
    rows, groups = [], defaultdict(list)
    for record in records:
        key = str(Path(record["path"]).relative_to(corpus))
        if key not in truth:
            continue
        expected = truth[key]
        row = (
            check(record, expected)
            if record["status"] == "published"
            else dict.fromkeys(FIELDS, False)
            | {"body_f1": 0.0, "invented_date": False, "url": None if not expected.get("url") else False}
        )
        row["path"] = key
        rows.append(row)
        groups["lang " + language_key(expected["language"])].append(row)
        groups["shape " + expected["shape"]].append(row)
    return {
        "overall": aggregate(rows),
        "groups": {name: aggregate(group) for name, group in sorted(groups.items())},
        "rows": rows,
        "files_per_second": len(records) / elapsed if elapsed else None,
    }


def table(figures: dict) -> str:
    header = f"{'group':<28}{'files':>6}" + "".join(f"{f:>14}" for f in FIELDS)
    lines = [header, "-" * len(header)]

    def row(name, values):
        cells = []
        for field in FIELDS:
            value = values[field]
            if value is None:
                cells.append(f"{'—':>14}")
            elif field == "invented_date":
                cells.append(f"{value:>14d}")
            elif field == "body_f1":
                cells.append(f"{value:>14.3f}")
            else:
                cells.append(f"{value * 100:>13.1f}%")
        return f"{name:<28}{values['files']:>6}" + "".join(cells)

    lines.append(row("overall", figures["overall"]))
    lines.extend(row(name, values) for name, values in figures["groups"].items())
    if figures.get("files_per_second"):
        lines.append(f"inspect speed: {figures['files_per_second']:.1f} files/s")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    corpus = Path(argv[0]) if argv else ROOT.parent / "shared" / "corpus"
    tags = str(ROOT / "content" / "tags.yaml")
    figures = evaluate(corpus, tags)
    print(table(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

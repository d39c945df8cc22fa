"""The build report's file: every raw file's outcome on a line of its own, the same JSON as ever."""

from __future__ import annotations

import json

from news_digest.site.report import Outcome, report_document, report_text, value_text, write_report

OUTCOMES = [
    Outcome("harbour/cranes.txt", "published", url="2026/03/01/cranes/", warnings=("no byline",)),
    Outcome("harbour/cranes-copy.txt", "merged", url="2026/03/01/cranes/", canonical="harbour/cranes.txt"),
    Outcome("north/empty.txt", "rejected", reason='no title in "empty"'),
    Outcome("东方/早报.txt", "published", url="2026/03/02/zao-bao/"),
]


def test_the_report_reads_back_as_the_document(tmp_path):
    path = tmp_path / "out" / "report.json"
    write_report(OUTCOMES, str(path))
    text = path.read_text(encoding="utf-8")
    assert json.loads(text) == report_document(OUTCOMES)
    assert text.endswith("\n}\n")


def test_each_file_is_one_line_with_all_that_is_said_of_it(tmp_path):
    path = tmp_path / "report.json"
    write_report(OUTCOMES, str(path))
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "{" and lines[-1] == "}"
    assert lines[1].startswith(' "totals": {"read": 4, "published": 2, "merged": 1, "rejected": 1')
    entries = [line for line in lines if line.startswith('  {"path": ')]
    assert len(entries) == len(OUTCOMES)
    by_path = {json.loads(line.rstrip(","))["path"]: line for line in entries}
    assert '"canonical": "harbour/cranes.txt"' in by_path["harbour/cranes-copy.txt"]
    assert '"reason": "no title in \\"empty\\""' in by_path["north/empty.txt"]
    assert '"warnings": ["no byline"]' in by_path["harbour/cranes.txt"]
    assert "东方/早报.txt" in by_path["东方/早报.txt"]  # as written, not escaped


def test_values_other_than_lists_and_empty_lists_take_one_line():
    assert value_text({"bytes": 10, "files": 2}) == '{"bytes": 10, "files": 2}'
    assert value_text([]) == "[]"
    assert report_text({"totals": {"read": 0}, "files": []}) == '{\n "totals": {"read": 0},\n "files": []\n}\n'
    assert report_text({"files": [1, "two"]}) == '{\n "files": [\n  1,\n  "two"\n ]\n}\n'


def test_the_reports_urls_are_taken_before_any_page_is_written_and_are_the_pages(tmp_path, monkeypatch):
    import news_digest.plugin as plugin_module
    from pelican import Pelican, signals
    from test_reader import settings_for

    from tools import bench_corpus

    content, output = tmp_path / "content", tmp_path / "output"
    bench_corpus.write_archive(content, 40)
    written, taken = [], []
    count_pages = lambda path, context=None: written.append(path)  # noqa: E731
    signals.content_written.connect(count_pages)
    urls_of = plugin_module.report_urls
    monkeypatch.setattr(plugin_module, "report_urls", lambda *args: taken.append(len(written)) or urls_of(*args))
    try:
        Pelican(settings_for(content, OUTPUT_PATH=str(output))).run()
    finally:
        signals.content_written.disconnect(count_pages)
    assert taken == [0]  # once, before the first page
    files = json.loads((output / "report.json").read_text(encoding="utf-8"))["files"]
    published = [entry for entry in files if entry["status"] == "published"]
    assert len(published) > 30
    assert all((output / entry["url"] / "index.html").is_file() for entry in published)
    merged = [entry for entry in files if entry["status"] == "merged"]
    by_path = {entry["path"]: entry["url"] for entry in published}
    assert all(entry["url"] == by_path[entry["canonical"]] for entry in merged)

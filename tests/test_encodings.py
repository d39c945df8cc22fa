"""The same article saved in every encoding that fits its language, with LF or CRLF line endings,
gives the same `inspect` output, path aside."""

from __future__ import annotations

import codecs
import unicodedata
from pathlib import Path

import pytest
from conftest import ROOT
from news_digest.cli import inspect_files

SOURCES = str(ROOT / "content" / "sources.yaml")
TAGS = str(ROOT / "content" / "tags.yaml")

# Articles of our own, in the shapes the plugin reads, for the languages without a bundled sample.
KOREAN_SCRAPE = """서울 지하철 새 노선이 시험 운행을 마치고 다음 달 정식 개통한다.

서울 지하철 새 노선 다음 달 개통

보도국 | 05/03/2024, 10:00

서울 지하철 새 노선이 시험 운행을 마치고 다음 달 정식 개통한다.

시 당국은 새 노선이 도심과 외곽 주거 지역을 삼십 분 안에 연결해 출퇴근 시간을 크게 줄일 것이라고 밝혔다.

개통 첫 주에는 승객 안내를 위해 역마다 직원이 추가로 배치된다.

관련 기사
버스 노선 개편안 발표
POWERED BY CMS
서울 지하철 새 노선 다음 달 개통
"""
RUSSIAN_SCRAPE = """В порту начали работу два новых контейнерных крана.

Новые краны ускорят разгрузку судов в порту

Отдел новостей | 05/03/2024, 10:00

В порту начали работу два новых контейнерных крана.

По словам администрации порта, время стоянки судов под разгрузкой сократится почти на треть.

Краны были доставлены морем в конце зимы и прошли все испытания без замечаний.

Комментарии (2)
POWERED BY CMS
Новые краны ускорят разгрузку судов в порту
"""

UNICODE_FORMS = ("utf-8", "utf-8-sig", "utf-16-le-bom", "utf-16-be-bom")
CASES = [
    # (case id, source folder, legacy encodings, the article's text)
    (
        "zh-Hans",
        "chenchao",
        ("gb18030",),
        (ROOT / "content/chenchao/1732067280000-lpr.txt").read_text(encoding="utf-8"),
    ),
    ("zh-Hant", "nanfeng", ("big5",), (ROOT / "content/nanfeng/1732237800000-dizhen.txt").read_text(encoding="utf-8")),
    (
        "ja",
        "minato",
        ("shift_jis", "cp932"),
        (ROOT / "content/minato/1732031700000-soccer.txt").read_text(encoding="utf-8"),
    ),
    ("vi", "songhan", ("windows-1258",), (ROOT / "content/songhan/1732182000000-bao.txt").read_text(encoding="utf-8")),
    ("ko", "seoul-desk", ("euc-kr",), KOREAN_SCRAPE),
    ("ru", "port-desk", ("windows-1251",), RUSSIAN_SCRAPE),
]


def windows_1258(text: str) -> bytes:
    """windows-1258 holds Vietnamese as base letters (a, â, ơ …) plus combining tone marks."""
    out = bytearray()
    for char in text:
        marks = unicodedata.normalize("NFD", char)
        # The letter with one of its marks composed (â, ơ, ư …), the tone mark left combining.
        candidates = [char, marks] + [
            unicodedata.normalize("NFC", marks[0] + marks[i]) + marks[1:i] + marks[i + 1 :]
            for i in range(1, len(marks))
        ]
        for candidate in candidates:
            try:
                out += candidate.encode("windows-1258")
                break
            except UnicodeEncodeError:
                continue
        else:
            raise AssertionError(f"{char!r} has no windows-1258 form")
    return bytes(out)


def encode(text: str, form: str) -> bytes:
    if form == "windows-1258":
        return windows_1258(text)
    if form == "shift_jis":
        text = text.replace("\uff0d", "\u2212")  # the one character cp932 and Shift_JIS map differently
    if form == "utf-16-le-bom":
        return codecs.BOM_UTF16_LE + text.encode("utf-16-le")
    if form == "utf-16-be-bom":
        return codecs.BOM_UTF16_BE + text.encode("utf-16-be")
    return text.encode(form)


def variants(text: str, legacy: tuple[str, ...]):
    plain = text.lstrip("\ufeff").replace("\r\n", "\n")
    for form in (*UNICODE_FORMS, *legacy):
        for ending in ("\n", "\r\n"):
            yield f"{form}-{'crlf' if ending == chr(13) + chr(10) else 'lf'}", encode(plain.replace("\n", ending), form)


@pytest.mark.parametrize(("case", "folder", "legacy", "text"), CASES, ids=[case[0] for case in CASES])
def test_every_encoding_gives_the_same_inspect_output(tmp_path: Path, case, folder, legacy, text):
    outputs = {}
    for name, data in variants(text, legacy):
        path = tmp_path / name / folder / "article.txt"
        path.parent.mkdir(parents=True)
        path.write_bytes(data)
        (record,) = inspect_files([str(path)], SOURCES, TAGS)  # each file on its own, as an archivist would
        assert record["status"] == "published", (name, record["reason"])
        assert "\ufffd" not in record["body_text"], name
        outputs[name] = {k: v for k, v in record.items() if k != "path"}
    reference = outputs["utf-8-lf"]
    for name, output in outputs.items():
        differing = {k for k in reference if output[k] != reference[k]}
        assert not differing, (name, {k: (reference[k], output[k]) for k in differing})

"""Bytes to text: every encoding a news file arrives in gives the same text, and bad files are refused."""

from __future__ import annotations

import codecs
import random

import pytest
from news_digest import decode as decode_module
from news_digest.decode import decode_bytes, decode_file, normalize_text, read_limited
from news_digest.errors import RejectedFile

# One short article per script, written for these tests; each is saved in the encodings that fit it.
ZH_HANS = (
    "城市地铁春节延长运营\n"
    "市政府今天宣布，城市地铁将在春节期间延长运营时间，方便市民出行。\n"
    "交通部门表示，夜间列车每十五分钟一班，乘客可以提前查询时刻表。\n"
)
ZH_HANT = (
    "城市捷運春節延長營運\n"
    "市政府今天宣布，城市捷運將在春節期間延長營運時間，方便市民出行。\n"
    "交通部門表示，夜間列車每十五分鐘一班，乘客可以提前查詢時刻表。\n"
)
JA = (
    "地下鉄、年末年始に運行延長\n"
    "市は今日、年末年始の期間に地下鉄の運行時間を延長すると発表しました。\n"
    "交通局によると、夜間の列車は十五分ごとに運行され、乗客は事前に時刻表を確認できます。\n"
)
# The same news with another headline: charset-normalizer's coherence for it falls under the threshold.
JA_TOKYO = "東京のニュース\n" + JA.split("\n", 1)[1]
VI = (
    "Tàu điện chạy muộn hơn dịp Tết\n"
    "Thành phố hôm nay thông báo sẽ kéo dài giờ chạy tàu điện trong dịp Tết để người dân đi lại thuận tiện.\n"
    "Sở Giao thông cho biết các chuyến tàu đêm chạy mười lăm phút một chuyến.\n"
)
RU = (
    "Метро будет работать дольше в праздники\n"
    "Городские власти сегодня объявили, что метро будет работать дольше во время праздников.\n"
    "По словам транспортного ведомства, ночные поезда будут ходить каждые пятнадцать минут.\n"
)

ENCODED = [
    pytest.param(ZH_HANS, "utf-8", id="utf-8-zh"),
    pytest.param(RU, "utf-8", id="utf-8-ru"),
    pytest.param(ZH_HANS, "utf-8-sig", id="utf-8-bom-zh"),
    pytest.param(JA, "utf-16-le-bom", id="utf-16-le-bom-ja"),
    pytest.param(ZH_HANT, "utf-16-be-bom", id="utf-16-be-bom-zh-hant"),
    pytest.param(VI, "utf-16-le", id="utf-16-le-no-bom-vi"),
    pytest.param(RU, "windows-1251", id="windows-1251-ru"),
    pytest.param(ZH_HANS, "gb18030", id="gb18030-zh"),
    pytest.param(ZH_HANT, "big5", id="big5-zh-hant"),
    pytest.param(JA, "shift_jis", id="shift-jis-ja"),
    pytest.param(JA_TOKYO, "shift_jis", id="shift-jis-ja-tokyo"),
]


def encode(text: str, encoding: str) -> bytes:
    if encoding == "utf-16-le-bom":
        return codecs.BOM_UTF16_LE + text.encode("utf-16-le")
    if encoding == "utf-16-be-bom":
        return codecs.BOM_UTF16_BE + text.encode("utf-16-be")
    return text.encode(encoding)


def decode(data: bytes):
    return normalize_text(decode_bytes(data))


@pytest.mark.parametrize("newline", ["\n", "\r\n"], ids=["lf", "crlf"])
@pytest.mark.parametrize(("text", "encoding"), ENCODED)
def test_every_encoding_gives_the_same_text(tmp_path, text, encoding, newline):
    path = tmp_path / "article.txt"
    path.write_bytes(encode(text.replace("\n", newline), encoding))

    decoded = decode(path.read_bytes())

    assert decoded.text == text
    assert decoded.warnings == ()


@pytest.mark.parametrize(("text", "encoding"), ENCODED)
def test_decode_file_reads_every_encoding(tmp_path, text, encoding):
    path = tmp_path / "article.txt"
    path.write_bytes(encode(text, encoding))

    assert decode_file(str(path), 1_000_000).text == text


def test_bom_is_not_part_of_the_text():
    decoded = decode(codecs.BOM_UTF8 + VI.encode("utf-8"))

    assert not decoded.text.startswith("\ufeff")
    assert decoded.text.startswith("Tàu điện")


def test_lone_carriage_returns_become_newlines():
    assert decode(VI.replace("\n", "\r").encode("utf-8")).text == VI


def test_empty_file_is_rejected(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")

    with pytest.raises(RejectedFile) as rejection:
        decode_file(str(path), 1_000_000)

    assert "empty" in rejection.value.reason
    assert rejection.value.path == str(path)


@pytest.mark.parametrize("content", [b"   \n\n\t  \r\n", "\u3000\n\u00a0\n".encode()], ids=["ascii", "unicode-spaces"])
def test_whitespace_only_file_is_rejected(tmp_path, content):
    path = tmp_path / "blank.txt"
    path.write_bytes(content)

    with pytest.raises(RejectedFile) as rejection:
        decode_file(str(path), 1_000_000)

    assert "whitespace" in rejection.value.reason


def test_random_bytes_are_rejected_as_binary(tmp_path):
    path = tmp_path / "noise.txt"
    path.write_bytes(random.Random(20240305).randbytes(4096))

    with pytest.raises(RejectedFile) as rejection:
        decode_file(str(path), 1_000_000)

    assert "binary" in rejection.value.reason


def test_png_image_is_rejected_as_binary(tmp_path):
    header = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00\x00\x00\x01\x00\x08\x06\x00\x00\x00\x5c\x72\xa8\x66"
    path = tmp_path / "picture.txt"
    path.write_bytes(header + bytes(range(256)) * 4)

    with pytest.raises(RejectedFile) as rejection:
        decode_file(str(path), 1_000_000)

    assert "binary" in rejection.value.reason


def test_file_over_the_limit_is_refused_without_being_read(tmp_path, monkeypatch):
    path = tmp_path / "huge.txt"
    with open(path, "wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # sparse: no blocks written

    def no_open(*args, **kwargs):
        raise AssertionError("read_limited opened a file it should have refused by size")

    monkeypatch.setattr(decode_module, "open", no_open, raising=False)
    with pytest.raises(RejectedFile) as rejection:
        read_limited(str(path), 5 * 1024 * 1024)

    assert "too large" in rejection.value.reason
    assert str(50 * 1024 * 1024) in rejection.value.reason


def test_file_at_the_limit_is_read_whole(tmp_path):
    path = tmp_path / "article.txt"
    data = VI.encode("utf-8")
    path.write_bytes(data)

    assert read_limited(str(path), len(data)) == data


def test_nul_bytes_inside_text_are_removed_with_a_warning():
    data = ("Tin Hà Nội\nThành phố\x00 thông báo\x00\x00 hôm nay.\n").encode()

    decoded = decode(data)

    assert "\x00" not in decoded.text
    assert decoded.text == "Tin Hà Nội\nThành phố thông báo hôm nay.\n"
    assert any("NUL" in warning for warning in decoded.warnings)


def test_undecodable_bytes_become_replacement_characters_with_a_warning():
    # Mostly UTF-8 with two stray bytes: no encoding reads it all, and none should be guessed instead.
    data = RU.encode("utf-8") + b"\xff\xfe" + VI.encode("utf-8")[:60] + b"\xc3"

    decoded = decode(data)

    assert "\ufffd" in decoded.text
    assert decoded.text.startswith("Метро будет работать")
    assert decoded.warnings
    assert any("U+FFFD" in warning or "replaced" in warning for warning in decoded.warnings)


def test_invalid_bytes_after_a_bom_are_replaced_with_a_warning():
    data = codecs.BOM_UTF8 + "Tin Hà Nội ".encode() + b"\xff" + " hôm nay.".encode()

    decoded = decode(data)

    assert decoded.text == "Tin Hà Nội \ufffd hôm nay."
    assert any("replaced" in warning for warning in decoded.warnings)


def test_decode_file_keeps_the_warnings(tmp_path):
    path = tmp_path / "article.txt"
    path.write_bytes(VI.encode("utf-8").replace(b"\n", b"\x00\n", 1))

    decoded = decode_file(str(path), 1_000_000)

    assert decoded.text == VI
    assert any("NUL" in warning for warning in decoded.warnings)

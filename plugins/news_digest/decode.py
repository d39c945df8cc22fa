"""Bytes to text: a cascade of small decoders, each returning None when it does not apply.

BOM -> UTF-16 without BOM -> strict UTF-8 -> UTF-8 cut short or with a stretch in another encoding
(with a warning) -> charset-normalizer -> lossy UTF-8 with a warning.
"""

from __future__ import annotations

import codecs
import os
import re
import stat
import unicodedata

from charset_normalizer import from_bytes

from .errors import RejectedFile
from .model import DecodedText

# Legacy encodings by how much of the web uses them, for choosing among equally likely guesses.
COMMON_ENCODINGS = ("cp1252", "gb18030", "shift_jis", "cp1251", "euc_kr", "big5", "euc_jp", "cp1250", "cp1256")
BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Control characters other than tab, newline and carriage return: a text file has almost none.
CONTROL_CHAR_PATTERN = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# What a decoded text may not keep: those, and the two noncharacters XML forbids.
UNWANTED_CHAR_PATTERN = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
# Share of control characters above which a decoded "text" is really binary data.
BINARY_CONTROL_SHARE = 0.05
# A file is UTF-8 with a foreign stretch when its valid non-ASCII characters outnumber its invalid
# bytes this many times. Legacy text forms valid UTF-8 only by chance: the corpus's articles, in
# their legacy encodings, never reach half as many (EUC-JP comes closest), cp1252 almost none.
MIXED_UTF8_RATIO = 2


def too_large(path: str, size: int, max_bytes: int) -> RejectedFile:
    return RejectedFile(path, f"file too large ({size} bytes; the limit is {max_bytes})")


def read_limited(path: str, max_bytes: int) -> bytes:
    """Read a regular file, refusing one larger than max_bytes before reading any of it.

    It is opened without blocking and checked before it is read: a FIFO would wait forever for a
    writer, and a device never ends.
    """
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError as error:
        raise RejectedFile(path, f"cannot be read: {error.strerror or error}") from error
    status = os.fstat(descriptor)
    if not stat.S_ISREG(status.st_mode) or status.st_size > max_bytes:
        os.close(descriptor)
        if not stat.S_ISREG(status.st_mode):
            raise RejectedFile(path, "not a regular file (a FIFO, a device or a socket)")
        raise too_large(path, status.st_size, max_bytes)
    with open(descriptor, "rb") as handle:
        try:
            data = handle.read(max_bytes + 1)
        except OSError as error:
            raise RejectedFile(path, f"cannot be read: {error.strerror or error}") from error
    if len(data) > max_bytes:  # it grew after it was measured
        raise too_large(path, len(data), max_bytes)
    return data


def decode_bom(data: bytes) -> DecodedText | None:
    for bom, encoding in BOMS:
        if data.startswith(bom):
            try:
                return DecodedText(data[len(bom) :].decode(encoding), encoding)
            except UnicodeDecodeError:
                text = data[len(bom) :].decode(encoding, errors="replace")
                return DecodedText(text, encoding, ("invalid bytes after the BOM were replaced",))
    return None


def decode_utf8(data: bytes) -> DecodedText | None:
    try:
        return DecodedText(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        return None


def decode_utf16_without_bom(data: bytes) -> DecodedText | None:
    """UTF-16 shows as NUL bytes in every other position for mostly-ASCII text."""
    if len(data) < 4 or len(data) % 2:
        return None
    even_nuls = data[0::2].count(0)
    odd_nuls = data[1::2].count(0)
    half = len(data) // 2
    for nuls, encoding in ((odd_nuls, "utf-16-le"), (even_nuls, "utf-16-be")):
        if nuls > half * 0.3:
            try:
                return DecodedText(data.decode(encoding), encoding)
            except UnicodeDecodeError:
                return None
    return None


def decode_truncated_utf8(data: bytes) -> DecodedText | None:
    """UTF-8 cut off in the middle of its last character, as an interrupted download leaves it."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        text = decoder.decode(data, final=False)
    except UnicodeDecodeError:
        return None
    pending, _ = decoder.getstate()
    if pending:
        return DecodedText(text, "utf-8", ("the file ends inside a character, which was dropped",))
    return None


def decode_mostly_utf8(data: bytes) -> DecodedText | None:
    """UTF-8 with a stretch in another encoding pasted in (a mixed file): the UTF-8 is kept and the
    rest replaced, rather than the whole file read in a legacy encoding that garbles the UTF-8."""
    text = data.decode("utf-8", errors="replace")
    replaced = text.count("\ufffd") - data.count("\ufffd".encode())
    decoded = sum(1 for ch in text if ord(ch) > 0x7F) - replaced
    if replaced and decoded >= MIXED_UTF8_RATIO * replaced:
        return DecodedText(text, "utf-8", ("bytes in another encoding were replaced with U+FFFD; the rest is UTF-8",))
    return None


def decode_detected(data: bytes) -> DecodedText | None:
    # Its coherence score runs low (0.1-0.2) on short CJK text even when the guess is right, so
    # any guess beats the lossy fallback.
    matches = from_bytes(data)
    best = matches.best()
    if best is None or best.encoding is None:
        return None
    # Candidates scoring alike (cp1250, cp1252 and cp1257 on Latin text with few accents) are told
    # apart by how common they are on the web; charset-normalizer would take the first by name.
    tied = [m for m in matches if (m.chaos, m.coherence) == (best.chaos, best.coherence) and m.encoding]
    best = min(tied, key=lambda m: COMMON_ENCODINGS.index(m.encoding) if m.encoding in COMMON_ENCODINGS else 99)
    try:
        return DecodedText(data.decode(best.encoding), best.encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def decode_lossy(data: bytes) -> DecodedText:
    text = data.decode("utf-8", errors="replace")
    return DecodedText(text, "utf-8", ("undecodable bytes were replaced with U+FFFD",))


# UTF-16 is tried before UTF-8: ASCII-range UTF-16 is also valid UTF-8, NULs and all.
DECODERS = (
    decode_bom,
    decode_utf16_without_bom,
    decode_utf8,
    decode_truncated_utf8,
    decode_mostly_utf8,
    decode_detected,
)


def decode_bytes(data: bytes) -> DecodedText:
    for decoder in DECODERS:
        decoded = decoder(data)
        if decoded is not None:
            return decoded
    return decode_lossy(data)


def normalize_text(decoded: DecodedText) -> DecodedText:
    """Unify line endings, composed characters (NFC) and drop stray NULs."""
    text = unicodedata.normalize("NFC", decoded.text.replace("\r\n", "\n").replace("\r", "\n"))
    warnings = decoded.warnings
    if "\x00" in text:
        text = text.replace("\x00", "")
        warnings += ("NUL bytes were removed",)
    return DecodedText(text.lstrip("\ufeff"), decoded.encoding, warnings)


def is_binary(text: str) -> bool:
    if not text:
        return False
    controls = len(CONTROL_CHAR_PATTERN.findall(text[:20000]))
    replaced = text[:20000].count("\ufffd")
    sample = min(len(text), 20000)
    return (controls + replaced) / sample > BINARY_CONTROL_SHARE


def drop_control_characters(decoded: DecodedText) -> DecodedText:
    """A text with a few control characters left in it (a form feed, an escape sequence) loses
    them: no text needs them, and no HTML or XML page may hold them. Vertical tabs and form feeds
    end a line."""
    if not UNWANTED_CHAR_PATTERN.search(decoded.text):
        return decoded
    text = UNWANTED_CHAR_PATTERN.sub(lambda m: "\n" if m.group() in "\x0b\x0c" else "", decoded.text)
    return DecodedText(text, decoded.encoding, (*decoded.warnings, "control characters were removed"))


def decode_file(path: str, max_bytes: int) -> DecodedText:
    data = read_limited(path, max_bytes)
    if not data.strip():
        raise RejectedFile(path, "empty file" if not data else "file holds only whitespace")
    decoded = normalize_text(decode_bytes(data))
    if is_binary(decoded.text):
        raise RejectedFile(path, "binary data, not text")
    decoded = drop_control_characters(decoded)
    if not decoded.text.strip():
        raise RejectedFile(path, "file holds only whitespace")
    return decoded

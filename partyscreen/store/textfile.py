"""How a file's bytes become text: the one encoding decision every file reader uses.

Rules (in this order):
- A byte-order mark decides: UTF-8, UTF-16 or UTF-32.
- Else a file whose every byte is valid UTF-8 is UTF-8.
- Else charset-normalizer (a maintained statistical detector) chooses among the encodings
  partyscreen detects: UTF-16 / UTF-32 without a byte-order mark when the file has NUL bytes
  (no 8-bit text has them; a valid UTF-8 file only when an eighth of its start is NUL), otherwise GB18030 (a superset of GBK and GB2312: Chinese Excel and
  ERP exports) and Windows-1252 (a superset of Latin-1's printable characters: Excel's "CSV" on
  Western-European and US Windows). The detector is shown the lines that hold non-ASCII bytes
  (up to ``SAMPLE_BYTES``), which is where the evidence is.
- The chosen codec must decode the whole file, else the detector's next candidate is tried; if
  none decodes, the error names the row of the first byte that is not UTF-8 and asks for
  ``--encoding``. Any other encoding (Big5, Shift-JIS, Windows-1251 …) is read when named.
- An encoding the caller names is used as given, after a check that it decodes the whole file.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass
from pathlib import Path

from partyscreen.errors import InputError

READ_BLOCK = 1 << 20
SAMPLE_BYTES = 256 * 1024
"""Non-ASCII lines shown to the detector at most."""

DETECTED_8BIT = ("gb18030", "cp1252")
DETECTED_WIDE = ("utf_16_le", "utf_16_be", "utf_32_le", "utf_32_be")
SUPPORTED_ENCODINGS = (
    "UTF-8 (with or without BOM), UTF-16 and UTF-32 (with or without BOM), GB18030/GBK, Windows-1252/Latin-1"
)
_CODEC_NAMES = {
    "utf_16_le": "utf-16-le", "utf_16_be": "utf-16-be", "utf_32_le": "utf-32-le", "utf_32_be": "utf-32-be",
    "gb18030": "gb18030", "cp1252": "cp1252",
}


@dataclass(frozen=True)
class TextEncoding:
    """The codec a file is read with, and how it was chosen (``bom``, ``utf-8``, ``detected``, ``given``)."""

    codec: str
    how: str

    def __str__(self) -> str:
        return self.codec if self.how == "given" else f"{self.codec} ({self.how})"


def bom_encoding(head: bytes) -> str | None:
    """The codec a byte-order mark announces (UTF-32 before UTF-16: its mark starts like UTF-16's)."""
    if head.startswith(codecs.BOM_UTF32_LE) or head.startswith(codecs.BOM_UTF32_BE):
        return "utf-32"
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith(codecs.BOM_UTF16_LE) or head.startswith(codecs.BOM_UTF16_BE):
        return "utf-16"
    return None


def first_undecodable(path: Path, encoding: str) -> tuple[int, int] | None:
    """(byte offset, row) of the first byte ``encoding`` cannot decode, or None if all decode.

    The row counts newline bytes, so it is exact for 8-bit and multi-byte ASCII-compatible codecs.
    """
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    offset = 0
    newlines = 0
    with path.open("rb") as fh:
        while block := fh.read(READ_BLOCK):
            try:
                decoder.decode(block)
            except UnicodeDecodeError as exc:
                start = max(exc.start, 0)
                return offset + start, newlines + block[:start].count(b"\n") + 1
            offset += len(block)
            newlines += block.count(b"\n")
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return offset, newlines + 1
    return None


def _scan(path: Path) -> tuple[tuple[int, int] | None, bytes, bool]:
    """One pass: the first non-UTF-8 byte (offset, row), a sample of non-ASCII lines, and whether NULs occur."""
    decoder = codecs.getincrementaldecoder("utf-8")(errors="strict")
    failure: tuple[int, int] | None = None
    sample = bytearray()
    has_nul = False
    offset = newlines = 0
    carry = b""
    with path.open("rb") as fh:
        while block := fh.read(READ_BLOCK):
            if failure is None:
                try:
                    decoder.decode(block)
                except UnicodeDecodeError as exc:
                    start = max(exc.start, 0)
                    failure = (offset + start, newlines + block[:start].count(b"\n") + 1)
            has_nul = has_nul or b"\x00" in block
            if len(sample) < SAMPLE_BYTES:
                lines = (carry + block).split(b"\n")
                carry = lines.pop()
                sample += b"\n".join(line for line in lines if not line.isascii())[: SAMPLE_BYTES - len(sample)]
                sample += b"\n"
            offset += len(block)
            newlines += block.count(b"\n")
        if failure is None:
            try:
                decoder.decode(b"", final=True)
            except UnicodeDecodeError:
                failure = (offset, newlines + 1)
    if carry and not carry.isascii() and len(sample) < SAMPLE_BYTES:
        sample += carry[: SAMPLE_BYTES - len(sample)]
    return failure, bytes(sample), has_nul


def _head(path: Path, size: int = SAMPLE_BYTES) -> bytes:
    with path.open("rb") as fh:
        return fh.read(size)


def _mostly_nul(head: bytes) -> bool:
    """UTF-16/32 text of ASCII characters is valid UTF-8 but at least half NUL bytes; a stray NUL is not."""
    return head.count(b"\x00") * 8 >= len(head)


def _candidates(path: Path, sample: bytes, wide: bool) -> list[str]:
    """The detector's candidates, best first, among the encodings partyscreen detects."""
    from charset_normalizer import from_bytes  # imported on use: only non-UTF-8 files need it

    if wide:
        payload, isolation = _head(path), list(DETECTED_WIDE)
        payload = payload[: len(payload) - len(payload) % 4]
    else:
        payload, isolation = sample, list(DETECTED_8BIT)
    results = from_bytes(payload, cp_isolation=isolation, threshold=1.0)
    return [_CODEC_NAMES.get(match.encoding, match.encoding) for match in results]


def detect_encoding(path: str | Path, display: str | None = None) -> TextEncoding:
    """How to read ``path`` (see the module rules), or an InputError saying why no encoding fits."""
    file = Path(path)
    shown = display or str(path)
    bom = bom_encoding(_head(file, 4))
    if bom is not None:
        failure = first_undecodable(file, bom)
        if failure is None:
            return TextEncoding(bom, "bom")
        raise InputError.at(shown, failure[1], None, f"has a {bom} byte-order mark but byte {failure[0]} is not valid {bom}")
    utf8_failure, sample, has_nul = _scan(file)
    wide = has_nul and (utf8_failure is not None or _mostly_nul(_head(file)))
    if utf8_failure is None and not wide:
        return TextEncoding("utf-8", "utf-8")
    for codec in _candidates(file, sample, wide):
        if first_undecodable(file, codec) is None:
            return TextEncoding(codec, "detected")
    offset, row = utf8_failure or (0, 1)
    raise InputError.at(
        shown,
        row,
        None,
        f"cannot tell the encoding: byte {offset} is not UTF-8 and no detected encoding decodes the whole file; "
        f"name it with --encoding (detected: {SUPPORTED_ENCODINGS}; any Python codec may be named)",
    )


def given_encoding(path: str | Path, encoding: str, display: str | None = None) -> TextEncoding:
    """The caller's encoding, checked: known to Python and able to decode the whole file."""
    shown = display or str(path)
    try:
        codec = codecs.lookup(encoding).name
    except LookupError:
        raise InputError.at(shown, None, None, f"unknown encoding {encoding!r}") from None
    failure = first_undecodable(Path(path), encoding)
    if failure is not None:
        raise InputError.at(shown, failure[1], None, f"byte {failure[0]} is not valid {encoding}")
    return TextEncoding(codec, "given")


def text_encoding(path: str | Path, encoding: str | None = None, display: str | None = None) -> TextEncoding:
    """The caller's encoding if given (checked), else the detected one."""
    if encoding:
        return given_encoding(path, encoding, display)
    return detect_encoding(path, display)

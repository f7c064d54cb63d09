"""Invisible and direction-changing characters made visible for people (HTML and terminal output).

Rule: a character that changes how the text around it is displayed without showing itself —
bidirectional controls such as RIGHT-TO-LEFT OVERRIDE (U+202E), which makes ``Acme‮ LTD``
read backwards, zero-width spaces and joiners that make two different names look the same,
other Unicode format characters (category Cf, including the invisible "tag" characters),
line and paragraph separators, Hangul fillers and control characters (C0 / C1, including the
terminal's ESC) — is shown as ``⟨U+202E⟩``. Kept as they are: ZERO WIDTH NON-JOINER and ZERO
WIDTH JOINER (U+200C, U+200D, which shape Persian and Indic words), and, where the caller
allows, line feeds and tabs.

Only what people read is rewritten: stored data, CSV, JSON and XLSX values keep the characters
as received, so that they can be joined back to the source.
"""

from __future__ import annotations

import re

_RANGES = (
    (0x0000, 0x001F), (0x007F, 0x009F),  # C0 and C1 controls (ESC, BEL, NEL …)
    (0x00AD, 0x00AD), (0x034F, 0x034F),  # soft hyphen, combining grapheme joiner
    (0x0600, 0x0605), (0x061C, 0x061C), (0x06DD, 0x06DD), (0x070F, 0x070F), (0x0890, 0x0891), (0x08E2, 0x08E2),
    (0x115F, 0x1160), (0x180E, 0x180E),  # Hangul fillers, Mongolian vowel separator
    (0x200B, 0x200B), (0x200E, 0x200F),  # zero width space, LRM / RLM
    (0x2028, 0x202E),  # line / paragraph separator, LRE RLE PDF LRO RLO
    (0x2060, 0x2064), (0x2066, 0x206F),  # word joiner, invisible operators, isolates LRI RLI FSI PDI, deprecated
    (0x3164, 0x3164), (0xFEFF, 0xFEFF), (0xFFA0, 0xFFA0), (0xFFF9, 0xFFFB),
    (0x110BD, 0x110BD), (0x110CD, 0x110CD), (0x13430, 0x1343F), (0x1BCA0, 0x1BCA3), (0x1D173, 0x1D17A),
    (0xE0001, 0xE0001), (0xE0020, 0xE007F),  # language tag and tag characters
)
"""Code points shown as ``⟨U+XXXX⟩``: every format character (Unicode category Cf) but U+200C and
U+200D, the control characters, U+2028/U+2029 and the invisible fillers."""

_KEEP_MULTILINE = "\n\t"


def _pattern(keep: str) -> re.Pattern[str]:
    parts = []
    for low, high in _RANGES:
        chars = [c for c in range(low, high + 1) if chr(c) not in keep]
        parts.extend(re.escape(chr(c)) for c in chars)
    return re.compile("[" + "".join(parts) + "]")


_SINGLE_LINE = _pattern("")
_MULTILINE = _pattern(_KEEP_MULTILINE)


def _show(found: re.Match[str]) -> str:
    return f"⟨U+{ord(found.group()):04X}⟩"


def visible(text: object, *, multiline: bool = False) -> str:
    """``text`` with every invisible or direction-changing character shown as ``⟨U+XXXX⟩``.

    Args:
        text: any value (converted with ``str``).
        multiline: keep line feeds and tabs (for text that is laid out in lines on purpose).
    """
    value = str(text)
    return (_MULTILINE if multiline else _SINGLE_LINE).sub(_show, value)

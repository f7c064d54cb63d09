"""Chinese (Han) script handling: traditional → simplified, legal forms, pinyin.

Rule: a name written in Han characters is compared in three ways — its simplified characters
(OpenCC ``t2s``) directly against other Han names, and its Hanyu Pinyin (pypinyin, tone marks
dropped, syllables run together) against Latin names — after the Chinese and Japanese legal
forms (有限公司, 股份有限公司, 株式会社 …) and the generic 集团 / 公司 are stripped from the end or
start of the name. Stripped legal forms are kept, mapped to the same generic organisation
classes rigour uses for Latin legal forms (``llc``, ``jsc`` …), so that a legal form alone never
makes a match but conflicting legal forms can still be noticed.

Rigour's organisation-type tables do not cover Chinese legal forms, so the short table below is
the one hand list in the matcher; it follows the PRC Company Law's two company forms
(有限责任公司, 股份有限公司) and their usual abbreviations.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import opencc

# Chinese / Japanese legal forms → generic organisation class (the same codes rigour uses for
# its Latin legal forms).  Longest first, so 股份有限公司 is removed before 有限公司.
HAN_LEGAL_FORMS: tuple[tuple[str, str], ...] = (
    ("股份有限公司", "jsc"),
    ("有限责任公司", "llc"),
    ("有限公司", "llc"),
    ("株式会社", "jsc"),
    ("合同会社", "llc"),
    ("有限会社", "llc"),
    ("合伙企业", "lp"),
    ("责任公司", "llc"),
)

# Generic words that qualify a Chinese company name rather than identify it: removed from the
# comparison core like legal forms, but reported as generic, not as a legal form.  Why: 公司
# (company), 集团 (group), 控股 (holding) and 总公司 (head company) are stripped by MOFCOM itself when it quotes
# entities and do not distinguish one company from another.
HAN_GENERIC_AFFIXES: tuple[str, ...] = ("集团", "控股", "总公司", "分公司", "公司")

_ALL_AFFIXES = frozenset([f for f, _ in HAN_LEGAL_FORMS] + list(HAN_GENERIC_AFFIXES))

_HAN_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3040-\u30ff]")


@dataclass(frozen=True, slots=True)
class HanName:
    """The Han-script part of a name, reduced for comparison.

    Attributes:
        core: Simplified characters with legal forms and generic affixes removed.
        legal: Generic organisation classes of the stripped legal forms (e.g. ``("llc",)``).
        generic: The stripped generic affixes (e.g. ``("集团",)``).
        pinyin: The core's Hanyu Pinyin, syllables run together, lower case.
        syllables: The core's pinyin syllables, in order.
    """

    core: str
    legal: tuple[str, ...]
    generic: tuple[str, ...]
    pinyin: str
    syllables: tuple[str, ...]


@lru_cache(maxsize=1)
def _converter() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def has_han(text: str) -> bool:
    """Return True if the text contains Han (or kana) characters."""
    return _HAN_RE.search(text) is not None


def split_han(text: str) -> tuple[str, str]:
    """Split a mixed name into its Han characters and its remaining (Latin etc.) text.

    Rule: "华为技术有限公司 (Huawei)" → ("华为技术有限公司", " (Huawei)").
    """
    han = "".join(_HAN_RE.findall(text))
    rest = _HAN_RE.sub(" ", text)
    return han, rest


def to_simplified(text: str) -> str:
    """Convert traditional Chinese characters to simplified ones (OpenCC t2s)."""
    return _converter().convert(text)


def _strip_affixes(core: str) -> tuple[str, list[str], list[str]]:
    legal: list[str] = []
    generic: list[str] = []
    if core in _ALL_AFFIXES:
        return core, legal, generic
    changed = True
    while changed and core:
        changed = False
        for form, cls in HAN_LEGAL_FORMS:
            if core.endswith(form) and len(core) > len(form):
                core, changed = core[: -len(form)], True
                legal.append(cls)
            elif core.startswith(form) and len(core) > len(form):
                core, changed = core[len(form):], True
                legal.append(cls)
        for affix in HAN_GENERIC_AFFIXES:
            if core.endswith(affix) and len(core) > len(affix):
                core, changed = core[: -len(affix)], True
                generic.append(affix)
    return core, legal, generic


def to_pinyin(text: str) -> tuple[str, ...]:
    """Return the toneless pinyin syllables of Han text (kana and other chars dropped)."""
    from pypinyin import lazy_pinyin  # its phrase tables load in ~0.3 s: only when Han text needs them

    return tuple(s for s in lazy_pinyin(text, errors="ignore") if s.isascii() and s.isalpha())


PINYIN_AFFIXES: tuple[str, ...] | None = None
"""The pinyin of the legal forms and affixes above, longest first (computed on first use; a cached
match index brings it along, so a Latin-script look-up need not load pypinyin)."""


def _pinyin_affixes() -> tuple[str, ...]:
    global PINYIN_AFFIXES
    if PINYIN_AFFIXES is None:
        forms = [f for f, _ in HAN_LEGAL_FORMS] + list(HAN_GENERIC_AFFIXES)
        PINYIN_AFFIXES = tuple(sorted({"".join(to_pinyin(f)) for f in forms}, key=len, reverse=True))
    return PINYIN_AFFIXES


def strip_pinyin_affixes(text: str) -> str:
    """Remove romanised Chinese legal forms from the end of run-together pinyin.

    Rule: "huaweijishuyouxiangongsi" → "huaweijishu" (the pinyin of 有限公司 and the other forms
    above), never down to nothing.
    """
    changed = True
    while changed:
        changed = False
        for affix in _pinyin_affixes():
            if text.endswith(affix) and len(text) > len(affix):
                text, changed = text[: -len(affix)], True
    return text


def prepare_han(text: str) -> HanName | None:
    """Reduce the Han characters of a name to a comparison core, or None if there are none.

    Rule: simplify (t2s), strip legal forms and generic affixes from both ends (never the whole
    name), then transcribe the rest to pinyin.
    """
    han, _ = split_han(text)
    if not han:
        return None
    core, legal, generic = _strip_affixes(to_simplified(han))
    syllables = to_pinyin(core)
    return HanName(core, tuple(legal), tuple(generic), "".join(syllables), syllables)

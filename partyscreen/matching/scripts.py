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
# A company limited by shares (股份有限公司, 株式会社) is both a joint-stock company and a
# limited company: its English name is as often "Co., Ltd." as "Corporation" or "JSC", so it
# carries both classes (classes joined by "/", as rigour's multi-class forms are).
HAN_LEGAL_FORMS: tuple[tuple[str, str], ...] = (
    ("股份有限公司", "jsc/llc"),
    ("有限责任公司", "llc"),
    ("有限公司", "llc"),
    ("株式会社", "jsc/llc"),
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

# Legal forms that mark a Han-script name as Japanese: its characters are read in Japanese, so
# their Mandarin pinyin says nothing about its Latin name (日油 is NOF, not "Riyou").
JAPANESE_LEGAL_FORMS = frozenset({"株式会社", "合同会社", "有限会社", "合資会社", "合名会社"})
# Kana proper: the katakana middle dot and long-vowel mark alone do not make a name Japanese
# (Chinese names write foreign names with the dot: 洛克希德・马丁).
_KANA_RE = re.compile(r"[\u3041-\u3096\u30a1-\u30fa]")

# The 410 toneless syllables of Hanyu Pinyin (read from pypinyin over the CJK block).  Two
# different syllables are two different Chinese names, however few letters they differ by
# ("Wang" / "Yang", "Zhang" / "Zheng").
PINYIN_SYLLABLES = frozenset("""
a ai an ang ao ba bai ban bang bao bei ben beng bi bian biao bie bin bing bo bu ca cai can
cang cao ce cen ceng cha chai chan chang chao che chen cheng chi chong chou chu chua chuai
chuan chuang chui chun chuo ci cong cou cu cuan cui cun cuo da dai dan dang dao de den deng
di dian diao die ding diu dong dou du duan dui dun duo e ei en eng er fa fan fang fei fen
feng fiao fo fou fu ga gai gan gang gao ge gei gen geng gong gou gu gua guai guan guang gui
gun guo ha hai han hang hao he hei hen heng hm hong hou hu hua huai huan huang hui hun huo
ji jia jian jiang jiao jie jin jing jiong jiu ju juan jue jun ka kai kan kang kao ke ken
keng kong kou ku kua kuai kuan kuang kui kun kuo la lai lan lang lao le lei leng li lia lian
liang liao lie lin ling liu lo long lou lu luan lun luo lv lve m ma mai man mang mao me mei
men meng mi mian miao mie min ming miu mo mou mu n na nai nan nang nao ne nei nen neng ni
nian niang niao nie nin ning niu nong nou nu nuan nun nuo nv nve o ou pa pai pan pang pao
pei pen peng pi pian piao pie pin ping po pou pu qi qia qian qiang qiao qie qin qing qiong
qiu qu quan que qun ran rang rao re ren reng ri rong rou ru rua ruan rui run ruo sa sai san
sang sao se sen seng sha shai shan shang shao she shen sheng shi shou shu shua shuai shuan
shuang shui shun shuo si song sou su suan sui sun suo ta tai tan tang tao te teng ti tian
tiao tie ting tong tou tu tuan tui tun tuo wa wai wan wang wei wen weng wo wu xi xia xian
xiang xiao xie xin xing xiong xiu xu xuan xue xun ya yan yang yao ye yi yin ying yo yong you
yu yuan yue yun za zai zan zang zao ze zei zen zeng zha zhai zhan zhang zhao zhe zhen zheng
zhi zhong zhou zhu zhua zhuai zhuan zhuang zhui zhun zhuo zi zong zou zu zuan zui zun zuo
""".split())

_ALL_AFFIXES = frozenset([f for f, _ in HAN_LEGAL_FORMS] + list(HAN_GENERIC_AFFIXES))

_HAN_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3040-\u30ff]")


@dataclass(frozen=True, slots=True)
class HanName:
    """The Han-script part of a name, reduced for comparison.

    Attributes:
        core: Simplified characters with legal forms and generic affixes removed.
        legal: Generic organisation classes of the stripped legal forms (e.g. ``("llc",)``).
        generic: The stripped generic affixes (e.g. ``("集团",)``).
        pinyin: The core's Hanyu Pinyin, syllables run together, lower case (empty for a
            Japanese name).
        syllables: The core's pinyin syllables, in order.
        japanese: True if kana or a Japanese legal form mark the name as Japanese.
    """

    core: str
    legal: tuple[str, ...]
    generic: tuple[str, ...]
    pinyin: str
    syllables: tuple[str, ...]
    japanese: bool = False


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
    for form, cls in HAN_LEGAL_FORMS:
        if core == form:  # a legal form alone is no name ("株式会社" of "株式会社ABC")
            return "", [cls], generic
    if core in HAN_GENERIC_AFFIXES:
        return "", legal, [core]
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


# The Chinese and Japanese legal forms and generic affixes written in pinyin in a Latin-script
# name ("Sourcemap Gong Si", "Huawei Jishu Youxian Gongsi", "Subaru Zhushi Huishe") → the English
# words rigour reads as the same legal form or generic word. Syllables as pypinyin reads the
# Han form (tests/matching/test_scripts.py checks them against ``to_pinyin``).
PINYIN_FORMS: tuple[tuple[str, tuple[str, ...], str], ...] = (
    ("股份有限公司", ("gu", "fen", "you", "xian", "gong", "si"), "co ltd"),
    ("有限责任公司", ("you", "xian", "ze", "ren", "gong", "si"), "co ltd"),
    ("有限公司", ("you", "xian", "gong", "si"), "co ltd"),
    ("株式会社", ("zhu", "shi", "hui", "she"), "kabushiki kaisha"),
    ("合同会社", ("he", "tong", "hui", "she"), "godo kaisha"),
    ("有限会社", ("you", "xian", "hui", "she"), "yugen kaisha"),
    ("合伙企业", ("he", "huo", "qi", "ye"), "partnership"),
    ("总公司", ("zong", "gong", "si"), "company"),
    ("公司", ("gong", "si"), "company"),
    ("集团", ("ji", "tuan"), "group"),
    ("控股", ("kong", "gu"), "holding"),
)
# One trailing form in pinyin, its syllables written together or apart (spaces, hyphens).
_PINYIN_FORM_RE = re.compile(
    r"(?<=\S)[\s\-,.]+(" + "|".join(r"[\s\-]*".join(syllables) for _, syllables, _ in PINYIN_FORMS)
    + r")[\s.,]*$")
_PINYIN_FORM_ENGLISH = {"".join(syllables): english for _, syllables, english in PINYIN_FORMS}
_PINYIN_FORM_ENDINGS = tuple({syllables[-1] for _, syllables, _ in PINYIN_FORMS})
# The words of those English readings (left out where a Latin name is compared with pinyin).
PINYIN_FORM_WORDS = frozenset(word for _, _, english in PINYIN_FORMS for word in english.split())


def english_pinyin_forms(text: str) -> str:
    """A (cleaned, lower-case) Latin name with its trailing Chinese or Japanese legal forms and
    generic affixes written in pinyin read as the English words of the same form
    ("sourcemap gong si" → "sourcemap company", "huawei jishu you xian gong si" → "huawei jishu co
    ltd"); other names unchanged. A form is read only after a word of the name."""
    if not text.rstrip(" .,").endswith(_PINYIN_FORM_ENDINGS):
        return text
    tail: list[str] = []
    while (match := _PINYIN_FORM_RE.search(text)) is not None:
        tail.insert(0, _PINYIN_FORM_ENGLISH[re.sub(r"[\s\-]", "", match.group(1))])
        text = text[: match.start()]
    return " ".join([text, *tail]) if tail else text


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

    Rule: simplify (t2s), strip legal forms and generic affixes from both ends (a name that is
    only a legal form keeps no core: it cannot make a match), then transcribe the rest to
    pinyin — unless kana or a Japanese legal form mark the name as Japanese (no pinyin then).
    """
    han, _ = split_han(text)
    if not han:
        return None
    simplified = to_simplified(han)
    japanese = _KANA_RE.search(han) is not None or any(f in simplified for f in JAPANESE_LEGAL_FORMS)
    core, legal, generic = _strip_affixes(simplified)
    syllables = () if japanese else to_pinyin(core)
    return HanName(core, tuple(legal), tuple(generic), "".join(syllables), syllables, japanese)

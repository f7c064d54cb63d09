"""Korean personal names written in Hangul, read as the lists write them in Latin letters.

Rule: lists publish Korean persons in Latin letters only ("KIM, Jong Un", "CHOE, Ryong Hae",
"PAK, Pong Ju"); a customer record gives the same person in Hangul (김정은, 최룡해, 박봉주).
Letter-by-letter transliteration (ICU's, which rigour applies) runs the name together and spells
it by its letters ("gimjeong-eun", 박 "bag", 룡 "lyong", 이 "i"), which meets no listed name. A
Hangul name that reads as a personal name — one or two words of three syllables in all (a
family name and a given name of one or two; two syllables only when the caller says the name
is a person's: 한화, 신한, 현대 are brands as often), or four with a compound family name (남궁,
황보 …) and a given name of two, punctuation aside — is therefore read as its family name in its usual Latin spelling ("Kim", "Lee",
"Park", "Choi"; the North's 리/림/류 as "Ri", "Rim", "Ryu") followed by each given-name syllable
as a word of its own in Revised Romanization, syllable by syllable as names are romanised (no
sound changes across syllables): 김정은 → "Kim Jeong Eun", 최룡해 → "Choi Ryong Hae". The
comparison then reads the Korean romanisations as one (``respelling.korean_key``: Jeong / Jong
/ Chong, Eun / Un, Park / Pak), as for any two Korean-shaped names.

A Hangul name that does not read so — an organisation's (주식회사, 그룹 …, or a name given as
an organisation's), a name of other length, or one opening with no family name — is left to
the letter-by-letter transliteration. The reading is a personal name's words: no legal form is
read in it ("In" is a syllable, not "Inc").
"""

from __future__ import annotations

import re
from functools import lru_cache

# Syllables of the Hangul block: (initial × 21 + medial) × 28 + final, from U+AC00.
_FIRST, _LAST = 0xAC00, 0xD7A3
_INITIALS = ("g", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s", "ss", "", "j", "jj", "ch", "k", "t", "p", "h")
_MEDIALS = ("a", "ae", "ya", "yae", "eo", "e", "yeo", "ye", "o", "wa", "wae", "oe", "yo", "u", "wo", "we", "wi",
            "yu", "eu", "ui", "i")
_FINALS = ("", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l", "p", "l", "m", "p", "p", "t", "t",
           "ng", "t", "t", "k", "t", "p", "t")

# Korean family names in Hangul → the Latin spelling lists and passports use most, or, where
# that spelling is of no ``respelling.KOREAN_SURNAMES`` class, the Revised Romanization that
# ``respelling.korean_key`` unifies with the North's ("seong" / "Song", "hyeon" / "Hyon", "gyeong" /
# "Kyong"). Compound family names first.
FAMILY_NAMES: dict[str, str] = {
    "남궁": "namgung", "황보": "hwangbo", "제갈": "jegal", "선우": "sunwoo", "독고": "dokgo", "사공": "sagong",
    "서문": "seomun", "동방": "dongbang", "어금": "eogeum", "망절": "mangjeol",
    "김": "kim", "이": "lee", "리": "ri", "박": "park", "최": "choi", "정": "jeong", "강": "kang", "조": "cho",
    "윤": "yoon", "장": "jang", "임": "lim", "림": "rim", "한": "han", "오": "oh", "서": "seo", "신": "shin",
    "권": "kwon", "황": "hwang", "안": "ahn", "송": "song", "류": "ryu", "유": "yu", "전": "jeon", "홍": "hong",
    "고": "ko", "문": "moon", "양": "yang", "량": "ryang", "손": "son", "배": "bae", "백": "baek", "허": "heo",
    "남": "nam", "심": "shim", "노": "roh", "로": "ro", "하": "ha", "곽": "kwak", "성": "seong", "차": "cha",
    "주": "joo", "우": "woo", "구": "koo", "민": "min", "진": "jin", "지": "ji", "엄": "eom", "채": "chae",
    "원": "won", "천": "cheon", "방": "bang", "공": "kong", "현": "hyeon", "함": "ham", "변": "byun",
    "염": "yeom", "렴": "ryeom", "여": "yeo", "려": "ryeo", "추": "choo", "도": "do", "소": "so", "석": "seok",
    "선": "seon", "설": "seol", "마": "ma", "길": "gil", "연": "yeon", "련": "ryeon", "위": "wi", "표": "pyo",
    "명": "myeong", "기": "ki", "반": "ban", "라": "ra", "나": "na", "왕": "wang", "금": "keum", "옥": "ok",
    "육": "yook", "인": "in", "맹": "maeng", "제": "je", "모": "mo", "탁": "tak", "국": "kook", "어": "eo",
    "은": "eun", "편": "pyeon", "용": "yong", "예": "ye", "경": "gyeong", "봉": "bong", "사": "sa", "부": "boo",
    "가": "ka", "복": "bok", "태": "tae", "목": "mok", "형": "hyeong", "계": "kye", "피": "pi", "두": "doo",
    "감": "kam", "음": "eum", "빈": "bin", "동": "dong", "온": "on", "호": "ho", "범": "beom", "좌": "jwa",
    "팽": "paeng", "승": "seung", "간": "kan", "상": "sang", "갈": "gal", "시": "si", "단": "dan", "견": "kyeon",
    "당": "dang", "탄": "tan", "야": "ya", "화": "hwa", "묵": "muk", "판": "pan", "평": "pyeong",
}
# Words that make a Hangul name an organisation's (company, group, industry, bank …).
ORGANISATION_WORDS = ("주식회사", "유한회사", "회사", "그룹", "산업", "공업", "상사", "무역", "은행", "협회", "재단",
                      "연구소", "센터", "공사", "위원회", "대학", "학교", "병원", "전자", "기술", "(주)", "㈜")
# Most syllables of a personal name (family name included): 김정은 3, 남궁민수 4.
MAX_SYLLABLES = 4
_HANGUL_RE = re.compile(r"[\uac00-\ud7a3]")
_PERSON_RE = re.compile(r"[\uac00-\ud7a3]+(?: [\uac00-\ud7a3]+)?")
# Punctuation a personal name may carry ("김-정은", "김정은,").
_PUNCTUATION_RE = re.compile(r"[\-,.·・]")


def has_hangul(text: str) -> bool:
    """True if the text holds a Hangul syllable."""
    return _HANGUL_RE.search(text) is not None


def syllable_roman(syllable: str) -> str:
    """One Hangul syllable in Revised Romanization, read alone ("정" → "jeong", "룡" → "ryong")."""
    code = ord(syllable) - _FIRST
    initial, rest = divmod(code, 21 * 28)
    medial, final = divmod(rest, 28)
    return _INITIALS[initial] + _MEDIALS[medial] + _FINALS[final]


@lru_cache(maxsize=1 << 14)
def person_reading(text: str, kind: str | None = None) -> str | None:
    """The Latin reading of a Hangul personal name (see module rules), or None if the text does
    not read as one. ``text`` is the cleaned name (NFKC, case-folded, spaces squashed)."""
    if kind not in (None, "person", "unknown") or any(word in text for word in ORGANISATION_WORDS):
        return None
    text = " ".join(_PUNCTUATION_RE.sub(" ", text).split())
    if _PERSON_RE.fullmatch(text) is None:
        return None
    syllables = text.replace(" ", "")
    # A name of two syllables is a brand's as often as a person's (한화, 신한, 현대): read so only
    # when the caller says it is a person's.
    if not (2 if kind == "person" else 3) <= len(syllables) <= MAX_SYLLABLES:
        return None
    head = text.split(" ")[0]
    # A compound family name only before a given name of two syllables (서문석 is 서 Mun-seok).
    family = next((f for f in (syllables[:2], syllables[:1]) if f in FAMILY_NAMES
                   and len(syllables) - len(f) in ((1, 2) if len(f) == 1 else (2,))
                   and (" " not in text or head == f)), None)
    if family is None:
        return None
    given = syllables[len(family):]
    if not given:
        return None
    return " ".join((FAMILY_NAMES[family], *(syllable_roman(s) for s in given)))

"""Japanese kana (katakana, hiragana) romanised for comparison with Latin names.

Rule: a run of kana in a name marked as Japanese (kana, or a Japanese legal form) is written in
Latin letters so that it meets the company's Latin name ("スバル株式会社" / "SUBARU Corporation"):

1. Hiragana is read as the katakana of the same sound.
2. The whole run spelling Latin letter names (ティー ディー ケイ, アイ エイチ アイ) is those letters
   ("tdk", "ihi"): Japanese companies write their Latin initials that way.
3. A run that is a common business loanword (エアロスペース, コーポレーション, システムズ …) is the
   English word, so that it reduces like the Latin word does (a sector or generic word, never a
   distinctive one).
4. Otherwise modified Hepburn, spelt as loanwords are in English: the long-vowel mark ー and
   the doubling of vowels are dropped ("ソニー" → "soni", which meets "Sony" as a romanisation
   variant), the small ッ doubles the next consonant, but a final ック/ット/ッド/ップ/ッグ keeps
   the consonant alone ("ロボット" → "robot"), and ティ/ディ/ファ/ヴァ … are "ti"/"di"/"fa"/"va".

Kanji are not romanised: their reading in a company name is not knowable from the characters
(日油 is NOF), and reading them as Chinese pinyin would be wrong (see ``scripts.py``).

The tables below are the whole of the rule: no dictionary is loaded, so this costs nothing at
import time.
"""

from __future__ import annotations

import re
from functools import lru_cache

# Katakana block used by names (ァ..ヺ, the long-vowel mark ー) and hiragana (ぁ..ゖ).
# A run is kana words joined by the katakana middle dot; the dot alone is no kana (Chinese names
# write it between the parts of a foreign name: 洛克希德・马丁).
_KANA = r"[\u3041-\u3096\u30a1-\u30fa\u30fc]"
KANA_RUN_RE = re.compile(f"{_KANA}+(?:\u30fb{_KANA}+)*")
_HIRAGANA_START, _HIRAGANA_END, _KATA_OFFSET = 0x3041, 0x3096, 0x60

# Two-character sounds first (a small vowel or small ya/yu/yo after a kana), then single kana.
_DIGRAPHS: dict[str, str] = {
    "キャ": "kya", "キュ": "kyu", "キョ": "kyo", "シャ": "sha", "シュ": "shu", "ショ": "sho",
    "チャ": "cha", "チュ": "chu", "チョ": "cho", "ニャ": "nya", "ニュ": "nyu", "ニョ": "nyo",
    "ヒャ": "hya", "ヒュ": "hyu", "ヒョ": "hyo", "ミャ": "mya", "ミュ": "myu", "ミョ": "myo",
    "リャ": "rya", "リュ": "ryu", "リョ": "ryo", "ギャ": "gya", "ギュ": "gyu", "ギョ": "gyo",
    "ジャ": "ja", "ジュ": "ju", "ジョ": "jo", "ビャ": "bya", "ビュ": "byu", "ビョ": "byo",
    "ピャ": "pya", "ピュ": "pyu", "ピョ": "pyo", "ヂャ": "ja", "ヂュ": "ju", "ヂョ": "jo",
    # Loanword sounds.
    "シェ": "she", "ジェ": "je", "チェ": "che", "ティ": "ti", "ディ": "di", "トゥ": "tu",
    "ドゥ": "du", "デュ": "dyu", "テュ": "tyu", "ファ": "fa", "フィ": "fi", "フェ": "fe",
    "フォ": "fo", "フュ": "fyu", "ウィ": "wi", "ウェ": "we", "ウォ": "wo", "ヴァ": "va",
    "ヴィ": "vi", "ヴェ": "ve", "ヴォ": "vo", "ヴュ": "vyu", "ツァ": "tsa", "ツィ": "tsi",
    "ツェ": "tse", "ツォ": "tso", "イェ": "ye", "クァ": "kwa", "クィ": "kwi", "クェ": "kwe",
    "クォ": "kwo", "グァ": "gwa", "スィ": "si", "ズィ": "zi",
}
_MONOGRAPHS: dict[str, str] = dict(zip(
    "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワヰヱヲン"
    "ガギグゲゴザジズゼゾダヂヅデドバビブベボパピプペポヴァィゥェォャュョヮ",
    ["a", "i", "u", "e", "o", "ka", "ki", "ku", "ke", "ko", "sa", "shi", "su", "se", "so",
     "ta", "chi", "tsu", "te", "to", "na", "ni", "nu", "ne", "no", "ha", "hi", "fu", "he", "ho",
     "ma", "mi", "mu", "me", "mo", "ya", "yu", "yo", "ra", "ri", "ru", "re", "ro", "wa", "i", "e",
     "o", "n", "ga", "gi", "gu", "ge", "go", "za", "ji", "zu", "ze", "zo", "da", "ji", "zu", "de",
     "do", "ba", "bi", "bu", "be", "bo", "pa", "pi", "pu", "pe", "po", "vu", "a", "i", "u", "e",
     "o", "ya", "yu", "yo", "wa"],
    strict=True))
_SOKUON = "ッ"
_LONG = "ー"
# Final sokuon + kana read as the bare consonant, as the English word is spelt ("ロボット" robot,
# "ジェット" jet, "デジタル" is unaffected).
_FINAL_CLUSTERS = {"ク": "k", "ト": "t", "ド": "d", "プ": "p", "グ": "g", "ツ": "ts", "チ": "ch"}

# Katakana spellings of the Latin letters (all current spellings).
LETTER_NAMES: dict[str, str] = {
    "エー": "a", "エイ": "a", "ビー": "b", "シー": "c", "ディー": "d", "デー": "d", "イー": "e",
    "エフ": "f", "ジー": "g", "ヂー": "g", "エイチ": "h", "エッチ": "h", "アイ": "i", "ジェー": "j",
    "ジェイ": "j", "ケー": "k", "ケイ": "k", "エル": "l", "エム": "m", "エヌ": "n", "オー": "o",
    "ピー": "p", "キュー": "q", "アール": "r", "エス": "s", "ティー": "t", "テー": "t", "ユー": "u",
    "ブイ": "v", "ヴィー": "v", "ダブリュー": "w", "ダブリュ": "w", "エックス": "x", "ワイ": "y",
    "ゼット": "z", "ゼッド": "z", "ズィー": "z", "ティ": "t", "ディ": "d",
}
# Fewest letter names a run must spell to be read as letters ("アイ" alone is a word: "ai").
MIN_LETTERS = 2

# Common business loanwords in company names → the English word (which rigour then reads as the
# generic or sector word it is).  Only words a company name uses as a sector or form word, not
# proper names: a brand is romanised by sound.
LOANWORDS: dict[str, str] = {
    "コーポレーション": "corporation", "カンパニー": "company", "ホールディングス": "holdings",
    "ホールディング": "holding", "グループ": "group", "インターナショナル": "international",
    "インダストリーズ": "industries", "インダストリー": "industry", "テクノロジー": "technology",
    "テクノロジーズ": "technologies", "テック": "tech", "システム": "system", "システムズ": "systems",
    "エレクトロニクス": "electronics", "エレクトリック": "electric", "エアロスペース": "aerospace",
    "エアロ": "aero", "エンジン": "engine", "エンジンズ": "engines", "エンジニアリング": "engineering",
    "マシナリー": "machinery", "ソリューションズ": "solutions", "ソリューション": "solution",
    "サービス": "service", "サービシズ": "services", "トレーディング": "trading",
    "エンタープライズ": "enterprise", "ネットワークス": "networks", "ネットワーク": "network",
    "ケミカル": "chemical", "ケミカルズ": "chemicals", "マテリアルズ": "materials",
    "マテリアル": "material", "メディカル": "medical", "エナジー": "energy", "エネルギー": "energy",
    "モーター": "motor", "モーターズ": "motors", "ロボティクス": "robotics", "ディフェンス": "defense",
    "セキュリティ": "security", "セキュリティー": "security", "オプティクス": "optics",
    "フォトニクス": "photonics", "デバイス": "device", "デバイセズ": "devices",
    "ラボラトリーズ": "laboratories", "ラボラトリー": "laboratory", "リサーチ": "research",
    "センター": "center", "ソフトウェア": "software", "コミュニケーションズ": "communications",
    "マニュファクチャリング": "manufacturing", "プロダクツ": "products", "セミコンダクター": "semiconductor",
    "インスツルメンツ": "instruments", "アビエーション": "aviation", "パシフィック": "pacific",
    "アジア": "asia", "アメリカ": "america", "ヨーロッパ": "europe", "グローバル": "global",
    "ジャパン": "japan", "スペース": "space", "マリン": "marine", "シッピング": "shipping",
    "ロジスティクス": "logistics", "パワー": "power", "メタル": "metal", "メタルズ": "metals",
    "スチール": "steel", "オートモーティブ": "automotive", "エアクラフト": "aircraft",
    "ダイナミクス": "dynamics", "ビジネス": "business", "デジタル": "digital", "データ": "data",
    "ファイナンス": "finance", "キャピタル": "capital", "インベストメント": "investment",
    "パートナーズ": "partners", "ベンチャーズ": "ventures", "ラボ": "lab", "ラボズ": "labs",
    "ワークス": "works", "ファクトリー": "factory", "アンド": "and",
}


def hiragana_to_katakana(text: str) -> str:
    """Hiragana letters as the katakana of the same sound (other characters unchanged)."""
    return "".join(chr(ord(c) + _KATA_OFFSET) if _HIRAGANA_START <= ord(c) <= _HIRAGANA_END else c
                   for c in text)


def _letters(run: str) -> str | None:
    """The Latin letters a run spells by their katakana names (longest name first), or None."""
    out: list[str] = []
    i = 0
    while i < len(run):
        for size in (5, 4, 3, 2):
            letter = LETTER_NAMES.get(run[i:i + size])
            if letter is not None:
                out.append(letter)
                i += size
                break
        else:
            return None
    return "".join(out) if len(out) >= MIN_LETTERS else None


def _hepburn(run: str) -> str:
    """Loanword-friendly Hepburn of a katakana run (see the module's rule 4)."""
    out: list[str] = []
    double = False
    i = 0
    while i < len(run):
        ch = run[i]
        if ch == _SOKUON:
            nxt = run[i + 1:i + 2]
            if nxt in _FINAL_CLUSTERS and i + 2 == len(run):
                out.append(_FINAL_CLUSTERS[nxt])
                i += 2
                continue
            double = True
            i += 1
            continue
        if ch in (_LONG, "・"):
            i += 1
            continue
        syllable = _DIGRAPHS.get(run[i:i + 2])
        size = 2
        if syllable is None:
            syllable, size = _MONOGRAPHS.get(ch, ""), 1
        if double and syllable and syllable[0] not in "aeiou":
            syllable = ("t" if syllable.startswith("ch") else syllable[0]) + syllable
        double = False
        if syllable and out and out[-1] and syllable in "aeiou" and out[-1][-1] == syllable \
                and len(syllable) == 1:
            i += size  # a doubled vowel (オオ, ウウ) is a long vowel: written once
            continue
        out.append(syllable)
        i += size
    return "".join(out)


# Shortest loanword found inside a longer katakana word ("エアロスペースエンジニアリング"); shorter
# ones (ラボ, テック) only as whole words, since two or three kana occur inside many brand names.
MIN_INNER_LOANWORD = 4


def _segment(word: str) -> list[str]:
    """A katakana word split into loanwords (longest first, see ``MIN_INNER_LOANWORD``) and the
    sounds between them, each romanised."""
    whole = LOANWORDS.get(word) or LOANWORDS.get(word.rstrip(_LONG))
    if whole is not None:
        return [whole]
    out: list[str] = []
    rest = ""
    i = 0
    while i < len(word):
        for size in range(min(len(word) - i, 12), MIN_INNER_LOANWORD - 1, -1):
            english = LOANWORDS.get(word[i:i + size])
            if english is not None:
                if rest:
                    out.append(_hepburn(rest))
                    rest = ""
                out.append(english)
                i += size
                while i < len(word) and word[i] == _LONG:
                    i += 1
                break
        else:
            rest += word[i]
            i += 1
    if rest:
        out.append(_hepburn(rest))
    return out


@lru_cache(maxsize=4096)
def romanise_kana(run: str) -> str:
    """One kana run in Latin letters: letter names, loanwords, or sound (the module's rules)."""
    kata = hiragana_to_katakana(run)
    letters = _letters(kata.replace("・", ""))
    if letters is not None:
        return letters
    out: list[str] = []
    for word in kata.split("・"):
        if word:
            out.extend(_letters(word) and [_letters(word)] or _segment(word))
    return " ".join(w for w in out if w)


def romanise_kana_in(text: str) -> str:
    """The text with each kana run replaced by its romanisation, set off by spaces."""
    return KANA_RUN_RE.sub(lambda m: f" {romanise_kana(m.group())} ", text)

"""Names inside names: short forms in brackets, and branch or office wording.

Rules:

* **Short forms.** A name ending in a bracketed part that is not branch wording —
  ``China Electronics Technology Group Corporation (CETC)``, ``Акционерное общество «Концерн
  …» (АО «КРЭТ»)`` — is also read as the name before the brackets and as the bracketed short
  form, each a name of its own. A listed name split this way gives the candidate both forms;
  a screened name is compared in all its forms, the best counting.
* **Qualifiers.** A bracketed part inside a screened name (``Deutsche Bank (Schweiz) AG``) is
  also read as left out (``Deutsche Bank AG``), so it meets its listed parent or namesake.
  Listed names keep their qualifier: dropped on both sides, ``Bank of China (Hong Kong)
  Limited`` and ``Bank of China (Singapore) Limited`` — sister companies — would read the same.
* **Branches and offices.** Wording that makes a name a branch, office or division of another
  (分公司, 办事处, 代表处, 分行, 支店, Zweigniederlassung, Niederlassung, succursale, sucursal,
  filial, branch, branch office, representative office, liaison office, sales office, филиал,
  представительство …) is read as the parent: the name with the branch wording (and the place
  that usually comes with it) removed. Under ``mofcom-61`` a branch of a listed party is that
  party, so the parent's score counts in full and the explanation says the subject reads as a
  branch. Generic words such as "office" or "division" count only in a trailing bracket or
  after a dash or comma, where they qualify a name ("Lockheed Martin Corporation - Asia
  Pacific Sales Office"), never inside one ("Office of Foreign Assets Control").
* **Dedications.** A Russian body's name dedicated to a person — "имени профессора Н.Е.
  Жуковского", "им. М.Ф. Стельмаха", "imeni P.I. Plandina", "named after V.P. Chkalov" — is
  also read without the dedication (from the word to the end of the name or of its quoted
  part), a name of its own on both sides: lists publish the body's English name without it
  ("ФГУП «Центральный аэрогидродинамический институт имени профессора Н.Е. Жуковского»" /
  "Central Aerohydrodynamic Institute", "ARZAMASSKIY PRIBOROSTROITELNYI ZAVOD IMENI P I
  PLANDINA" / "ARZAMAS INSTRUMENT PLANT"). The name as written is compared too, so a body known
  by its dedication ("ZAVOD IMENI DEGTYAREVA") keeps it.
* **Branch wording ending a name.** A name of two words or more before it that ends in
  "Branch", "Branch Office", "Sub-branch", "Representative/Rep./Liaison/Sales/Regional/Agency
  Office", "Şubesi", "Oddział" or one of the words above, with no comma, dash or bracket before
  ("Bank Melli Iran Hamburg Branch", "Huawei Technologies Co., Ltd. Shenzhen Branch"), reads as
  the parent: the words before the wording, less a place right before it — one rigour knows (a
  country, a region or a capital, one or two words: "Hamburg", "Hong Kong", "Beijing", "UK") or
  a business city of the gazetteer in ``cities`` (big commercial cities and ports rigour does not
  know, up to ``MAX_CITY_WORDS`` words, in any spacing: "Frankfurt am Main", "Shenzhen", "Guang
  Zhou", "Ho Chi Minh City") — not after "of", "in", "de" and the like, where the place is in
  the name ("Bank of China Branch", "Islamic Army of Aden Branch Office"); with no such place, up to the last legal form when at most
  ``MAX_PLACE_WORDS`` words follow it ("… Co., Ltd. Shenzhen", "… Corporation Asia Pacific"). A
  legal form opening the name ("LIMITED LIABILITY COMPANY Trimix"), or a company word after fewer
  than two words ("State Corporation Rostec"), does not end the parent; any other word before
  the wording (a place in neither list, or a city name that is also a common or company word
  and so left out of the gazetteer: "Acme Phoenix Branch Office") stays in the parent, so a
  sister company's branch ("Huawei Device Branch Office") is not read as its sister. Why: on
  listed names with a city and the wording after (500, faker-drawn), also dropping a
  proper-name word before the wording when no place is known found 97% of the parents (87% with
  rigour's places only, 99% with the gazetteer too), but made 22% of sister-company branches
  (800 "<listed name> <another word> Branch Office") a hit on the listed name (with known places
  only, gazetteer or not, no more than the same names without the wording). "Branch" alone is
  also a family name: it ends a branch only after a name that reads as an organisation's or
  after a place that is no personal name ("John Taylor Branch", "Mary Ann Houston Branch" are
  no branches). "Office" alone never ends a branch ("Post Office"), nor does "Branch" start one
  ("Branch Banking and Trust"). A comma inside a legal form ("Co., Ltd.", "Inc., Ltd") is not a
  separator, nor is one followed by more than ``MAX_PLACE_WORDS`` words besides the branch
  wording ("Wagner, Burton and Wilson London Branch" is a firm's London branch, not Wagner's).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from partyscreen.matching.normalize import DEDICATION_MARKER, MAX_NAME_LENGTH

# Words that make a name a branch or office anywhere in it (unambiguous in company names).
BRANCH_WORDS = (
    "zweigniederlassung", "niederlassung", "zweigstelle", "repräsentanz", "succursale",
    "sucursal", "branch office", "representative office", "representation office",
    "liaison office", "rep office", "филиал", "представительство", "bureau de représentation",
    "oficina de representación",
)
# Words that make a trailing segment (in brackets, or after " - " or ",") branch wording.
TRAILING_BRANCH_WORDS = BRANCH_WORDS + (
    "branch", "office", "division", "filial", "filiale", "agency office", "sales office",
)
# Han-script branch and office wording, at the end of a name.
HAN_BRANCH_SUFFIXES = ("分公司", "办事处", "辦事處", "代表处", "代表處", "分行", "分部", "支店", "営業所", "事務所",
                       "分支机构")
# Endings of a Han company name before the place of its branch (华为技术有限公司深圳分公司).
HAN_PARENT_ENDINGS = ("股份有限公司", "有限责任公司", "有限公司", "株式会社", "集团", "公司")
# Shortest parent left after removing branch wording (characters), so "Branch" alone is no name.
MIN_PARENT_LENGTH = 2

_BRACKET_RE = re.compile(r"^(?P<head>.*?\S)\s*[(（\[](?P<inner>[^()（）\[\]]+)[)）\]]\s*$")
# The brackets of _BRACKET_RE and _INNER_BRACKET_RE: a name (spaces squashed) that ends in no
# closing bracket has no bracketed ending, one without an opening bracket no bracket at all, and
# a test of the characters costs less than the search (most names have no brackets).
OPENING_BRACKETS = ("(", "（", "[")
CLOSING_BRACKETS = (")", "）", "]")

_TRAILING_RE = re.compile(r"^(?P<head>.*?\S)\s*(?:\s[-–—]\s|,\s*)(?P<tail>[^,\-–—]+)$")
_OF_RE = re.compile(r"^(?:.*\s)?(?:branch|branch office|representative office|liaison office|filial|filiale|"
                    r"sucursal|succursale|zweigniederlassung)\s+(?:of|de|del|der|des|d')\s*"
                    r"(?P<parent>.+?)(?:\s+(?:in|en|à|au)\s+.+)?$", re.IGNORECASE)
_WORDS = {w: re.compile(rf"(?<!\w){re.escape(w)}(?!\w)", re.IGNORECASE) for w in TRAILING_BRANCH_WORDS}
# Branch or office wording that ends a name written inline, with no comma, dash or bracket before
# it ("Bank Melli Iran Hamburg Branch", "Lockheed Martin Corporation Beijing Representative
# Office"): the words of BRANCH_WORDS and the office wordings that only name a unit of a company.
# Never "Office" alone ("Post Office Ltd") nor "Branch" inside a name ("Branch Banking and Trust").
_END_RE = re.compile(r"(?<!\w)(?P<wording>(?:sub[- ]?)?branch(?:\s+office)?|(?:representative|representation|rep\.?"
                     r"|liaison|sales|regional|agency)\s+office|zweigniederlassung|niederlassung|zweigstelle"
                     r"|repräsentanz|succursale|sucursal|şubesi|oddział|филиал|представительство)\W*$",
                     re.IGNORECASE)
# Words that end a company's name as its legal form does but are not in rigour's legal forms.
_COMPANY_FORM_RE = re.compile(r"(?<!\w)(?:corporation|corp\.?|company|co\.|incorporated)(?!\w)", re.IGNORECASE)
# Most words a place between a company's legal form and its branch wording may have
# ("… Co., Ltd. Hong Kong Branch", "… Ltd. Asia Pacific Sales Office"); more, and the words are
# more than a place.
MAX_PLACE_WORDS = 3
# Most words of a business city's name before branch wording ("Ho Chi Minh City").
MAX_CITY_WORDS = 4
# Words after which a place is part of the name, not the branch's place ("Bank of China").
_PLACE_CONNECTIVES = frozenset({"of", "in", "at", "for", "and", "&", "the", "de", "du", "des", "del", "della",
                                "di", "da", "do", "dos", "das", "der", "von", "van", "en", "y", "e", "und"})


@dataclass(frozen=True, slots=True)
class NameForm:
    """Another reading of a name.

    Attributes:
        text: The name in this reading.
        how: ``full`` (before a bracketed short form), ``short`` (the bracketed short form),
            ``unqualified`` (a bracketed qualifier inside the name left out; queries only),
            ``undedicated`` (a dedication left out) or ``branch`` (the parent of a branch or
            office).
        note: For ``branch``: the wording that made it a branch; for ``unqualified`` and
            ``undedicated``: the words left out.
    """

    text: str
    how: str
    note: str = ""


# One pattern per word list, matching where any of its words does: most names hold none, and
# one search rules them all out (the per-word loop below then finds which word, in list order).
_ANY_WORD = {words: re.compile(rf"(?<!\w)(?:{'|'.join(re.escape(w) for w in words)})(?!\w)", re.IGNORECASE)
             for words in (BRANCH_WORDS, TRAILING_BRANCH_WORDS)}


def _bracketed_ending(text: str) -> re.Match[str] | None:
    """``_BRACKET_RE``'s match of a name (spaces squashed) ending in a bracket, else None."""
    return _BRACKET_RE.match(text) if text.endswith(CLOSING_BRACKETS) else None


def _has_word(text: str, words: tuple[str, ...]) -> str | None:
    quick = _ANY_WORD.get(words)
    if quick is not None and quick.search(text) is None:
        return None
    for word in words:
        if _WORDS[word].search(text):
            return word
    return None


def branch_parent(name: str) -> NameForm | None:
    """Return the parent a name reads as a branch or office of, or None (see module rules)."""
    parents = branch_parents(name)
    return parents[0] if parents else None


def branch_parents(name: str) -> list[NameForm]:
    """The parents a name reads as a branch or office of, most likely first (see module rules)."""
    text = " ".join(name.split())
    # (one test of all the suffixes first: most names end in none)
    for suffix in HAN_BRANCH_SUFFIXES if text.endswith(HAN_BRANCH_SUFFIXES) else ():
        if text.endswith(suffix) and len(text) > len(suffix):
            head = text[: -len(suffix)]
            ends = [head.rfind(e) + len(e) for e in HAN_PARENT_ENDINGS if e in head]
            parent = head[: max(ends)] if ends else head
            if len(parent) >= MIN_PARENT_LENGTH:
                return [NameForm(parent, "branch", text[len(parent):])]
    bracket = _bracketed_ending(text)
    if bracket and _has_word(bracket["inner"], TRAILING_BRANCH_WORDS):
        return [NameForm(bracket["head"], "branch", bracket["inner"])]
    trailing = _TRAILING_RE.match(text)
    word = _has_word(trailing["tail"], TRAILING_BRANCH_WORDS) if trailing else None
    # (a comma inside a legal form is no separator: "General Dynamics Co., Ltd. Shenzhen Branch";
    # nor one before more words than a place and the wording: "Wagner, Burton and Wilson London
    # Branch" is a firm's name)
    if (word is not None and not _opens_with_legal_form(trailing["tail"])
            and len(trailing["tail"].split()) - len(word.split()) <= MAX_PLACE_WORDS):
        return [NameForm(trailing["head"], "branch", trailing["tail"].strip())]
    ending = _ending_branch(text)
    if ending:
        return ending
    word = _has_word(text, BRANCH_WORDS)
    inline = _WORDS[word].search(text) if word is not None else None
    head = text[: inline.start()].rstrip(" ,-–—") if inline is not None else ""
    if inline is not None and len(head.split()) >= 2:
        # "Rheinmetall AG Zweigniederlassung Düsseldorf", "… succursale de Paris"
        return [NameForm(head, "branch", text[inline.start():])]
    of = _OF_RE.match(text)
    if of and len(of["parent"]) >= MIN_PARENT_LENGTH:
        # "Hamburg Branch of Bank Melli Iran", "Sucursal de Siemens en España"
        return [NameForm(of["parent"], "branch", text[: of.start("parent")].strip())]
    if inline is not None and inline.start() == 0:
        rest = text[inline.end():].strip(" ,-–—")
        if len(rest) >= MIN_PARENT_LENGTH:  # "Филиал ПАО Сбербанк"
            return [NameForm(rest, "branch", text[: inline.end()])]
    if inline is not None and len(head) >= MIN_PARENT_LENGTH:
        return [NameForm(head, "branch", text[inline.start():])]
    return []


def _legal_form_end(text: str) -> int:
    """Where the last legal form of a name ends ("Huawei Technologies Co., Ltd." in "Huawei
    Technologies Co., Ltd. Shenzhen"), or 0 if it has none but forms opening the name ("OOO
    Romashka Moskva", "LIMITED LIABILITY COMPANY Trimix Tianjin"). A company word that is no
    legal form of rigour's (Corporation, Company, Co.) ends a name only after two words or more
    that are not legal forms: "Private Company X", "State Corporation X" spell the legal form
    out before the name."""
    from rigour.names.org_types import extract_org_types

    low = text.lower()
    if len(low) != len(text):
        return 0
    forms: list[tuple[int, int]] = []
    for form, _ in extract_org_types(low):
        # (a form after a dot is part of a word: "VEB.RF")
        forms.extend(m.span() for m in re.finditer(rf"(?<![\w.]){re.escape(form)}(?!\w)", low))
    forms.sort()
    opening = 0
    for start, end in forms:
        if text[opening:start].strip(" ,.&-"):
            break
        opening = max(opening, end)
    ends = [end for start, end in forms if start >= opening and end > opening]
    for match in _COMPANY_FORM_RE.finditer(text):
        before = text[opening: match.start()]
        for start, end in forms:
            if start >= opening and end <= match.start():
                before = before.replace(text[start:end], " ")
        if len(before.split()) >= 2:
            ends.append(match.end())
    return max(ends, default=0)


def _opens_with_legal_form(text: str) -> bool:
    """True if the text after a comma opens with a legal form ("Ltd. Shenzhen Branch" in "General
    Dynamics Co., Ltd. Shenzhen Branch"): the comma is inside the legal form, not a separator."""
    from rigour.names.org_types import extract_org_types

    low = text.strip().lower()
    if _COMPANY_FORM_RE.match(low):
        return True
    return any(re.match(rf"{re.escape(form)}(?!\w)", low) for form, _ in extract_org_types(low))


def _place_words(words: list[str]) -> tuple[int, bool]:
    """How many of the last words (up to ``MAX_CITY_WORDS``, or none) name a place, longest first:
    rigour's territories (countries, their regions and capitals — "Hong Kong", "Hamburg",
    "Beijing", "UK"; one or two words) or a business city of ``cities`` ("Frankfurt am Main",
    "Shenzhen", "Houston"); and whether the place is a city's name that is also a personal name
    ("Houston", "Sydney": ``cities``)."""
    from partyscreen.matching.cities import business_city, is_territory

    for n in range(MAX_CITY_WORDS, 0, -1):
        if len(words) > n:
            phrase = " ".join(words[-n:]).strip(" ,.-–—")
            # (a word of two or three letters only as written in capitals: "UK", not "Co")
            if len(phrase) < 4 and not phrase.isupper():
                continue
            if any(ch.isdigit() for ch in phrase):
                continue  # (rigour reads "1 Riyadh" as Riyadh: "Mining Enterprise No 1 Riyadh Branch")
            if n <= 2 and is_territory(phrase):
                return n, False
            city = business_city(phrase)
            if city is not None:
                return n, city == "also a name"
    return 0, False


def _ending_branch(text: str) -> list[NameForm]:
    """The parent of a name ending in branch wording written inline (see module rules)."""
    end = _END_RE.search(text)
    if end is None:
        return []
    head = text[: end.start()].rstrip(" ,-–—")
    words = head.split()
    places, also_a_name = _place_words(words)
    if places and words[-places - 1].lower() in _PLACE_CONNECTIVES:
        # "Bank of China Branch", "Islamic Army of Aden Branch Office": the place is in the name
        places, also_a_name = 0, False
    cut = 0 if places else _legal_form_end(head)
    if cut and len(head[:cut].split()) >= 2 and len(head[cut:].split()) <= MAX_PLACE_WORDS:
        # "Huawei Technologies Co., Ltd. Shenzhen Branch": the parent ends with its legal form.
        parent = head[:cut]
    else:
        # "Bank Melli Iran Hamburg Branch": a place rigour knows before the wording is left out.
        parent = " ".join(words[: len(words) - places])
        if len(parent.split()) < 2:
            return []
        if end["wording"].lower() == "branch" and (not places or also_a_name):
            # "Branch" alone is also a family name ("John Taylor Branch"): a branch only of a
            # name that reads as an organisation's ("Bank Melli Iran Branch"), or after a place
            # that is no personal name ("Mary Ann Houston Branch" is no branch: Houston is also
            # a family name).
            from partyscreen.matching.normalize import prepare_name

            if not prepare_name(head).orgish:
                return []
    parent = parent.rstrip(" ,-–—")
    if len(parent) < MIN_PARENT_LENGTH:
        return []
    return [NameForm(parent, "branch", text[len(parent):].strip(" ,-–—"))]


def short_forms(name: str) -> list[NameForm]:
    """Split ``Full Name (SHORT)`` into its full name and its short form (none if no brackets,
    or if the bracket is branch wording)."""
    text = " ".join(name.split())
    match = _bracketed_ending(text)
    if match is None or _has_word(match["inner"], TRAILING_BRANCH_WORDS):
        return []
    head, inner = match["head"].strip(" ,"), match["inner"].strip()
    if len(head) < MIN_PARENT_LENGTH or len(inner) < MIN_PARENT_LENGTH:
        return []
    return [NameForm(head, "full"), NameForm(inner, "short")]


_INNER_BRACKET_RE = re.compile(r"\s*[(（\[][^()（）\[\]]*[)）\]]\s*")


def without_inner_brackets(name: str) -> NameForm | None:
    """``Deutsche Bank (Schweiz) AG`` → ``Deutsche Bank AG``: a bracketed qualifier inside a
    name (not at its end) also read as left out; None if there is none."""
    text = " ".join(name.split())
    match = _INNER_BRACKET_RE.search(text) if any(b in text for b in OPENING_BRACKETS) else None
    if match is None or match.end() >= len(text) or match.start() == 0:
        return None
    if _has_word(match.group(), TRAILING_BRANCH_WORDS):
        return None
    return NameForm(" ".join(_INNER_BRACKET_RE.sub(" ", text).split()), "unqualified", match.group().strip())


# A dedication: "named after", "imeni" / "имени", "im." / "им." and what follows, to the end of the
# name or of its quoted part.
_DEDICATION_RE = re.compile(rf"\s*(?:{DEDICATION_MARKER})[^»”“\"')）\]]*", re.IGNORECASE)
# Fewest letters left of a name without its dedication.
MIN_UNDEDICATED_LETTERS = 4


def without_dedication(name: str) -> NameForm | None:
    """The name without the person it is dedicated to ("… институт имени профессора Н.Е.
    Жуковского»" → "… институт»"), or None if it has no dedication or little else."""
    text = " ".join(name.split())
    match = _DEDICATION_RE.search(text)
    if match is None or match.start() == 0:
        return None
    rest = " ".join((text[:match.start()] + text[match.end():]).split())
    if sum(ch.isalpha() for ch in rest) < MIN_UNDEDICATED_LETTERS:
        return None
    return NameForm(rest, "undedicated", match.group().strip())


def dedicatee(dedication: str) -> str:
    """Who a dedication names, as a key: its last word romanised, without its Russian genitive
    ending, in one romanisation ("имени профессора Н.Е. Жуковского" and "named after N.E.
    Zhukovsky" both "jukovsk"; "IM. SHOKINA" and "NAMED AFTER AI SHOKIN" both "shokin")."""
    from rigour.text.translit import ascii_text

    from partyscreen.matching.normalize import romanisation_key
    from partyscreen.matching.score import slavic_stem

    words = re.findall(r"[a-z]+", ascii_text(dedication).lower())
    return romanisation_key(slavic_stem(words[-1])) if words else ""


def same_dedicatee(a: str, b: str) -> bool:
    """True if two ``dedicatee`` keys name one person: the same, or a typo or two apart (one in a
    key shorter than six letters): "yaskin" / "ybaskin", "chkalov" / "chlkaov"; "lenin" is no
    "gorbunov"."""
    if a == b:
        return True
    from rapidfuzz.distance import DamerauLevenshtein

    allowed = 1 if min(len(a), len(b)) < 6 else 2
    return DamerauLevenshtein.distance(a, b, score_cutoff=allowed) <= allowed


def name_forms(name: str) -> list[NameForm]:
    """Every other reading of a name: short-form split, then the parent of a branch (of the
    name's first ``MAX_NAME_LENGTH`` characters, as everywhere in the engine)."""
    name = name[:MAX_NAME_LENGTH]
    forms = short_forms(name)
    inner = without_inner_brackets(name)
    if inner is not None:
        forms.append(inner)
    undedicated = without_dedication(name)
    if undedicated is not None:
        forms.append(undedicated)
    for parent in branch_parents(name):
        forms.append(parent)
        forms.extend(f for f in short_forms(parent.text) if f.how == "full")
    return forms

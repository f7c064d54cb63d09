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
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from partyscreen.matching.normalize import MAX_NAME_LENGTH

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
_TRAILING_RE = re.compile(r"^(?P<head>.*?\S)\s*(?:\s[-–—]\s|,\s*)(?P<tail>[^,\-–—]+)$")
_OF_RE = re.compile(r"^(?:.*\s)?(?:branch|branch office|representative office|liaison office|filial|filiale|"
                    r"sucursal|succursale|zweigniederlassung)\s+(?:of|de|del|der|des|d')\s*"
                    r"(?P<parent>.+?)(?:\s+(?:in|en|à|au)\s+.+)?$", re.IGNORECASE)
_WORDS = {w: re.compile(rf"(?<!\w){re.escape(w)}(?!\w)", re.IGNORECASE) for w in TRAILING_BRANCH_WORDS}


@dataclass(frozen=True, slots=True)
class NameForm:
    """Another reading of a name.

    Attributes:
        text: The name in this reading.
        how: ``full`` (before a bracketed short form), ``short`` (the bracketed short form),
            ``unqualified`` (a bracketed qualifier inside the name left out; queries only) or
            ``branch`` (the parent of a branch or office).
        note: For ``branch``: the wording that made it a branch.
    """

    text: str
    how: str
    note: str = ""


# One pattern per word list, matching where any of its words does: most names hold none, and
# one search rules them all out (the per-word loop below then finds which word, in list order).
_ANY_WORD = {words: re.compile(rf"(?<!\w)(?:{'|'.join(re.escape(w) for w in words)})(?!\w)", re.IGNORECASE)
             for words in (BRANCH_WORDS, TRAILING_BRANCH_WORDS)}


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
    text = " ".join(name.split())
    # (one test of all the suffixes first: most names end in none)
    for suffix in HAN_BRANCH_SUFFIXES if text.endswith(HAN_BRANCH_SUFFIXES) else ():
        if text.endswith(suffix) and len(text) > len(suffix):
            head = text[: -len(suffix)]
            ends = [head.rfind(e) + len(e) for e in HAN_PARENT_ENDINGS if e in head]
            parent = head[: max(ends)] if ends else head
            if len(parent) >= MIN_PARENT_LENGTH:
                return NameForm(parent, "branch", text[len(parent):])
    bracket = _BRACKET_RE.match(text)
    if bracket and _has_word(bracket["inner"], TRAILING_BRANCH_WORDS):
        return NameForm(bracket["head"], "branch", bracket["inner"])
    trailing = _TRAILING_RE.match(text)
    if trailing and _has_word(trailing["tail"], TRAILING_BRANCH_WORDS):
        return NameForm(trailing["head"], "branch", trailing["tail"].strip())
    word = _has_word(text, BRANCH_WORDS)
    inline = _WORDS[word].search(text) if word is not None else None
    head = text[: inline.start()].rstrip(" ,-–—") if inline is not None else ""
    if inline is not None and len(head.split()) >= 2:
        # "Rheinmetall AG Zweigniederlassung Düsseldorf", "… succursale de Paris"
        return NameForm(head, "branch", text[inline.start():])
    of = _OF_RE.match(text)
    if of and len(of["parent"]) >= MIN_PARENT_LENGTH:
        # "Hamburg Branch of Bank Melli Iran", "Sucursal de Siemens en España"
        return NameForm(of["parent"], "branch", text[: of.start("parent")].strip())
    if inline is not None and inline.start() == 0:
        rest = text[inline.end():].strip(" ,-–—")
        if len(rest) >= MIN_PARENT_LENGTH:  # "Филиал ПАО Сбербанк"
            return NameForm(rest, "branch", text[: inline.end()])
    if inline is not None and len(head) >= MIN_PARENT_LENGTH:
        return NameForm(head, "branch", text[inline.start():])
    return None


def short_forms(name: str) -> list[NameForm]:
    """Split ``Full Name (SHORT)`` into its full name and its short form (none if no brackets,
    or if the bracket is branch wording)."""
    text = " ".join(name.split())
    match = _BRACKET_RE.match(text)
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
    match = _INNER_BRACKET_RE.search(text)
    if match is None or match.end() >= len(text) or match.start() == 0:
        return None
    if _has_word(match.group(), TRAILING_BRANCH_WORDS):
        return None
    return NameForm(" ".join(_INNER_BRACKET_RE.sub(" ", text).split()), "unqualified", match.group().strip())


def name_forms(name: str) -> list[NameForm]:
    """Every other reading of a name: short-form split, then the parent of a branch (of the
    name's first ``MAX_NAME_LENGTH`` characters, as everywhere in the engine)."""
    name = name[:MAX_NAME_LENGTH]
    forms = short_forms(name)
    inner = without_inner_brackets(name)
    if inner is not None:
        forms.append(inner)
    parent = branch_parent(name)
    if parent is not None:
        forms.append(parent)
        forms.extend(f for f in short_forms(parent.text) if f.how == "full")
    return forms

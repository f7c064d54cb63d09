"""Measure: organisation names published in Russian/Ukrainian/Belarusian (romanised or Cyrillic)
against their English forms (lexicon.py's Slavic stems).

Pairs: an SDN or China-sheet organisation's primary name and one of its published aliases where
one side is Slavic (Cyrillic, or romanised words with Slavic endings that are no English words)
and the other English (most words English, none Slavic).  The Slavic/English test uses
wordfreq's English list and an ending pattern, not the lexicon, so the set of pairs does not move
when the lexicon does.

usage: cd CHECKOUT && PYTHONPATH=$PWD nice python tools_rulex.py measure [OUT.tsv]
           screens every such alias against the list-bench list (primary names only, as
           scripts/bench_matching.py's list bench) and reports found at 74 and wrong entities
           hit at 74 or more, then the same for the romanised Slavic aliases read back into
           Cyrillic (build_match_bench's reading); OUT.tsv (and OUT.tsv.cyr) keep the per-alias
           scores (paste two runs' files side by side to see what moved)
       PYTHONPATH=$PWD nice python tools_rulex.py words [N]
           the words the scorer leaves unmatched in those pairs, most frequent first
       PYTHONPATH=$PWD nice python tools_rulex.py dump
           each pair below 74 with the words left unmatched on either side
       PYTHONPATH=$PWD nice python tools_rulex.py pairs
           the selected pairs
"""
from __future__ import annotations

import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "scripts"))

THRESHOLD = 74.0
_CYRILLIC_RE = re.compile(r"[\u0400-\u04ff]")
_WORD_RE = re.compile(r"[a-z]+")
# Endings of romanised Russian / Ukrainian / Belarusian adjectives and nouns (BGN/PCGN and the
# other romanisations lists use).
_SLAVIC_END_RE = re.compile(
    r"(?:aya|aja|oye|oe|aye|iya|ija|iia|iye|ie|ogo|oho|aha|ykh|ikh|ych|yy|yi|yj|iy|ii|ij|yye|iye|ova|eva|"
    r"stvo|stva|stvi|eniye|enie|ennya|nnia|nya|ny|nyi|nykh|tsii|tsiya|skyi|sky|skiy|tska|zka|ka|ko)$")
# Words English shares the endings with, read as English whatever wordfreq says.
_LEGAL = {"ooo", "oao", "zao", "pao", "ao", "ojsc", "cjsc", "pjsc", "jsc", "llc", "ltd", "tov", "too", "pat", "prat",
          "fgup", "gup", "dp", "chp", "pp", "odo", "zat", "aat", "tdv", "vat", "ip", "nao", "obshchestvo", "aktsionernoe",
          "zakrytoe", "otkrytoe", "publichnoe", "obshestvo", "obschestvo", "tovarystvo", "tovarystva", "tavarystva",
          "aktsyyanernaye", "zakrytaye", "adkrytaye", "s", "ogranichennoi", "otvetstvennostyu", "ogranichennoy",
          "aktsionernoye", "otkrytoye", "zakrytoye", "obshchestva", "publichnoye"}


def _en(word: str) -> float:
    from wordfreq import zipf_frequency

    return zipf_frequency(word, "en")


def slavic_words(name: str) -> list[str]:
    """Words of the name that look romanised Slavic (not English, Slavic ending, 4+ letters)."""
    return [w for w in _WORD_RE.findall(name.lower())
            if len(w) >= 4 and w not in _LEGAL and _SLAVIC_END_RE.search(w) and _en(w) < 3.0]


def is_slavic(name: str) -> bool:
    if _CYRILLIC_RE.search(name):
        return True
    return len(slavic_words(name)) >= 1


def is_english(name: str) -> bool:
    if _CYRILLIC_RE.search(name):
        return False
    words = [w for w in _WORD_RE.findall(name.lower()) if len(w) >= 3 and w not in _LEGAL]
    if not words or slavic_words(name):
        return False
    english = sum(1 for w in words if _en(w) >= 3.0)
    return english >= 1 and english * 2 >= len(words)


def pairs() -> list[tuple[str, str, str]]:
    """(alias, entity id, primary name) of organisations, one side Slavic and the other English."""
    import build_match_bench as mb

    out = []
    for e in mb.load_entities():
        if e.kind == "person":
            continue
        for alias in e.aliases:
            if alias.upper() == e.name.upper():
                continue
            if (is_slavic(alias) and is_english(e.name)) or (is_english(alias) and is_slavic(e.name)):
                out.append((alias, e.entity_id, e.name))
    return out


def _matcher():
    import build_match_bench as mb
    from partyscreen.matching import Candidate, Matcher

    ents = mb.load_entities()
    cands = [Candidate(e.entity_id, [e.name, *([e.name_zh] if e.name_zh else [])], kind=e.kind) for e in ents]
    return Matcher(cands)


def cyrillic(name: str) -> str:
    """A romanised name read back into Cyrillic (build_match_bench's BGN/PCGN reading)."""
    import build_match_bench as mb

    return " ".join(mb._to_cyrillic(w) if re.search(r"[A-Za-z]", w) else w for w in name.split())


def measure(out_path: str | None) -> None:
    rows = pairs()
    m = _matcher()
    _report(m, rows, "Slavic/English alias pairs", out_path)
    # The romanised Slavic aliases of English-named entities, written in Cyrillic.
    cyr = [(cyrillic(a), eid, name) for a, eid, name in rows if not _CYRILLIC_RE.search(a) and is_slavic(a)]
    _report(m, cyr, "same aliases in Cyrillic", out_path and out_path + ".cyr")


def _report(m, rows, label: str, out_path: str | None) -> None:  # type: ignore[no-untyped-def]
    results = m.match_many([a for a, _, _ in rows], limit=50, min_score=1, workers=2)
    found = wrong_hits = wrong_queries = 0
    lines = []
    for (alias, eid, name), ms in zip(rows, results):
        score = max((r.score for r in ms if r.candidate_id == eid), default=0.0)
        wrong = sorted({r.candidate_id for r in ms if r.candidate_id != eid and r.score >= THRESHOLD})
        found += score >= THRESHOLD
        wrong_hits += len(wrong)
        wrong_queries += bool(wrong)
        best_wrong = max((r for r in ms if r.candidate_id != eid and r.score >= THRESHOLD),
                         key=lambda r: r.score, default=None)
        lines.append(f"{score:.1f}\t{alias}\t{name}\t{len(wrong)}\t"
                     f"{'' if best_wrong is None else f'{best_wrong.score:.1f} {best_wrong.matched_name}'}")
    print(f"{len(rows)} {label}: found at {THRESHOLD:.0f}: {found} ({found / len(rows):.3f}); "
          f"wrong entities hit >= {THRESHOLD:.0f}: {wrong_hits} (in {wrong_queries} queries)")
    if out_path:
        Path(out_path).write_text("\n".join(lines) + "\n", encoding="utf-8")


def words(limit: int) -> None:
    from partyscreen.matching.normalize import respelt

    rows = pairs()
    m = _matcher()
    slavic_side: Counter[str] = Counter()
    english_side: Counter[str] = Counter()
    examples: dict[str, list[str]] = defaultdict(list)
    for alias, _, name in rows:
        expl = m.explain(alias, name)
        if expl.name_score >= 99.9:
            continue
        q_slavic = is_slavic(alias)
        for side, word, _ in expl.unmatched:
            on_slavic = (side == "query") == q_slavic
            key = respelt(word)[:7] if on_slavic else word
            (slavic_side if on_slavic else english_side)[key] += 1
            if len(examples[key]) < 3:
                examples[key].append(f"{alias} ~ {name} ({expl.name_score:.0f})")
    print("== unmatched words of the Slavic side (respelt, first 7 letters) ==")
    for key, n in slavic_side.most_common(limit):
        print(f"{n:4d} {key:<12} e.g. {examples[key][0]}")
    print("== unmatched words of the English side ==")
    for key, n in english_side.most_common(limit):
        print(f"{n:4d} {key:<12} e.g. {examples[key][0]}")




def dump() -> None:
    """Each pair below the threshold with the words the scorer left unmatched."""
    m = _matcher()
    for alias, _, name in pairs():
        e = m.explain(alias, name)
        if e.name_score >= THRESHOLD:
            continue
        q = [w for s, w, _ in e.unmatched if s == "query"]
        c = [w for s, w, _ in e.unmatched if s == "candidate"]
        print(f"{e.name_score:5.1f} {alias} ~ {name}\n      Q-{' '.join(q)} | C-{' '.join(c)}")


def main() -> None:
    cmd = sys.argv[1] if len(sys.argv) > 1 else "measure"
    if cmd == "measure":
        measure(sys.argv[2] if len(sys.argv) > 2 else None)
    elif cmd == "words":
        words(int(sys.argv[2]) if len(sys.argv) > 2 else 150)
    elif cmd == "dump":
        dump()
    elif cmd == "pairs":
        for alias, eid, name in pairs():
            print(f"{eid}\t{alias}\t{name}")
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()

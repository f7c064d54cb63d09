"""Explanations: the pieces that decided a score, in words a compliance officer can check."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class TokenMatch:
    """A query word aligned with a candidate word.

    Attributes:
        query: The query word (comparison form).
        candidate: The candidate word it matched.
        similarity: 0–1 after the typo curve (1 = same word or same symbol).
        weight: The pair's weight in the name score (kind × IDF, both sides).
    """

    query: str
    candidate: str
    similarity: float
    weight: float

    def __reduce__(self) -> tuple[type[TokenMatch], tuple[str, str, float, float]]:
        # Pickled as its fields: the default for a frozen dataclass with slots calls
        # ``dataclasses.fields`` for every object on both sides (match_many's workers send their
        # results back pickled: that cost more than the rest of the pickling).
        return TokenMatch, (self.query, self.candidate, self.similarity, self.weight)

@dataclass(slots=True)
class Explanation:
    """Why a query name scored what it did against a candidate.

    Attributes:
        method: How the names were compared: ``tokens`` (word by word), ``han`` (Chinese
            characters), ``pinyin`` (Latin against a Chinese name's pinyin), ``skeleton`` (a personal name in
            Arabic script against a Latin one by their consonant skeletons), ``acronym``
            (initials), ``short_form`` (a one-word name opening a listed name), ``contained``
            (the listed name found whole inside the screened name), ``identifier``.
        query_name: The query as given.
        matched_name: The candidate name that gave the best score.
        name_score: The name score before adjustments, 0–100 (calibrated, see ``calibration.py``).
        matches: Aligned words, best first.
        unmatched: Words left without a partner: (``query`` | ``candidate``, word, weight).
        discounted: What was ignored or weighted down, and why.
        adjustments: Score changes after the name score: (reason, points).
        conflicts: Distinctive words that differ, one on each side: (query word, candidate
            word, factor the score was multiplied by).
        reading: How the query was read when not as given: its full name or short form from
            brackets, or the parent it is a branch or office of (empty if as given).
        features: The calibration features of the comparison: (feature, value, weight,
            contribution to the log-odds); empty when the names are the same (score 100).
        notes: What the comparison found beyond aligned words (the listed name contained in
            the screened name, with the screened name's extra words).
    """

    method: str
    query_name: str
    matched_name: str
    name_score: float
    matches: list[TokenMatch] = field(default_factory=list)
    unmatched: list[tuple[str, str, float]] = field(default_factory=list)
    discounted: list[str] = field(default_factory=list)
    adjustments: list[tuple[str, float]] = field(default_factory=list)
    conflicts: list[tuple[str, str, float]] = field(default_factory=list)
    reading: str = ""
    features: list[tuple[str, float, float, float]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def __reduce__(self) -> tuple[type[Explanation], tuple[object, ...]]:
        # Pickled as its fields, in order (see ``TokenMatch.__reduce__``).
        return Explanation, (self.method, self.query_name, self.matched_name, self.name_score, self.matches,
                             self.unmatched, self.discounted, self.adjustments, self.conflicts, self.reading,
                             self.features, self.notes)

    def lines(self) -> list[str]:
        """Return the explanation as short human-readable lines."""
        out = [f"{self.method} comparison of {self.query_name!r} with {self.matched_name!r}: "
               f"name score {self.name_score:.1f}"]
        if self.reading:
            out.append(f"  {self.reading}")
        out.extend(f"  {note}" for note in self.notes)
        for m in self.matches:
            how = "same" if m.similarity >= 1.0 else f"similar {m.similarity:.2f}"
            out.append(f"  {m.query!r} ~ {m.candidate!r}: {how} (weight {m.weight:.2f})")
        for side, word, weight in self.unmatched:
            out.append(f"  {side} word {word!r} unmatched (weight {weight:.2f})")
        out.extend(f"  different words {q!r} / {c!r}: score × {f:.2f}" for q, c, f in self.conflicts)
        if self.features:
            from partyscreen.matching.calibration import MODEL

            z = MODEL.intercept + sum(c for _, _, _, c in self.features)
            out.append(f"  calibrated: log-odds {z:+.2f} = intercept {MODEL.intercept:+.3f} + features "
                       "(value × weight = contribution):")
            out.extend(f"    {name} {value:.3f} × {weight:+.3f} = {contribution:+.3f}"
                       for name, value, weight, contribution in self.features if value)
        elif self.method in ("tokens", "han") and self.name_score >= 100.0:
            out.append("  same name: every word the same (100)")
        out.extend(f"  discounted: {d}" for d in self.discounted)
        out.extend(f"  {points:+.1f}: {reason}" for reason, points in self.adjustments)
        return out

    def __str__(self) -> str:
        return "\n".join(self.lines())

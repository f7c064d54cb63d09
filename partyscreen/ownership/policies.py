"""Ownership policies: which lists count and how shares combine, as data.

Each built-in policy states the rule it implements (see ``shared/regulatory-notes.md``):

* ``mofcom-61`` (default) — MOFCOM Announcement No. 61 of 2025 art. II, *conservative* reading
  (counted like OFAC): ≥ 50%, aggregated across listed parties, indirect by status propagation,
  branches at 100%, voting-rights stakes count (控股 reaches a voting majority too). Lists:
  ``cn-mofcom-export-control``, ``cn-mofcom-watch``. Suspended measures still count (the entry
  stays published and suspensions lapse; the result marks the root as suspended with its end
  date); ended measures do not count.
* ``mofcom-61-literal`` — the literal text: one listed party's own direct ≥ 50% stake, plus its
  branches (and branches of the subsidiaries so caught). No aggregation, no propagation, no
  look-through. Suspended measures do *not* count (the literal reading applies the measures as
  published, and suspended measures do not apply).
* ``ofac`` — OFAC 2014 guidance, FAQs 398–402: ≥ 50%, aggregate, propagation, ownership only
  (``control`` and ``voting`` relations are reported as ``possible_affiliate`` with reason
  ``control``, never as certain). List ``us-ofac-sdn``. Suspended measures count (OFAC does not
  suspend SDN entries); ended measures do not.
* ``bis-affiliates`` — BIS Affiliates Rule (29 Sep 2025): ≥ 50%, aggregate across the Entity List
  and MEU List, propagation, foreign branches, ownership only. Suspended measures count. Note:
  the rule itself is suspended 10 Nov 2025 – 9 Nov 2026; that is a regime fact for the caller's
  timeline, not a list-measure period, and this policy does not hide it.
* ``eu`` — Council best practices (July 2024): ≥ 50% of proprietary rights aggregated across
  designated persons, propagation; ``control`` relations and voting majorities also catch.
  Lists: ``eu-fsf``. Suspended measures count.
* ``uk`` — OFSI: more than 50% (strict), no aggregation of different designated persons (each
  designated person's direct and indirect holdings are counted separately), propagation,
  ``control`` and voting rights count. Lists: ``uk-sanctions-list``. Suspended measures count.

* ``cn-all`` — China's three MOFCOM lists together: the Export Control List, the Watch List and
  the Unreliable Entity List, each listed party worded by its own list's legal basis. Only the
  Export Control List and Watch List parties' affiliates are caught (Art. II of No. 61 names those
  two lists; the Unreliable Entity List Provisions extend nothing to affiliates), counted as
  ``mofcom-61`` counts them.

Every policy computes ``possible_affiliate`` answers (ranges, unknown remainder, look-through,
control not counted) except that ``mofcom-61-literal`` does not flag look-through. An entity is a
possible affiliate for its *unknown remainder* alone only when the known stakes of listed parties
and affiliates in it reach ``remainder_floor`` (default 25%: the threshold below which UK PSC
registers, and the BODS data built from them, record no holder at all — below it a missing
holder is the normal state of the data, not a sign of a hidden listed stake). ``0`` flags every
listed stake, however small, whose remainder is unrecorded.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any, Iterable, Mapping

from partyscreen.errors import InputError, UsageError
from partyscreen.shares import HUNDRED_PERCENT, format_percent, parse_percent

DEFAULT_POLICY = "mofcom-61"
DEFAULT_REMAINDER_FLOOR = 25 * HUNDRED_PERCENT // 100
"""25%: UK PSC (and BODS data built from it) records no holder below 25%."""
MOFCOM_61_REGIME = "cn-mofcom-61"


@dataclass(frozen=True)
class Policy:
    """How one regime decides who is treated like a listed party.

    Attributes:
        name: the policy's name (``--policy NAME``).
        lists: list ids whose entries are roots.
        threshold: the threshold in share units (50% is ``50_000_000``).
        strict: ``True`` for "more than" (>), ``False`` for "or more" (≥).
        aggregate: add up stakes of different listed parties (else each root counts alone,
            with its own direct and indirect holdings).
        propagate: affiliates' own holdings count in full (status propagation); else only the
            listed parties' own direct stakes (and their branches') count.
        count_control: ``control`` relations from a caught owner catch the controlled entity;
            else they make it a ``possible_affiliate`` with reason ``control``.
        count_voting: ``voting`` stakes are counted (as a separate measure from shares);
            else a voting majority is reported as reason ``control``.
        count_suspended: entries whose measures are suspended on the date are still roots.
        count_ended: entries whose measures have ended are still roots.
        lookthrough: flag ``lookthrough`` where integrated ownership reaches the threshold.
        description: one line for ``--help`` and reports.
        remainder_floor: an entity is a possible affiliate for its unknown remainder only when
            the known stakes of caught owners in it reach this share (units; ``0``: any stake).
        wording: the built-in policy whose words the outcomes use (empty: the policy's name);
            a policy file's ``base`` sets it, so ``base = "mofcom-61"`` keeps Art. II's words.
        regime: the regime timeline the policy rests on (``cn-mofcom-61``; empty: none), whose
            state on the date every answer states.
        regime_article: the article of that regime the policy applies (``II``).
        regime_reading: which reading of the regime's disputed dates to apply (empty: the
            timeline's default, see :mod:`partyscreen.regimes`).
        affiliate_lists: the lists whose parties' affiliates are caught (``None``: every list of
            the policy); parties of the other lists are reported as listed only.
    """

    name: str
    lists: frozenset[str]
    threshold: int = 50 * HUNDRED_PERCENT // 100
    strict: bool = False
    aggregate: bool = True
    propagate: bool = True
    count_control: bool = False
    count_voting: bool = False
    count_suspended: bool = True
    count_ended: bool = False
    lookthrough: bool = True
    description: str = ""
    remainder_floor: int = DEFAULT_REMAINDER_FLOOR
    wording: str = ""
    regime: str = ""
    regime_article: str = ""
    regime_reading: str = ""
    affiliate_lists: frozenset[str] | None = None

    def __post_init__(self) -> None:
        if not 0 <= self.threshold <= HUNDRED_PERCENT:
            raise UsageError(f"policy {self.name!r}: threshold must be within [0, 100]%")
        if not 0 <= self.remainder_floor <= HUNDRED_PERCENT:
            raise UsageError(f"policy {self.name!r}: remainder_floor must be within [0, 100]%")

    @property
    def wording_key(self) -> str:
        """The name whose words the outcomes use (``wording``, else the policy's own name)."""
        return self.wording or self.name

    @property
    def propagating_lists(self) -> frozenset[str]:
        """The lists whose parties' affiliates are caught."""
        return self.lists if self.affiliate_lists is None else self.lists & self.affiliate_lists

    @property
    def comparison(self) -> str:
        """``">"`` or ``">="``."""
        return ">" if self.strict else ">="

    def with_lists(self, lists: Iterable[str]) -> "Policy":
        """The same policy over other lists (``--lists ID,ID``)."""
        return replace(self, lists=frozenset(lists))

    def summary(self) -> str:
        """``mofcom-61: >= 50%, aggregate, propagation, lists cn-mofcom-...``."""
        parts = [
            f"{self.comparison} {format_percent(self.threshold)}%",
            "aggregate" if self.aggregate else "per listed party",
            "propagation" if self.propagate else "direct only",
        ]
        if self.count_control:
            parts.append("control counts")
        if self.count_voting:
            parts.append("voting rights count")
        parts.append("suspended measures count" if self.count_suspended else "suspended measures do not count")
        parts.append(f"possible affiliate by unknown remainder from a known {format_percent(self.remainder_floor)}% stake")
        text = f"{self.name}: {', '.join(parts)}; lists {', '.join(sorted(self.lists))}"
        if self.affiliate_lists is not None:
            text += f" (affiliates of {', '.join(sorted(self.propagating_lists)) or 'none'})"
        return text


BUILTIN_POLICIES: dict[str, Policy] = {
    p.name: p
    for p in (
        Policy(
            "mofcom-61",
            frozenset({"cn-mofcom-export-control", "cn-mofcom-watch"}),
            count_voting=True,
            description="MOFCOM No. 61 art. II, conservative: >= 50% aggregate, indirect, branches",
            regime=MOFCOM_61_REGIME,
            regime_article="II",
        ),
        Policy(
            "mofcom-61-literal",
            frozenset({"cn-mofcom-export-control", "cn-mofcom-watch"}),
            aggregate=False,
            propagate=False,
            count_suspended=False,
            lookthrough=False,
            description="MOFCOM No. 61 art. II, literal: one listed party's direct >= 50% stake, plus branches",
            wording="mofcom-61",
            regime=MOFCOM_61_REGIME,
            regime_article="II",
        ),
        Policy(
            "cn-all",
            frozenset({"cn-mofcom-export-control", "cn-mofcom-watch", "cn-unreliable-entity"}),
            count_voting=True,
            description="China's Export Control, Watch and Unreliable Entity Lists; Art. II affiliates of the first two",
            regime=MOFCOM_61_REGIME,
            regime_article="II",
            affiliate_lists=frozenset({"cn-mofcom-export-control", "cn-mofcom-watch"}),
        ),
        Policy("ofac", frozenset({"us-ofac-sdn"}), description="OFAC 50 Percent Rule (2014 guidance)"),
        Policy(
            "bis-affiliates",
            frozenset({"us-bis-entity", "us-bis-meu"}),
            description="BIS Affiliates Rule (29 Sep 2025): >= 50% aggregate across Entity and MEU lists",
        ),
        Policy(
            "eu",
            frozenset({"eu-fsf"}),
            count_control=True,
            count_voting=True,
            description="EU best practices: >= 50% aggregated, or control",
        ),
        Policy(
            "uk",
            frozenset({"uk-sanctions-list"}),
            strict=True,
            aggregate=False,
            count_control=True,
            count_voting=True,
            description="UK OFSI: > 50% by one designated person, or control",
        ),
    )
}


def get_policy(name: str | None = None, extra: Mapping[str, Policy] | None = None) -> Policy:
    """The policy called ``name`` (default ``mofcom-61``), looked up in ``extra`` first.

    Raises:
        UsageError: unknown name; the message lists the available policies.
    """
    name = name or DEFAULT_POLICY
    available = {**BUILTIN_POLICIES, **(extra or {})}
    try:
        return available[name]
    except KeyError:
        raise UsageError(f"unknown policy {name!r}; available: {', '.join(sorted(available))}") from None


_BOOL_FIELDS = {f.name for f in fields(Policy) if f.type in ("bool", bool)}
_KEYS = (
    "base", "lists", "threshold", "comparison", *sorted(_BOOL_FIELDS), "remainder_floor", "regime",
    "regime_article", "regime_reading", "affiliate_lists", "description",
)


def load_policy_file(path: str | Path) -> dict[str, Policy]:
    """Read user policies from a TOML file.

    Format: one table per policy under ``[policy.NAME]``; every key is optional except ``lists``
    (unless ``base`` names a policy to start from)::

        [policy.my-mofcom]
        base = "mofcom-61"            # optional: start from a built-in (or earlier) policy
        lists = ["cn-mofcom-export-control", "cn-unreliable-entity"]
        threshold = "50"              # percent, exact decimal string or integer
        comparison = ">="             # or ">"
        aggregate = true
        propagate = true
        count_control = false
        count_voting = true
        count_suspended = true
        count_ended = false
        lookthrough = true
        remainder_floor = "25"        # percent: smallest known stake that makes an unknown remainder possible
        regime = "cn-mofcom-61"       # the regime timeline whose state every answer states ("" = none)
        regime_article = "II"
        regime_reading = "zh"         # which reading of a disputed date (see `partyscreen regimes show`)
        affiliate_lists = ["cn-mofcom-export-control"]   # lists whose parties' affiliates are caught
        description = "..."

    A policy with ``base`` keeps its base's wording (a ``base = "mofcom-61"`` policy speaks of
    Art. II); without ``base`` the outcomes use neutral words naming the policy.

    Raises:
        InputError: unreadable TOML or an invalid value (names the policy and key).
    """
    file = str(path)
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise InputError.at(file, None, None, f"cannot read policy file: {exc}") from None
    tables = data.get("policy")
    if not isinstance(tables, dict) or not tables:
        raise InputError.at(file, None, "policy", "expected one or more [policy.NAME] tables")
    result: dict[str, Policy] = {}
    for name, table in tables.items():
        if not isinstance(table, dict):
            raise InputError.at(file, None, f"policy.{name}", "expected a table")
        result[name] = _policy_from_table(file, name, table, result)
    return result


def _policy_from_table(file: str, name: str, table: dict[str, Any], earlier: Mapping[str, Policy]) -> Policy:
    """Build one policy from its TOML table."""

    def bad(key: str, message: str) -> InputError:
        return InputError.at(file, None, f"policy.{name}.{key}", message)

    values: dict[str, Any] = {}
    base_name = table.get("base")
    if base_name is not None:
        try:
            base = get_policy(str(base_name), earlier)
        except UsageError as exc:
            raise bad("base", str(exc)) from None
        values = {f.name: getattr(base, f.name) for f in fields(Policy)}
        values["wording"] = base.wording_key
    values["name"] = name
    for key, value in table.items():
        if key == "base":
            continue
        if key == "lists":
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise bad(key, "expected a list of list ids")
            values["lists"] = frozenset(value)
        elif key in ("threshold", "remainder_floor"):
            try:
                values[key] = parse_percent(str(value))
            except ValueError as exc:
                raise bad(key, str(exc)) from None
        elif key == "affiliate_lists":
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise bad(key, "expected a list of list ids")
            values[key] = frozenset(value)
        elif key in ("regime", "regime_article", "regime_reading"):
            if not isinstance(value, str):
                raise bad(key, "expected a string")
            values[key] = value
        elif key == "comparison":
            if value not in (">", ">="):
                raise bad(key, "expected '>' or '>='")
            values["strict"] = value == ">"
        elif key in _BOOL_FIELDS:
            if not isinstance(value, bool):
                raise bad(key, "expected true or false")
            values[key] = value
        elif key == "description":
            values[key] = str(value)
        else:
            raise bad(key, f"unknown key; expected one of {', '.join(_KEYS)}")
    if "lists" not in values:
        raise bad("lists", "missing (or give base = \"<policy>\")")
    try:
        return Policy(**values)
    except UsageError as exc:
        raise bad("remainder_floor" if "remainder_floor" in str(exc) else "threshold", str(exc)) from None

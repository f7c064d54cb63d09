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

Every policy computes ``possible_affiliate`` answers (ranges, unknown remainder, look-through,
control not counted) except that ``mofcom-61-literal`` does not flag look-through.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any, Iterable, Mapping

from partyscreen.errors import InputError, UsageError
from partyscreen.shares import HUNDRED_PERCENT, format_percent, parse_percent

DEFAULT_POLICY = "mofcom-61"


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

    def __post_init__(self) -> None:
        if not 0 <= self.threshold <= HUNDRED_PERCENT:
            raise UsageError(f"policy {self.name!r}: threshold must be within [0, 100]%")

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
        return f"{self.name}: {', '.join(parts)}; lists {', '.join(sorted(self.lists))}"


BUILTIN_POLICIES: dict[str, Policy] = {
    p.name: p
    for p in (
        Policy(
            "mofcom-61",
            frozenset({"cn-mofcom-export-control", "cn-mofcom-watch"}),
            count_voting=True,
            description="MOFCOM No. 61 art. II, conservative: >= 50% aggregate, indirect, branches",
        ),
        Policy(
            "mofcom-61-literal",
            frozenset({"cn-mofcom-export-control", "cn-mofcom-watch"}),
            aggregate=False,
            propagate=False,
            count_suspended=False,
            lookthrough=False,
            description="MOFCOM No. 61 art. II, literal: one listed party's direct >= 50% stake, plus branches",
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
        description = "..."

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
            values = {f.name: getattr(get_policy(str(base_name), earlier), f.name) for f in fields(Policy)}
        except UsageError as exc:
            raise bad("base", str(exc)) from None
    values["name"] = name
    for key, value in table.items():
        if key == "base":
            continue
        if key == "lists":
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise bad(key, "expected a list of list ids")
            values["lists"] = frozenset(value)
        elif key == "threshold":
            try:
                values["threshold"] = parse_percent(str(value))
            except ValueError as exc:
                raise bad(key, str(exc)) from None
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
            raise bad(key, f"unknown key; expected one of base, lists, threshold, comparison, {', '.join(sorted(_BOOL_FIELDS))}, description")
    if "lists" not in values:
        raise bad("lists", "missing (or give base = \"<policy>\")")
    try:
        return Policy(**values)
    except UsageError as exc:
        raise bad("threshold", str(exc)) from None

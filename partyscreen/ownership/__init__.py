"""The pure ownership engine: 50%-or-greater affiliates of listed parties under named policies.

No SQL, files or terminal here: plain records or numpy columns in, answers with explanations out.
See :mod:`partyscreen.ownership.engine` for the two entry points and
:mod:`partyscreen.ownership.table` for the column encoding of the fast path.
"""

from __future__ import annotations

import sys
import types
from importlib import import_module
from typing import TYPE_CHECKING, Any

# Each public name and the module that defines it, imported on first use: importing
# ``partyscreen.ownership.policies`` (the CLI's policy options) must not load numpy.
_EXPORTS = {
    "compute_affiliates": "engine", "compute_affiliates_table": "engine",
    "Explanation": "explain", "explain": "explain", "explain_result": "explain",
    "AFFILIATE": "model", "BRANCH": "model", "CONTROL": "model", "ENDED": "model", "LISTED": "model",
    "POSSIBLE": "model", "REASONS": "model", "SHAREHOLDING": "model", "SUSPENDED": "model", "VOTING": "model",
    "Affiliation": "model", "Contribution": "model", "Holding": "model", "Listing": "model",
    "MeasurePeriod": "model", "RootRef": "model",
    "AffiliateResult": "result",
    "BUILTIN_POLICIES": "policies", "DEFAULT_POLICY": "policies", "Policy": "policies", "get_policy": "policies",
    "load_policy_file": "policies",
    "NO_END": "table", "NO_START": "table", "HoldingTable": "table", "OwnershipGraph": "table",
}

if TYPE_CHECKING:
    from partyscreen.ownership.engine import compute_affiliates, compute_affiliates_table
    from partyscreen.ownership.explain import Explanation, explain, explain_result
    from partyscreen.ownership.model import (
        AFFILIATE, BRANCH, CONTROL, ENDED, LISTED, POSSIBLE, REASONS, SHAREHOLDING, SUSPENDED, VOTING,
        Affiliation, Contribution, Holding, Listing, MeasurePeriod, RootRef,
    )
    from partyscreen.ownership.result import AffiliateResult
    from partyscreen.ownership.policies import BUILTIN_POLICIES, DEFAULT_POLICY, Policy, get_policy, load_policy_file
    from partyscreen.ownership.table import NO_END, NO_START, HoldingTable, OwnershipGraph


class _Package(types.ModuleType):
    """Keeps each public name the object it names: importing a submodule of the same name
    (``explain``) would otherwise make ``partyscreen.ownership.explain`` the module."""

    def __setattr__(self, name: str, value: Any) -> None:
        if name in _EXPORTS and isinstance(value, types.ModuleType):
            value = getattr(value, name)
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package


def __getattr__(name: str) -> Any:
    """The public names, each imported from its module on first use."""
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'partyscreen.ownership' has no attribute {name!r}")
    value = getattr(import_module(f"partyscreen.ownership.{module}"), name)
    globals()[name] = value
    return value


__all__ = [
    "AFFILIATE", "BRANCH", "BUILTIN_POLICIES", "CONTROL", "DEFAULT_POLICY", "ENDED", "LISTED", "NO_END", "NO_START",
    "POSSIBLE", "REASONS", "SHAREHOLDING", "SUSPENDED", "VOTING",
    "AffiliateResult", "Affiliation", "Contribution", "Explanation", "Holding", "HoldingTable", "Listing",
    "MeasurePeriod", "OwnershipGraph", "Policy", "RootRef",
    "compute_affiliates", "compute_affiliates_table", "explain", "explain_result", "get_policy", "load_policy_file",
]

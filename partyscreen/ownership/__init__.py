"""The pure ownership engine: 50%-or-greater affiliates of listed parties under named policies.

No SQL, files or terminal here: plain records or numpy columns in, answers with explanations out.
See :mod:`partyscreen.ownership.engine` for the two entry points and
:mod:`partyscreen.ownership.table` for the column encoding of the fast path.
"""

from __future__ import annotations

from partyscreen.ownership.engine import compute_affiliates, compute_affiliates_table
from partyscreen.ownership.explain import Explanation, explain, explain_result
from partyscreen.ownership.model import (
    AFFILIATE, BRANCH, CONTROL, ENDED, LISTED, POSSIBLE, REASONS, SHAREHOLDING, SUSPENDED, VOTING,
    Affiliation, Contribution, Holding, Listing, MeasurePeriod, RootRef,
)
from partyscreen.ownership.result import AffiliateResult
from partyscreen.ownership.policies import BUILTIN_POLICIES, DEFAULT_POLICY, Policy, get_policy, load_policy_file
from partyscreen.ownership.table import NO_END, NO_START, HoldingTable, OwnershipGraph

__all__ = [
    "AFFILIATE", "BRANCH", "BUILTIN_POLICIES", "CONTROL", "DEFAULT_POLICY", "ENDED", "LISTED", "NO_END", "NO_START",
    "POSSIBLE", "REASONS", "SHAREHOLDING", "SUSPENDED", "VOTING",
    "AffiliateResult", "Affiliation", "Contribution", "Explanation", "Holding", "HoldingTable", "Listing",
    "MeasurePeriod", "OwnershipGraph", "Policy", "RootRef",
    "compute_affiliates", "compute_affiliates_table", "explain", "explain_result", "get_policy", "load_policy_file",
]

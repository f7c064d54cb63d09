"""A name reads and scores the same in every process, whatever Python's hash seed.

Found in review: a legal form of several generic classes ("S.C.R.L." is a cooperative and a
company; "s.c." a general and a limited partnership) took whichever class a set listed first, so
explanations and the legal-form conflict changed from one process to the next.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PROBE = r"""
import json
from partyscreen.matching.normalize import prepare_name
from partyscreen.matching import Matcher, Candidate
names = ["Acme S.C.", "Acme SCS", "Acme SNC", "Acme S.A.S.", "Acme SC", "Acme SCA", "Acme SCRL",
         "Acme SE", "Acme SA de CV", "Acme SPRL", "Acme S.C.R.L.", "Acme Sp. z o.o.", "Acme SIA"]
forms = {n: sorted(prepare_name(n).legal) for n in names}
matcher = Matcher([Candidate(id=str(i), names=[n]) for i, n in enumerate(names)])
scores = {n: [round(m.score, 6) for m in matcher.match(n, limit=20, min_score=0)] for n in names}
print(json.dumps([forms, scores], sort_keys=True))
"""


def _run(seed: int) -> object:
    env = {**os.environ, "PYTHONHASHSEED": str(seed), "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def test_legal_forms_and_scores_do_not_depend_on_the_hash_seed():
    first = _run(1)
    for seed in (2, 3, 4, 5):
        assert _run(seed) == first


"""How many examples the fuzz tests run: ``PARTYSCREEN_FUZZ_EXAMPLES`` per importer and engine.

Default 60, derandomised (the same examples every run, so the normal suite is repeatable). Setting
the variable (the scheduled run: ``PARTYSCREEN_FUZZ_EXAMPLES=10000``) draws fresh random examples.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

ENV = "PARTYSCREEN_FUZZ_EXAMPLES"
DEFAULT_EXAMPLES = 60

EXAMPLES = int(os.environ.get(ENV, DEFAULT_EXAMPLES))

FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=ENV not in os.environ,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
    print_blob=True,
)

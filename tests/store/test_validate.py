"""The vectorised share parser agrees exactly with Decimal on every representable value class."""

import random
from decimal import Decimal

import pandas as pd

from partyscreen.store.validate import ProblemLog, percent


def parse_column(cells):
    chunk = pd.DataFrame({"_row": range(2, 2 + len(cells)), "share": cells})
    log = ProblemLog("f.csv")
    return percent(chunk, "share", log).tolist(), log


def test_plain_percent_cells_are_exact_millionths():
    rng = random.Random(7)
    cells = ["0", "100", "50", "49.999999", "50.000001", "33.3333", "16.6667", "0.000001", "99.999999", "12.5", "7.05"]
    cells += [f"{rng.randrange(0, 100)}.{rng.randrange(0, 10**6):06d}" for _ in range(20_000)]
    cells += [f"{rng.randrange(0, 100)}.{rng.randrange(0, 10**d)}" for d in range(1, 7) for _ in range(1000)]
    got, log = parse_column(cells)
    assert not log
    assert got == [int(Decimal(c) * 1_000_000) for c in cells]


def test_out_of_range_and_precise_errors():
    got, log = parse_column(["100.000001", "999.5", "1e1", "12.5%", ""])
    assert got[2:4] == [10_000_000, 12_500_000]
    assert pd.isna(got[0]) and pd.isna(got[1]) and pd.isna(got[4])
    assert [(p.row, p.message) for p in log.problems] == [
        (2, "'100.000001' is outside [0, 100]"),
        (3, "'999.5' is outside [0, 100]"),
    ]

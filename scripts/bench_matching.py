"""Benchmark partyscreen's name matcher against OpenSanctions' logic-v2 and for speed.

Usage:
    python scripts/bench_matching.py            # quality benchmarks
    python scripts/bench_matching.py --speed    # also the 100k x 100k-name speed benchmark
    python scripts/bench_matching.py --speed-only

Quality (data in /work/shared/data/matching, see its README for provenance):

* nomenklatura name bench (826 labelled pairs): precision / recall / F1 at the default
  threshold and at the best threshold, overall, organisations (Company, Organization,
  LegalEntity) and persons, for partyscreen and for logic-v2's frozen per-pair scores (its
  threshold 0.7). A Matcher over all names of the file supplies the IDF word weights, as a
  list would in production; no row is looked up or special-cased.
* yente UN positives: each "treated" (perturbed) name screened against the 683 untreated UN
  names plus the 1,254 US Congress names; recall = own entry found at the default threshold.
* yente negatives (2 x 1,000 synthetic people): false-alert rate against the same list.
* OFAC Sanctions List Search fixtures: agreement of our scores with OFAC's (Spearman, MAE).
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import resource
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from partyscreen.matching import DEFAULT_MIN_SCORE, Candidate, Matcher, Query  # noqa: E402

DATA = Path(os.environ.get("PARTYSCREEN_BENCH_DATA", "/work/shared/data/matching"))
ORG_SCHEMAS = {"Company", "Organization", "LegalEntity"}
LOGIC_V2_THRESHOLD = 0.7


def read_csv(name: str) -> list[dict[str, str]]:
    with open(DATA / name, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def prf(labels: Sequence[bool], scores: Sequence[float], threshold: float) -> tuple[float, float, float]:
    """Precision, recall, F1 of `score >= threshold` against labels."""
    tp = sum(1 for y, s in zip(labels, scores) if y and s >= threshold)
    fp = sum(1 for y, s in zip(labels, scores) if not y and s >= threshold)
    fn = sum(1 for y, s in zip(labels, scores) if y and s < threshold)
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def best_threshold(labels: Sequence[bool], scores: Sequence[float]) -> tuple[float, tuple[float, float, float]]:
    candidates = sorted(set(scores))
    best = max(candidates, key=lambda t: (prf(labels, scores, t)[2], -t))
    return best, prf(labels, scores, best)


def bench_names(matcher_factory: Callable[[list[Candidate]], Matcher]) -> dict[str, float]:
    rows = read_csv("nomenklatura_name_bench_cases.csv")
    frozen = {(r["name1"], r["name2"]): float(r["score"])
              for r in read_csv("nomenklatura_name_bench_logicv2-frozen.csv")}
    names = sorted({(r["name1"], r["schema"]) for r in rows} | {(r["name2"], r["schema"]) for r in rows})
    kind = {"Person": "person", "Vessel": "vessel"}
    matcher = matcher_factory([Candidate(f"n{i}", [n], kind=kind.get(s, "organization"))
                               for i, (n, s) in enumerate(names)])
    ours = [matcher.score(r["name1"], r["name2"]) for r in rows]
    print("\n== nomenklatura name bench (826 pairs; logic-v2 frozen scores cover "
          f"{sum(1 for r in rows if (r['name1'], r['name2']) in frozen)}) ==")
    print(f"{'subset':<10}{'system':<22}{'thr':>6}{'P':>7}{'R':>7}{'F1':>7}   {'best thr':>8}{'P':>7}{'R':>7}{'F1':>7}   n")
    summary = {}
    subsets = {"overall": lambda s: True, "orgs": lambda s: s in ORG_SCHEMAS, "persons": lambda s: s == "Person"}
    for label, keep in subsets.items():
        sel = [i for i, r in enumerate(rows) if keep(r["schema"])]
        y = [rows[i]["is_match"] == "true" for i in sel]
        s = [ours[i] for i in sel]
        p, r_, f = prf(y, s, DEFAULT_MIN_SCORE)
        bt, (bp, br, bf) = best_threshold(y, s)
        print(f"{label:<10}{'partyscreen':<22}{DEFAULT_MIN_SCORE:>6.0f}{p:>7.3f}{r_:>7.3f}{f:>7.3f}   {bt:>8.1f}{bp:>7.3f}{br:>7.3f}{bf:>7.3f}   {len(sel)}")
        summary[f"{label}_f1"] = f
        fsel = [i for i in sel if (rows[i]["name1"], rows[i]["name2"]) in frozen]
        fy = [rows[i]["is_match"] == "true" for i in fsel]
        fs = [frozen[(rows[i]["name1"], rows[i]["name2"])] for i in fsel]
        p, r_, f = prf(fy, fs, LOGIC_V2_THRESHOLD)
        bt, (bp, br, bf) = best_threshold(fy, fs)
        print(f"{'':<10}{'logic-v2 (frozen)':<22}{LOGIC_V2_THRESHOLD:>6.2f}{p:>7.3f}{r_:>7.3f}{f:>7.3f}   {bt:>8.2f}{bp:>7.3f}{br:>7.3f}{bf:>7.3f}   {len(fsel)}")
        os_ = [ours[i] for i in fsel]
        p, r_, f = prf(fy, os_, DEFAULT_MIN_SCORE)
        print(f"{'':<10}{'partyscreen (same rows)':<22}{DEFAULT_MIN_SCORE:>6.0f}{p:>7.3f}{r_:>7.3f}{f:>7.3f}")
    if os.environ.get("BENCH_SHOW_ERRORS"):
        for r, s in zip(rows, ours):
            y = r["is_match"] == "true"
            if y != (s >= DEFAULT_MIN_SCORE):
                print(f"  {'FN' if y else 'FP'} {s:5.1f} {r['schema']:<8} {r['name1']!r} ~ {r['name2']!r}")
    return summary


def bench_yente(matcher_factory: Callable[[list[Candidate]], Matcher]) -> None:
    treated = read_csv("yente_cgb_positives_un_treated.csv")
    untreated = read_csv("yente_cgb_positives_un_untreated.csv")
    congress = read_csv("yente_cgb_positives_us_congress_untreated.csv")
    cands = [Candidate(f"un{i}", [r["full_name"]], kind="person") for i, r in enumerate(untreated)]
    cands += [Candidate(f"us{i}", [r["full_name"]], kind="person") for i, r in enumerate(congress)]
    matcher = matcher_factory(cands)
    results = matcher.match_many([r["full_name"] for r in treated], limit=10)
    found = sum(1 for i, ms in enumerate(results) if any(m.candidate_id == f"un{i}" for m in ms))
    print("\n== yente ==")
    print(f"UN positives (treated → untreated, {len(cands)} listed names): recall {found / len(treated):.3f} "
          f"({found}/{len(treated)}) at {DEFAULT_MIN_SCORE:.0f}")
    for fname in ("yente_validation_negatives_global_1k.csv", "yente_validation_negatives_us_1k.csv"):
        negs = read_csv(fname)
        res = matcher.match_many([r["full_name"] for r in negs], limit=1)
        alerts = sum(1 for ms in res if ms)
        print(f"negatives {fname.split('_')[-2]}: false-alert rate {alerts / len(negs):.3f} ({alerts}/{len(negs)})")


def spearman(a: Sequence[float], b: Sequence[float]) -> float:
    ra = np.argsort(np.argsort(a)).astype(float)
    rb = np.argsort(np.argsort(b)).astype(float)
    if ra.std() == 0 or rb.std() == 0:
        return float("nan")
    return float(np.corrcoef(ra, rb)[0, 1])


def bench_ofac(matcher_factory: Callable[[list[Candidate]], Matcher]) -> None:
    rows = read_csv("nomenklatura_ofac_sls_fixtures.csv")
    names = sorted({r["result_name"] for r in rows})
    matcher = matcher_factory([Candidate(f"o{i}", [n]) for i, n in enumerate(names)])
    ours = [matcher.score(r["query_name"], r["result_name"]) for r in rows]
    theirs = [float(r["ofac_score"]) for r in rows]
    by_query: dict[str, list[int]] = {}
    for i, r in enumerate(rows):
        by_query.setdefault(r["query_name"], []).append(i)
    per_q = [spearman([ours[i] for i in idx], [theirs[i] for i in idx]) for idx in by_query.values() if len(idx) > 2]
    per_q = [x for x in per_q if x == x]
    top1 = sum(1 for idx in by_query.values()
               if max(idx, key=lambda i: ours[i]) in [i for i in idx if theirs[i] == max(theirs[j] for j in idx)])
    agree = sum(1 for o, t in zip(ours, theirs) if (o >= DEFAULT_MIN_SCORE) == (t >= 95))
    print("\n== OFAC Sanctions List Search fixtures ==")
    print(f"{len(rows)} pairs / {len(by_query)} queries: Spearman overall {spearman(ours, theirs):.3f}, "
          f"mean per-query {np.mean(per_q):.3f}; top-1 agreement {top1}/{len(by_query)}; "
          f"MAE {np.mean(np.abs(np.array(ours) - np.array(theirs))):.1f} points; "
          f"hit agreement (ours ≥ {DEFAULT_MIN_SCORE:.0f} vs OFAC ≥ 95) {agree / len(rows):.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--speed", action="store_true", help="also run the speed benchmark")
    parser.add_argument("--speed-only", action="store_true", help="run only the speed benchmark")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    if not args.speed_only:
        bench_names(Matcher)
        bench_yente(Matcher)
        bench_ofac(Matcher)
    if args.speed or args.speed_only:
        from bench_matching_speed import bench_speed  # type: ignore[import-not-found]
        bench_speed(args.workers)


if __name__ == "__main__":
    main()

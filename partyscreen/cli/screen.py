"""``screen`` and ``match``: screen a counterparty file, or look up one name."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Any

import click

from partyscreen.cli.affiliates import chosen_policy, day_or_today, policy_options
from partyscreen import settings
from partyscreen.cli.app import State, cli, encoding_option, output_format, pass_state
from partyscreen.errors import UsageError

EXIT_HITS = 1
OUTPUT_SUFFIXES = {".csv": "csv", ".json": "json", ".xlsx": "xlsx", ".html": "html", ".htm": "html"}
PROGRESS_MIN_ROWS = 2_000


def _screener(state: State, policy_name: str, policy_file: Path | None, lists: str | None, as_of: Any, min_score: float | None):  # type: ignore[no-untyped-def]
    from partyscreen.screening import Screener  # imported on use: the matcher's name data loads slowly

    policy = chosen_policy(policy_name, policy_file, lists)
    return Screener(state.engine(), policy=policy, as_of=day_or_today(as_of), min_score=min_score)


@cli.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path), required=False)
@click.option("--reproduce", "reproduce_run", type=click.IntRange(1), metavar="RUN_ID", default=None,
              help="Re-run recorded screening RUN_ID on the lists and ownership data as they were, and print "
                   "any difference from its stored hits (exit 0 identical, 1 differences, 2 unknown run).")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="Report file (default: stdout; required for xlsx).")
@click.option("--format", "fmt", type=click.Choice(["csv", "json", "xlsx", "html"]), default=None,
              help="Report format. Default: from --out's extension (.csv .json .xlsx .html; another is an error), else csv.")
@policy_options
@click.option("--min-score", type=click.FloatRange(0, 100), default=None, help="Hits at or above this name score (default: the matcher's calibrated threshold).")
@click.option("--stale-days", type=click.IntRange(0), default=None, metavar="N",
              help="Warn about lists whose newest source is more than N days old (default $PARTYSCREEN_STALE_DAYS or 30).")
@click.option("--name-column", metavar="C", help="Column with the party name (default: found by header).")
@click.option("--country-column", metavar="C", help="Column with the country (code or name).")
@click.option("--role-column", metavar="C", help="Column with the role (importer, end_user, consignee…).")
@click.option("--id-column", metavar="C", help="Column with your record id.")
@click.option("--decisions", "use_decisions", is_flag=True,
              help="Apply analysts' decisions (review decide) by record id: a hit a decision still covers is "
                   "marked with it and does not count for the exit code.")
@encoding_option
@pass_state
def screen(
    state: State,
    file: Path | None,
    reproduce_run: int | None,
    out: Path | None,
    fmt: str | None,
    policy_name: str,
    policy_file: Path | None,
    lists: str | None,
    as_of: Any,
    min_score: float | None,
    stale_days: int | None,
    name_column: str | None,
    country_column: str | None,
    role_column: str | None,
    id_column: str | None,
    use_decisions: bool,
    encoding: str | None,
) -> int:
    """Screen FILE (CSV, XLSX, JSON Lines or Parquet) against the listed parties and their affiliates.

    Writes one row per hit: row, subject_id, subject_name, role, score, matched_name, entity_id,
    entity_name, basis (listed | affiliate | possible_affiliate), list_id, reference, path (names
    and ids), outcome, reasons (why a possible affiliate is possible), path_ids. Exit code 0: no hit; 1: hits found; 2: bad input; 3: internal error.

    The report file appears only when complete (written under a temporary name, then renamed);
    the run is recorded only when the report was written.

    Example:

        partyscreen screen counterparties.csv --out report.html --as-of 2026-01-01

        partyscreen screen --reproduce 42
    """
    if reproduce_run is not None:
        if file is not None:
            raise UsageError("--reproduce RUN_ID re-reads the run's recorded input: give no FILE")
        return _reproduce(state, reproduce_run)
    if file is None:
        raise UsageError("missing argument FILE (or --reproduce RUN_ID)")
    from partyscreen.report.atomic import AtomicFile, check_writable

    fmt = output_format(out, fmt, OUTPUT_SUFFIXES, "csv")
    if fmt == "xlsx" and out is None:
        raise UsageError("--format xlsx needs --out FILE.xlsx")
    if out is not None:
        check_writable(out)
    screener = _screener(state, policy_name, policy_file, lists, as_of, min_score)
    screener.stale_days = settings.stale_days(stale_days)
    target = AtomicFile(out) if out is not None else None
    try:
        report = _run_with_progress(
            state, screener, file, (name_column, country_column, role_column, id_column), encoding,
            lambda finished: _write(_decided(state, screener, finished, use_decisions), fmt, target),
        )
        if target is not None:
            target.commit()
    finally:
        if target is not None:
            target.discard()
    for warning in report.warnings:
        state.warn(warning)
    counts = report.counts()
    state.info(
        f"{counts['rows']} rows screened under {report.policy} as of {report.as_of}: {counts['subjects_with_hits']} with hits "
        f"({counts['listed']} listed, {counts['affiliate']} affiliate, {counts['possible_affiliate']} possible affiliate), "
        f"{counts['errors']} not screened; run {report.run_id}" + (f"; report: {out}" if out else "")
    )
    for subject in report.subjects:
        if subject.error:
            state.warn(f"{file}, row {subject.row}: {subject.error}")
    if report.decisions is not None:
        state.info(f"decisions: {report.decisions['applied']} hit(s) covered by an analyst's decision, "
                   f"{report.decisions['stale']} decided on an earlier state (review again)")
    return EXIT_HITS if report.alerts else 0


def _decided(state: State, screener, report, use: bool):  # type: ignore[no-untyped-def]
    """The report with analysts' decisions applied (``--decisions``)."""
    if use:
        from partyscreen.monitor.review import apply_decisions

        apply_decisions(state.engine(), report, screener.targets)
    return report


def _reproduce(state: State, run_id: int) -> int:
    """Re-run a recorded screening; differences on stdout, exit 1 when there are any."""
    from partyscreen.screening.reproduce import reproduce, version_note

    result = reproduce(state.engine(), run_id)
    note = version_note(result)
    if note:
        state.warn(note)
    for line in result.lines():
        click.echo(line)
    verdict = "identical" if result.identical else f"{len(result.lines())} difference(s)"
    state.info(
        f"run {run_id} re-run on its data snapshot: {result.rows} rows, {result.stored_hits} hits stored, "
        f"{result.rerun_hits} hits now: {verdict}"
    )
    return 0 if result.identical else EXIT_HITS


def _run_with_progress(state: State, screener, file: Path, columns, encoding, write):  # type: ignore[no-untyped-def]
    """Read the file once and screen it, with a progress bar on a terminal for long files.

    ``write`` writes the report; it runs before the run's record commits, so a run whose report
    could not be written is not recorded.
    """
    from partyscreen.screening.inputs import ENCODING_ATTR, read_subjects
    from partyscreen.store.csvfile import file_checksum

    name_c, country_c, role_c, id_c = columns
    frame = read_subjects(file, encoding)
    if ENCODING_ATTR in frame.attrs:
        state.info(f"{file}: read as {frame.attrs[ENCODING_ATTR]}")
    options = dict(name_column=name_c, country_column=country_c, role_column=role_c, id_column=id_c,
                   input_name=str(file), checksum=file_checksum(file), before_commit=write)
    if not sys.stderr.isatty() or state.quiet or len(frame) < PROGRESS_MIN_ROWS:
        return screener.screen_subjects(frame, **options)
    with click.progressbar(length=len(frame), label="screening", file=sys.stderr) as bar:
        return screener.screen_subjects(frame, progress=bar.update, **options)


def _write(report, fmt: str, target) -> None:  # type: ignore[no-untyped-def]
    """Write the report to the temporary file of ``target`` (an ``AtomicFile``), or to stdout."""
    from partyscreen.report.screening import write_xlsx_report

    if target is None:
        _write_text(report, fmt, sys.stdout)
        return
    if fmt == "xlsx":
        write_xlsx_report(report, target.temp)
        return
    with target.open_text() as fh:
        _write_text(report, fmt, fh)


def _write_text(report, fmt: str, fh) -> None:  # type: ignore[no-untyped-def]
    from partyscreen.report.html import render_html
    from partyscreen.report.screening import write_csv_report, write_json_report

    if fmt == "json":
        write_json_report(report, fh)
    elif fmt == "html":
        fh.write(render_html(report))
    else:
        write_csv_report(report, fh)


@cli.command()
@click.argument("name")
@click.option("--country", metavar="CC", help="The party's country (code or name): a different one lowers the score.")
@click.option("--identifier", "identifiers", multiple=True, metavar="SCHEME:VALUE", help="e.g. lei:5493001KJTIIGC8Y1R12 (repeatable).")
@policy_options
@click.option("--min-score", type=click.FloatRange(0, 100), default=None)
@click.option("--limit", type=click.IntRange(1, 100), default=10, show_default=True)
@pass_state
def match(
    state: State,
    name: str,
    country: str | None,
    identifiers: tuple[str, ...],
    policy_name: str,
    policy_file: Path | None,
    lists: str | None,
    as_of: Any,
    min_score: float | None,
    limit: int,
) -> int:
    """Look up NAME among the listed parties and their affiliates, with each hit's explanation.

    Example:

        partyscreen match "Huawei Technologies Co., Ltd." --country CN
    """
    from partyscreen.screening.lookup import open_lookup  # answers from the cached snapshot when it can

    screener = open_lookup(
        state.engine(), lambda: _screener(state, policy_name, policy_file, lists, as_of, min_score),
        policy=policy_name, policy_file=policy_file, lists=lists, as_of=day_or_today(as_of), min_score=min_score,
    )
    pairs = []
    for item in identifiers:
        scheme, _, value = item.partition(":")
        if not value:
            raise UsageError(f"--identifier {item!r}: expected SCHEME:VALUE")
        pairs.append((scheme.lower(), value))
    hits = screener.screen_name(name, country=country, identifiers=pairs)[:limit]
    from partyscreen.report.visible import visible as v  # invisible / bidi characters as ⟨U+202E⟩

    for warning in screener.warnings():  # the regime's unknown state etc. (from the snapshot on the fast path)
        state.warn(warning)
    if not hits:
        click.echo(f"no match at or above {screener.min_score:g} for {v(repr(name))}")
        return 0
    for rank, hit in enumerate(hits, 1):
        click.echo(f"{rank}. {hit.score:.1f}  {v(hit.entity_name)}  [{v(hit.entity_id)}]  {hit.basis}")
        click.echo(f"   list: {v(hit.list_id)}  {v(hit.reference)}")
        if hit.path:
            click.echo(f"   path: {v(hit.path)}")
        if hit.reasons:
            click.echo(f"   possible because: {hit.reasons.replace(';', ', ')}")
        click.echo(f"   outcome: {v(hit.outcome)}")
        if hit.regime:
            click.echo(f"   regime: {hit.regime}")
        click.echo("   " + v(hit.explanation, multiline=True).replace("\n", "\n   "))
    return EXIT_HITS if any(h.alert for h in hits) else 0

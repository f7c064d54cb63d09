"""A self-contained HTML screening report (no network): summary, every hit, ownership diagrams.

Each affiliate hit carries an inline SVG of its ownership chain, drawn from the listed root
down through every holding (with its percentage) to the matched entity and the screened party.
"""

from __future__ import annotations

import html
import re
from datetime import datetime, timezone

from partyscreen import __version__
from partyscreen.screening.hits import Hit, ScreeningReport

_HOP = re.compile(r" -(.+?)-> ")
BOX_W, BOX_H, GAP = 360, 34, 46

STYLE = """
body{font-family:-apple-system,"Segoe UI","Noto Sans","Noto Sans CJK SC","PingFang SC","Microsoft YaHei",sans-serif;
margin:2em;color:#1b1f24;background:#fff}
h1{font-size:1.5em;margin-bottom:.2em} .muted{color:#57606a} table{border-collapse:collapse;width:100%;margin:1em 0}
th,td{border:1px solid #d0d7de;padding:.35em .5em;text-align:left;vertical-align:top;font-size:.9em}
th{background:#f6f8fa} .listed{background:#ffebe9} .affiliate{background:#fff8c5} .possible_affiliate{background:#ddf4ff}
.cards{display:flex;gap:1em;flex-wrap:wrap} .card{border:1px solid #d0d7de;border-radius:6px;padding:.6em 1em;min-width:8em}
.card b{font-size:1.4em;display:block} .hit{border:1px solid #d0d7de;border-radius:6px;padding:1em;margin:1em 0}
pre{white-space:pre-wrap;background:#f6f8fa;padding:.5em;font-size:.8em} .warn{color:#9a6700}
"""


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def chain_nodes(path: str) -> tuple[list[str], list[str]]:
    """``X -50%-> A -25%-> C`` as nodes ``[X, A, C]`` and edge labels ``[50%, 25%]``."""
    parts = _HOP.split(path)
    return parts[0::2], parts[1::2]


def chain_svg(hit: Hit) -> str:
    """The ownership chain root → … → matched entity → screened party, as inline SVG."""
    nodes, labels = chain_nodes(hit.path) if hit.path else ([hit.entity_id], [])
    names = {hit.entity_id: hit.entity_name}
    boxes = [f"{n} — {names[n]}" if n in names else n for n in nodes] + [f"screened: {hit.subject_name}"]
    edges = labels + [f"name match {hit.score:.1f}"]
    height = len(boxes) * (BOX_H + GAP)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{BOX_W + 200}" height="{height}" role="img" '
        f'aria-label="ownership chain of {_e(hit.entity_name)}">',
        '<defs><marker id="arrow" markerWidth="10" markerHeight="10" refX="5" refY="5" orient="auto">'
        '<path d="M0,0 L10,5 L0,10 z" fill="#57606a"/></marker></defs>',
    ]
    for i, text in enumerate(boxes):
        y = i * (BOX_H + GAP) + 4
        fill = "#ffebe9" if i == 0 else "#ddf4ff" if i == len(boxes) - 1 else "#f6f8fa"  # root, subject, between
        parts.append(f'<rect x="4" y="{y}" width="{BOX_W}" height="{BOX_H}" rx="5" fill="{fill}" stroke="#57606a"/>')
        parts.append(f'<text x="14" y="{y + 22}" font-size="13">{_e(text[:52])}</text>')
        if i < len(edges):
            y1, y2 = y + BOX_H, y + BOX_H + GAP
            parts.append(f'<line x1="{4 + BOX_W // 2}" y1="{y1}" x2="{4 + BOX_W // 2}" y2="{y2 - 4}" stroke="#57606a" marker-end="url(#arrow)"/>')
            parts.append(f'<text x="{14 + BOX_W // 2}" y="{(y1 + y2) // 2 + 4}" font-size="12" fill="#0550ae">{_e(edges[i])}</text>')
    parts.append("</svg>")
    return "".join(parts)


def render_html(report: ScreeningReport) -> str:
    """The whole report as one HTML document."""
    counts = report.counts()
    cards = "".join(
        f'<div class="card"><b>{counts[k]}</b>{_e(label)}</div>'
        for k, label in (("rows", "rows screened"), ("subjects_with_hits", "rows with hits"), ("hits", "hits"),
                         ("listed", "listed"), ("affiliate", "affiliates"), ("possible_affiliate", "possible affiliates"),
                         ("errors", "rows not screened"))
    )
    lists = "".join(
        f"<tr><td>{_e(k)}</td><td>{_e(v.get('entries'))}</td><td>{_e(v.get('as_of') or '')}</td><td>{_e(v.get('batch_id') or '')}</td></tr>"
        for k, v in sorted(report.list_versions.items())
    )
    warnings = "".join(f'<li class="warn">{_e(w)}</li>' for w in report.warnings)
    hits = "".join(_hit_section(i + 1, h) for i, h in enumerate(report.hits)) or "<p>No hits.</p>"
    errors = "".join(
        f"<tr><td>{s.row}</td><td>{_e(s.subject_id)}</td><td>{_e(s.error)}</td></tr>" for s in report.subjects if s.error
    )
    clear = sum(1 for s in report.subjects if s.status == "clear")
    generated = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>partyscreen screening report — {_e(report.input_name)}</title>
<style>{STYLE}</style></head><body>
<h1>Screening report</h1>
<p class="muted">{_e(report.input_name)} · policy <b>{_e(report.policy)}</b> · as of {_e(report.as_of.isoformat())} ·
minimum score {report.min_score:g} · run {_e(report.run_id or '-')} · generated {generated} by partyscreen {__version__}</p>
<p class="muted">{_e(report.policy_summary)}</p>
{_regime_banner(report)}
<div class="cards">{cards}</div>
{f'<h2>Warnings</h2><ul>{warnings}</ul>' if warnings else ''}
<h2>Lists used</h2><table><tr><th>list</th><th>entries</th><th>newest source</th><th>import batch</th></tr>{lists}</table>
<h2>Hits</h2>{hits}
<h2>Rows not screened</h2>{f'<table><tr><th>row</th><th>id</th><th>reason</th></tr>{errors}</table>' if errors else '<p>None.</p>'}
<p class="muted">{clear} row(s) had no hit at or above the minimum score.</p>
</body></html>
"""


def _hit_section(number: int, hit: Hit) -> str:
    diagram = chain_svg(hit)
    return f"""<div class="hit {hit.basis}" id="hit-{number}">
<h3>{number}. row {_e(hit.row)}: {_e(hit.subject_name)} → {_e(hit.entity_name)}</h3>
<table>
<tr><th>score</th><td>{hit.score:.1f} (matched name: {_e(hit.matched_name)})</td></tr>
<tr><th>basis</th><td>{_e(hit.basis)}</td></tr>
<tr><th>outcome</th><td><b>{_e(hit.outcome)}</b></td></tr>
<tr><th>entity</th><td>{_e(hit.entity_id)}</td></tr>
<tr><th>list</th><td>{_e(hit.list_id)}</td></tr>
<tr><th>reference</th><td>{_link_refs(hit.reference)}</td></tr>
<tr><th>ownership path</th><td>{_e(hit.path or '(listed itself)')}</td></tr>
</table>
{diagram}
<details><summary>name match explanation</summary><pre>{_e(hit.explanation)}</pre></details>
</div>"""


def _link_refs(reference: str) -> str:
    out = []
    for part in reference.split("; "):
        words = [
            f'<a href="{_e(w)}">{_e(w)}</a>' if w.startswith(("http://", "https://")) else _e(w) for w in part.split(" ")
        ]
        out.append(" ".join(words))
    return "<br>".join(out)


def _regime_banner(report: ScreeningReport) -> str:
    """Where the policy's regime stands on the date; amber, with the warning, when unknown."""
    state = report.regime
    if not state:
        return ""
    status = str(state.get("status") or "")
    words = {"in_force": "in force", "suspended": "suspended", "ended": "ended", "not_in_force": "not yet in force"}
    text = f"{state.get('regime')} Art. {state.get('article')}: {words.get(status, 'status unknown')}"
    if state.get("since") and status in ("in_force", "ended", "not_in_force"):
        text += f" (from {state['since']})"
    if status == "suspended" and state.get("until"):
        text += f" until {state['until']} ({state.get('announcement') or ''})"
    if status == "unknown" and state.get("until"):
        text += f" after {state['until']}: last known fact {state.get('announcement') or ''}"
    if state.get("reading"):
        text += f" · reading {state['reading']}"
    colour = "#fff8c5;border-color:#d4a72c" if status in ("unknown", "suspended") else "#f6f8fa;border-color:#d0d7de"
    notes = "".join(f"<br>{_e(w)}" for w in report.warnings if "unknown" in w and "Announcement" in w)
    return f'<div class="regime-banner" role="status" style="border:1px solid;padding:.6em 1em;border-radius:6px;background:{colour}"><b>{_e(text)}</b>{notes}</div>'

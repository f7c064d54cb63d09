"""A self-contained HTML screening report (no network): summary, every hit, ownership diagrams.

Each hit carries a diagram of its ownership (HTML boxes, laid out by the browser so every box
fits its label): one column per owner whose stake counts towards the threshold, from the listed
root down through every holding (with its percentage) to the matched entity, then the screened
party. Every box shows the entity's name and its id. Text passes through
:func:`~partyscreen.report.visible.visible`: invisible and direction-changing characters show as
``⟨U+202E⟩``.
"""

from __future__ import annotations

import html
import re
from datetime import datetime, timezone

from partyscreen import __version__
from partyscreen.report.visible import visible
from partyscreen.screening.hits import Hit, ScreeningReport

_HOP = re.compile(r" -(.+?)-> ")

STYLE = """
body{font-family:-apple-system,"Segoe UI","Noto Sans","Noto Sans CJK SC","PingFang SC","Microsoft YaHei",sans-serif;
margin:2em;color:#1b1f24;background:#fff}
h1{font-size:1.5em;margin-bottom:.2em} .muted{color:#57606a} table{border-collapse:collapse;width:100%;margin:1em 0}
th,td{border:1px solid #d0d7de;padding:.35em .5em;text-align:left;vertical-align:top;font-size:.9em}
th{background:#f6f8fa} .listed{background:#ffebe9} .affiliate{background:#fff8c5} .possible_affiliate{background:#ddf4ff}
.cards{display:flex;gap:1em;flex-wrap:wrap} .card{border:1px solid #d0d7de;border-radius:6px;padding:.6em 1em;min-width:8em}
.card b{font-size:1.4em;display:block} .hit{border:1px solid #d0d7de;border-radius:6px;padding:1em;margin:1em 0}
pre{white-space:pre-wrap;background:#f6f8fa;padding:.5em;font-size:.8em} .warn{color:#9a6700}
.diagram{display:inline-flex;flex-direction:column;align-items:center;margin:1em 0}
.join{border-top:2px solid #57606a;padding-top:.3em;margin-top:.2em;width:100%}
.legs{display:flex;flex-wrap:wrap;gap:.5em 1.5em;align-items:flex-end}
.leg,.tail{display:flex;flex-direction:column;align-items:center;width:22em}
.node{box-sizing:border-box;width:100%;border:1px solid #57606a;border-radius:5px;padding:.35em .6em;
text-align:center;overflow-wrap:anywhere;font-size:.9em;background:#f6f8fa}
.node .id{display:block;font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.8em;color:#57606a}
.node .tag{display:block;font-size:.75em;color:#57606a}
.node.root{background:#ffebe9} .node.subject{background:#ddf4ff} .node.target{border-width:2px}
.edge{color:#0550ae;font-size:.85em;padding:.15em 0;text-align:center}
.edge::before{content:"\u2193\u00a0";color:#57606a}
"""


def _e(value: object) -> str:
    """Escaped for HTML, invisible and direction-changing characters shown (see ``visible``)."""
    return html.escape(visible(value), quote=True)


def chain_nodes(path: str) -> tuple[list[str], list[str]]:
    """``X -50%-> A -25%-> C`` as nodes ``[X, A, C]`` and edge labels ``[50%, 25%]``."""
    parts = _HOP.split(path)
    return parts[0::2], parts[1::2]


def chain_diagram(hit: Hit) -> str:
    """The ownership of the hit's entity as boxes: one column per leg (listed root at the top, each
    holding with its share), joined at the matched entity, then the name match to the screened party."""
    legs = hit.legs or (((("", hit.entity_id, hit.entity_name),),))
    columns = []
    for leg in legs:
        steps = [leg[0][1:]] + [h[1:] for h in leg[1:-1]]
        shares = [h[0] for h in leg[1:]]
        boxes = []
        for i, (entity_id, name) in enumerate(steps):
            boxes.append(_node(entity_id, name, "root" if i == 0 else "", "listed" if i == 0 else ""))
            if i < len(shares):
                boxes.append(f'<div class="edge">{_e(shares[i])}</div>')
        if len(leg) > 1:
            columns.append(f'<div class="leg">{"".join(boxes)}</div>')
    if hit.more_legs:
        columns.append(f'<div class="leg"><div class="node">{_e(hit.more_legs)} more owner(s): see '
                       f'<code>partyscreen explain {_e(hit.entity_id)}</code></div></div>')
    root_only = len(legs) == 1 and len(legs[0]) == 1
    target = _node(hit.entity_id, hit.entity_name, "target root" if root_only else "target",
                   "listed" if root_only else hit.basis.replace("_", " "))
    join = ""
    if len(columns) > 1:
        stakes = " + ".join(leg[-1][0] for leg in legs) + (f" + {hit.more_legs} more" if hit.more_legs else "")
        join = f'<div class="edge join">together: {_e(stakes)}</div>'
    tail = (f'{join}<div class="tail">{target}<div class="edge">name match {hit.score:.1f}</div>'
            f'<div class="node subject">screened: {_e(hit.subject_name)}'
            + (f'<span class="id">{_e(hit.subject_id)}</span>' if hit.subject_id else "") + "</div></div>")
    legs_html = f'<div class="legs">{"".join(columns)}</div>' if columns else ""
    label = f"ownership of {hit.entity_name} [{hit.entity_id}]"
    return f'<div class="diagram" role="img" aria-label="{_e(label)}">{legs_html}{tail}</div>'


def _node(entity_id: str, name: str, css: str, tag: str) -> str:
    """One box: the entity's name, its id below it, and its role."""
    title = _e(name) if name and name != entity_id else ""
    tag_html = f'<span class="tag">{_e(tag)}</span>' if tag else ""
    return f'<div class="node {css}">{title}<span class="id">{_e(entity_id)}</span>{tag_html}</div>'


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
    diagram = chain_diagram(hit)
    reasons = (f"<tr><th>possible because</th><td>{_e(', '.join(_REASON_TEXT.get(r, r) for r in hit.reasons.split(';')))}</td></tr>"
               if hit.reasons else "")
    return f"""<div class="hit {hit.basis}" id="hit-{number}">
<h3>{number}. row {_e(hit.row)}: {_e(hit.subject_name)} → {_e(hit.entity_name)}</h3>
<table>
<tr><th>score</th><td>{hit.score:.1f} (matched name: {_e(hit.matched_name)})</td></tr>
<tr><th>basis</th><td>{_e(hit.basis)}</td></tr>
<tr><th>outcome</th><td><b>{_e(hit.outcome)}</b></td></tr>
{f'<tr><th>decision</th><td>{_e(hit.decision)}</td></tr>' if hit.decision else ''}
{reasons}
<tr><th>entity</th><td>{_e(hit.entity_name)} <code>{_e(hit.entity_id)}</code></td></tr>
<tr><th>list</th><td>{_e(hit.list_id)}</td></tr>
<tr><th>reference</th><td>{_link_refs(hit.reference)}</td></tr>
<tr><th>ownership path</th><td>{_e(hit.path or '(listed itself)')}</td></tr>
{f'<tr><th>path (ids)</th><td><code>{_e(hit.path_ids)}</code></td></tr>' if hit.path_ids else ''}
</table>
{diagram}
<details><summary>name match explanation</summary><pre>{html.escape(visible(hit.explanation, multiline=True))}</pre></details>
</div>"""


_REASON_TEXT = {
    "range": "range — a recorded share range reaches the threshold only at its top",
    "unknown_remainder": "unknown remainder — capital nobody is recorded for could make up the threshold",
    "lookthrough": "look-through — multiplied-through ownership reaches the threshold",
    "control": "control — a control relation or voting majority the policy does not count",
    "aggregate": "aggregate — only stakes of different listed parties added together reach it",
}
"""Reasons a possible affiliate is only possible, as the report words them."""


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

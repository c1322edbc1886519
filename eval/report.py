"""An eval run (the --json object of `tactful eval` / `python -m eval.care`) as one self-contained HTML page.

    python -m eval.report RUN.json report.html

One file that works offline: inline CSS, plots as inline SVG drawn here (no plotting library, no script, no
web font). Top to bottom: the headline (share of cases passing the care-lead rubric) and key metrics; plots
(key metrics by language, the mood confusion matrix, histograms of chrF and cosine similarity); tables per
split, language, mood and intent; every metric with what it checks; the most common rubric failures; then
every failing case with its post, what was expected and read, the drafts with the guardrail findings marked
in the text, the reference reply, and the rubric's reasons. Every text is escaped and carries `dir` (rtl for
a right-to-left language, else auto) and its `lang`, so Persian reads right to left and Chinese (zh-Hans,
zh-Hant) and Armenian get fonts for their script.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Sequence
from html import escape
from pathlib import Path
from typing import Any, get_args

from assistant.reading import Mood
from guardrails.languages import registry

BY_LANGUAGE = (("care_lead", "rubric"), ("mood", "mood"), ("intent", "intent"), ("draft_language", "draft lang"),
               ("faq_used", "FAQ used"), ("dm_iff_private", "DM iff private"))
"""Metrics of the bar chart by language: (metric, legend)."""
COLUMNS = (("care_lead", "rubric"), ("mood", "mood"), ("intent", "intent"), ("draft_language", "draft lang"),
           ("faq_used", "FAQ used"), ("no_forced_answer", "no forced"), ("dm_iff_private", "DM iff priv"),
           ("escalate", "esc recall"), ("escalation_in_draft", "esc draft"), ("not_blocked", "not blocked"),
           ("similarity_chrf", "chrF"), ("similarity_cosine", "cosine"))
"""Columns of the per-group tables: (metric, header); a metric the run lacks is left out."""
CARDS = ("mood", "intent", "draft_language", "faq_used", "dm_iff_private", "escalate", "not_blocked",
         "similarity_chrf", "similarity_cosine")
SIMILARITY = ("similarity_chrf", "similarity_cosine")
SIMILARITY_TITLES = {"similarity_chrf": "chrF", "similarity_cosine": "e5 cosine"}
PALETTE = ("#1b6ca8", "#e07b39", "#3a9d5d", "#b8405e", "#7d5ba6", "#8c7a3b")
MOODS: tuple[str, ...] = get_args(Mood)
RTL_SCRIPTS = frozenset({"Arab", "Hebr", "Syrc", "Thaa", "Nkoo", "Adlm", "Rohg"})
"""ISO 15924 scripts written right to left."""
GROUP_TITLES = (("split", "split"), ("language", "language"), ("mood", "expected mood"), ("intent", "intent"))

CSS = """
:root{--fg:#1d2329;--muted:#5c6770;--line:#d9dee3;--bg:#f6f7f9;--bad:#b3261e;--warn:#9a6700}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,
"Noto Sans","DejaVu Sans","Noto Sans CJK SC","Noto Sans Armenian","Noto Naskh Arabic","Noto Color Emoji",
sans-serif}
:lang(zh-Hant){font-family:"Noto Sans CJK TC","Noto Sans CJK SC",sans-serif}
main{max-width:1220px;margin:0 auto;padding:24px 28px 60px}
h1{font-size:22px;margin:0 0 2px}h2{font-size:18px;margin:34px 0 10px;border-bottom:2px solid var(--line);
padding-bottom:4px}h3{font-size:15px;margin:0 0 8px}h4{font-size:12px;text-transform:uppercase;
letter-spacing:.04em;color:var(--muted);margin:10px 0 4px}
.run{color:var(--muted);margin:0 0 14px}
.headline{display:flex;align-items:baseline;gap:14px;background:#fff;border:1px solid var(--line);
border-radius:8px;padding:14px 18px}
.big{font-size:44px;font-weight:700;line-height:1}.headline .what{font-size:17px}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(112px,1fr));gap:8px;margin:10px 0}
.card{background:#fff;border:1px solid var(--line);border-radius:6px;padding:8px 10px}
.card b{display:block;font-size:19px}.card span{color:var(--muted);font-size:12px}
.note{background:#fff4e5;border:1px solid #f0c36d;border-radius:6px;padding:8px 12px}
nav a{margin-right:14px}
.plots{display:grid;grid-template-columns:1fr 1fr;gap:14px}
figure{margin:0;background:#fff;border:1px solid var(--line);border-radius:8px;padding:10px}
figure.wide{grid-column:1/-1}figcaption{font-weight:600;margin-bottom:6px}
svg text{font-size:11px;font-family:system-ui,"DejaVu Sans",sans-serif;fill:var(--fg)}
table{border-collapse:collapse;background:#fff;margin:0 0 14px;font-variant-numeric:tabular-nums}
th,td{border:1px solid var(--line);padding:3px 7px;text-align:right;vertical-align:top}
th{background:#eef1f4;font-weight:600}td:first-child,th:first-child{text-align:left}
td.text,th.text{text-align:left;max-width:620px}
.n{color:var(--muted);font-size:11px}
.case{background:#fff;border:1px solid var(--line);border-left:4px solid var(--bad);border-radius:6px;
padding:12px 16px;margin:0 0 12px}
.tags{font-weight:400;color:var(--muted);font-size:12px;margin-left:8px}
.cols{display:grid;grid-template-columns:3fr 2fr;gap:18px}
.post,.draft p,.ref{white-space:pre-wrap;margin:0}
.post{font-size:15px}.thread{color:var(--muted);font-size:12px;margin:0 0 4px}
dl{display:grid;grid-template-columns:auto 1fr;gap:1px 10px;margin:0;font-size:13px}dt{color:var(--muted)}dd{margin:0}
.miss{color:var(--bad);font-weight:600}
.draft{border:1px solid var(--line);border-radius:6px;padding:6px 10px;margin:0 0 6px}
.draft.blocked{border-color:var(--bad);background:#fdf3f2}
.meta{font-size:12px;color:var(--muted);margin-bottom:2px}.meta .blk{color:var(--bad);font-weight:700}
mark{border-radius:2px;padding:0 1px}mark.block{background:#f9c9c5;box-shadow:inset 0 -2px var(--bad)}
mark.warn{background:#fde9a9;box-shadow:inset 0 -2px var(--warn)}
ul.findings{margin:4px 0 0;padding-left:18px;font-size:12px}
ul.reasons{margin:0;padding-left:18px;color:var(--bad)}
.ref{color:#33414d;background:#f3f6f8;border-radius:6px;padding:6px 10px}
"""


def _e(value: Any) -> str:
    return escape(str(value), quote=True)


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{100 * value:.0f}%"


def _value(metric: str, agg: dict[str, Any]) -> float | None:
    """The number a cell shows: recall for detection metrics, else the mean."""
    return agg.get("recall") if "precision" in agg else agg.get("mean")


def _n(agg: dict[str, Any]) -> int:
    return int(agg.get("tp", 0) + agg.get("fn", 0)) if "precision" in agg else int(agg.get("n") or 0)


def _lang(code: str | None, script: str | None = None) -> str:
    """The dir and lang attributes of a text in language `code` (zh with its script as zh-Hans / zh-Hant).

    dir is `rtl` for a language the registry writes in a right-to-left script: `auto` would go by the first
    strong letter, which in a tweet is often the Latin of an @handle, and lay a Persian post out left to right."""
    if not code:
        return ' dir="auto"'
    language = registry().languages.get(code)
    rtl = language is not None and bool(set(language.script) & RTL_SCRIPTS)
    return f' dir="{"rtl" if rtl else "auto"}" lang="{_e(code)}{"-" + _e(script) if script else ""}"'


# --- plots (inline SVG) ----------------------------------------------------------------------------------


def bars_by_language(groups: dict[str, dict[str, Any]], metrics: Sequence[tuple[str, str]]) -> str:
    """Grouped bars: one group per language (most cases first), one bar per metric, 0..100 %."""
    langs = sorted(groups, key=lambda k: (-groups[k]["cases"], k))
    shown = [(m, label) for m, label in metrics if any(m in g["metrics"] for g in groups.values())]
    if not langs or not shown:
        return "<p>no language-labelled cases</p>"
    left, top, height, bar, gap = 44, 34, 220, 14, 22.0
    width = max(left + len(langs) * (len(shown) * bar + gap) + 10, left + 120 * len(shown))
    out = [f'<svg viewBox="0 0 {width} {top + height + 40}" width="{width}" height="{top + height + 40}" '
           'role="img" aria-label="key metrics by language">']
    for i, (_, label) in enumerate(shown):
        lx = left + i * 120
        out.append(f'<rect x="{lx}" y="6" width="10" height="10" fill="{PALETTE[i % len(PALETTE)]}"/>'
                   f'<text x="{lx + 14}" y="15">{_e(label)}</text>')
    for tick in range(0, 101, 25):
        y = top + height - height * tick / 100
        out.append(f'<line x1="{left}" x2="{width - 6}" y1="{y:.1f}" y2="{y:.1f}" stroke="#e3e7eb"/>'
                   f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">{tick}%</text>')
    for j, lang in enumerate(langs):
        x0 = left + gap / 2 + j * (len(shown) * bar + gap)
        for i, (metric, label) in enumerate(shown):
            agg = groups[lang]["metrics"].get(metric) or {}
            value = _value(metric, agg)
            x = x0 + i * bar
            if value is None or not _n(agg):
                out.append(f'<text x="{x + bar / 2:.1f}" y="{top + height - 3}" text-anchor="middle">·</text>')
                continue
            h = max(height * value, 1)
            out.append(f'<rect x="{x:.1f}" y="{top + height - h:.1f}" width="{bar - 2}" height="{h:.1f}" '
                       f'fill="{PALETTE[i % len(PALETTE)]}"><title>{_e(lang)} {_e(label)}: {_pct(value)} '
                       f'of {_n(agg)}</title></rect>')
        cx = x0 + len(shown) * bar / 2
        out.append(f'<text x="{cx:.1f}" y="{top + height + 16}" text-anchor="middle" font-weight="600">'
                   f'{_e(lang)}</text><text x="{cx:.1f}" y="{top + height + 30}" text-anchor="middle">'
                   f'{groups[lang]["cases"]} cases</text>')
    return "".join(out) + "</svg>"


def confusion_matrix(table: dict[str, dict[str, int]], order: Sequence[str] = MOODS) -> str:
    """Expected (rows) against read (columns); a cell's shade is its share of the row, the diagonal is framed."""
    labels = [m for m in order if m in table or any(m in row for row in table.values())]
    labels += sorted(({k for row in table.values() for k in row} | set(table)) - set(labels))
    if not labels:
        return "<p>no mood-labelled cases</p>"
    cell, left, top = 46, 92, 70
    size = left + cell * len(labels) + 56
    out = [f'<svg viewBox="0 0 {size} {top + cell * len(labels) + 10}" width="{size}" '
           f'height="{top + cell * len(labels) + 10}" role="img" aria-label="mood confusion matrix">',
           f'<text x="{left + cell * len(labels) / 2}" y="12" text-anchor="middle" font-weight="600">'
           'read by Tactful →</text>']
    for j, label in enumerate(labels):
        x = left + j * cell + cell / 2
        out.append(f'<text x="{x}" y="{top - 6}" transform="rotate(-35 {x} {top - 6})">{_e(label)}</text>')
    for i, expected in enumerate(labels):
        row = table.get(expected, {})
        total = sum(row.values())
        y = top + i * cell
        out.append(f'<text x="{left - 6}" y="{y + cell / 2 + 4}" text-anchor="end">{_e(expected)}</text>')
        for j, got in enumerate(labels):
            count = row.get(got, 0)
            share = count / total if total else 0.0
            fill = f"rgba(27,108,168,{0.08 + 0.85 * share:.2f})" if count else "#fafbfc"
            stroke = ' stroke="#1d2329" stroke-width="2"' if i == j else ' stroke="#fff"'
            colour = "#fff" if share > 0.55 else "#1d2329"
            out.append(f'<rect x="{left + j * cell}" y="{y}" width="{cell}" height="{cell}" fill="{fill}"{stroke}>'
                       f'<title>expected {_e(expected)}, read {_e(got)}: {count} of {total}</title></rect>')
            if count:
                out.append(f'<text x="{left + j * cell + cell / 2}" y="{y + cell / 2 + 4}" text-anchor="middle" '
                           f'style="fill:{colour}">{count}</text>')
        out.append(f'<text x="{left + cell * len(labels) + 6}" y="{y + cell / 2 + 4}" class="n">'
                   f'{_pct(row.get(expected, 0) / total if total else None)}</text>')
    out.append(f'<text x="12" y="{top + cell * len(labels) / 2}" font-weight="600" '
               f'transform="rotate(-90 12 {top + cell * len(labels) / 2})" text-anchor="middle">expected ↓</text>')
    return "".join(out) + "</svg>"


def histogram(values: Sequence[float], title: str, colour: str, bins: int = 20) -> str:
    """Counts of `values` in `bins` equal bins over their range (rounded out to 0.05), with the mean marked."""
    if not values:
        return f"<p>no {_e(title)} scores (no case has a reference, or the metric was off)</p>"
    lo = max(0.0, int(min(values) * 20) / 20)
    hi = min(1.0, max(lo + 0.05, -int(-max(values) * 20) / 20))
    step = (hi - lo) / bins
    counts = [0] * bins
    for v in values:
        counts[min(bins - 1, int((v - lo) / step))] += 1
    left, top, width, height = 40, 22, 500, 150
    peak = max(counts)
    out = [f'<svg viewBox="0 0 {left + width + 12} {top + height + 34}" width="{left + width + 12}" '
           f'height="{top + height + 34}" role="img" aria-label="{_e(title)} histogram">',
           f'<text x="{left}" y="12" font-weight="600">{_e(title)}: {len(values)} cases, mean '
           f'{sum(values) / len(values):.3f}</text>']
    for k in range(5):
        y = top + height - height * k / 4
        out.append(f'<line x1="{left}" x2="{left + width}" y1="{y:.1f}" y2="{y:.1f}" stroke="#e3e7eb"/>'
                   f'<text x="{left - 5}" y="{y + 4:.1f}" text-anchor="end">{round(peak * k / 4)}</text>')
    w = width / bins
    for i, count in enumerate(counts):
        h = height * count / peak if peak else 0
        out.append(f'<rect x="{left + i * w + 1:.1f}" y="{top + height - h:.1f}" width="{w - 2:.1f}" '
                   f'height="{h:.1f}" fill="{colour}"><title>{lo + i * step:.2f}–{lo + (i + 1) * step:.2f}: '
                   f'{count}</title></rect>')
    for k in range(0, bins + 1, 4):
        out.append(f'<text x="{left + k * w:.1f}" y="{top + height + 14}" text-anchor="middle">'
                   f'{lo + k * step:.2f}</text>')
    mean_x = left + (sum(values) / len(values) - lo) / (hi - lo) * width
    out.append(f'<line x1="{mean_x:.1f}" x2="{mean_x:.1f}" y1="{top}" y2="{top + height}" stroke="#1d2329" '
               'stroke-dasharray="4 3"/>')
    return "".join(out) + "</svg>"


# --- tables ----------------------------------------------------------------------------------------------


def _cell(metric: str, agg: dict[str, Any] | None) -> str:
    if not agg or not _n(agg) or _value(metric, agg) is None:
        return "<td>—</td>"
    value = float(_value(metric, agg) or 0.0)
    if metric in SIMILARITY:
        return f"<td>{value:.3f}</td>"
    shade = f"hsl({int(120 * value)},62%,{88 + 4 * (1 - abs(value - 0.5) * 2):.0f}%)"
    return f'<td style="background:{shade}">{_pct(value)} <span class="n">{_n(agg)}</span></td>'


def group_table(groups: dict[str, dict[str, Any]], present: set[str]) -> str:
    cols = [(m, h) for m, h in COLUMNS if m in present]
    head = "".join(f"<th>{_e(h)}</th>" for _, h in cols)
    rows = "".join(f"<tr><td>{_e(k)}</td><td>{g['cases']}</td>"
                   + "".join(_cell(m, g["metrics"].get(m)) for m, _ in cols) + "</tr>" for k, g in groups.items())
    return f"<table><tr><th></th><th>cases</th>{head}</tr>{rows}</table>"


def metrics_table(doc: dict[str, Any]) -> str:
    info = doc.get("metric_info") or {}
    rows = []
    for name, agg in doc["metrics"].items():
        what = (info.get(name) or {}).get("description", "")
        if "precision" in agg:
            shown = (f"recall {_pct(agg.get('recall'))}, precision {_pct(agg.get('precision'))}"
                     f" <span class=n>tp {agg['tp']} fp {agg['fp']} fn {agg['fn']} tn {agg['tn']}</span>")
        elif name in SIMILARITY:
            shown = "—" if agg.get("mean") is None else f"mean {agg['mean']:.3f}"
        else:
            shown = _pct(agg.get("mean"))
        rows.append(f"<tr><td>{_e(name)}</td><td>{shown}</td><td>{agg.get('n', 0)}</td>"
                    f'<td class="text">{_e(what)}</td></tr>')
    return ('<table><tr><th>metric</th><th>value</th><th>cases</th><th class="text">passes when</th></tr>'
            + "".join(rows) + "</table>")


def reasons_table(doc: dict[str, Any], failing: Sequence[dict[str, Any]]) -> str:
    if not doc.get("failures"):
        return "<p>none</p>"
    rows = []
    for reason, count in doc["failures"]:
        ids = [c["id"] for c in failing if reason in _reasons(c)][:6]
        links = " ".join(f'<a href="#case-{_e(i)}">{_e(i)}</a>' for i in ids)
        rows.append(f'<tr><td>{count}</td><td class="text">{_e(reason)}</td><td class="text">{links}</td></tr>')
    head = '<tr><th>cases</th><th class="text">rubric check: reason</th><th class="text">first cases</th></tr>'
    return f"<table>{head}{''.join(rows)}</table>"


# --- failing cases ---------------------------------------------------------------------------------------


def _reasons(case: dict[str, Any]) -> list[str]:
    rubric = (case.get("scores") or {}).get("care_lead") or {}
    return list(rubric.get("failed") or ([] if rubric.get("passed") is not False else [rubric.get("reason", "")]))


def highlight(text: str, findings: Iterable[dict[str, Any]]) -> str:
    """`text` escaped, each finding's span in a <mark> (block over warn) whose title names the rule and why."""
    spans = [(max(0, int(f.get("start") or 0)), min(len(text), int(f.get("end") or 0)), f) for f in findings]
    spans = [s for s in spans if s[0] < s[1]]
    cuts = sorted({0, len(text), *(s[0] for s in spans), *(s[1] for s in spans)})
    out = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        covering = [f for start, end, f in spans if start < b and end > a]
        piece = _e(text[a:b])
        if covering:
            severity = "block" if any(f.get("severity") == "block" for f in covering) else "warn"
            title = "; ".join(f"{f.get('rule')} ({f.get('severity')}): {f.get('message')}" for f in covering)
            piece = f'<mark class="{severity}" title="{_e(title)}">{piece}</mark>'
        out.append(piece)
    return "".join(out)


def _dl(items: dict[str, Any], wrong: Iterable[str] = ()) -> str:
    def show(v: Any) -> str:
        if isinstance(v, list | tuple):
            return ", ".join(map(str, v)) or "none"
        return str(v).lower() if isinstance(v, bool) else str(v)

    wrong = set(wrong)
    return "<dl>" + "".join(f"<dt>{_e(k)}</dt><dd{' class=miss' if k in wrong else ''}>{_e(show(v))}</dd>"
                            for k, v in items.items()) + "</dl>"


def case_block(case: dict[str, Any]) -> str:
    """One failing case: post, expected and read, drafts with findings, reference, and why it fails."""
    exp, read = case.get("expected") or {}, case.get("read") or {}
    lang = _lang(exp.get("lang"), exp.get("script"))
    tags = " · ".join(_e(v) for v in (case.get("brand"), case.get("split"), case.get("channel"), exp.get("lang"),
                                      exp.get("intent"), exp.get("mood")) if v)
    thread = "".join(f'<p class="thread"{lang}>{_e(t["role"])}: {_e(t["text"])}</p>'
                     for t in case.get("thread") or ())
    read_map = {"lang": read.get("language"), "mood": read.get("mood"), "intent": read.get("intent"),
                "private": read.get("private"), "flags": read.get("flags") or [], "faq": read.get("faq") or []}
    wrong = {k for k in ("lang", "mood", "intent", "private") if k in exp and exp[k] != read_map[k]}
    drafts = []
    for d in case.get("drafts") or ():
        script = exp.get("script") if d.get("language") == exp.get("lang") else None
        meta = [d.get("visibility") or "", d.get("language") or ""]
        if d.get("faq_ids"):
            meta.append("FAQ " + ", ".join(d["faq_ids"]))
        blocked = '<span class="blk">BLOCKED</span> · ' if d.get("blocked") else ""
        findings = "".join(f"<li><b>{_e(f.get('rule'))}</b> ({_e(f.get('severity'))}): {_e(f.get('message'))}</li>"
                           for f in d.get("findings") or ())
        drafts.append(f'<div class="draft{" blocked" if d.get("blocked") else ""}"><div class="meta">{blocked}'
                      f'{_e(" · ".join(m for m in meta if m))}</div><p{_lang(d.get("language"), script)}>'
                      f'{highlight(str(d.get("text") or ""), d.get("findings") or ())}</p>'
                      + (f'<ul class="findings">{findings}</ul>' if findings else "") + "</div>")
    if not drafts:
        drafts.append(f"<p class=miss>no drafts{': ' + _e(case['error']) if case.get('error') else ''}</p>")
    others = [f"{k}: {s.get('reason', '')}" for k, s in (case.get("scores") or {}).items()
              if k != "care_lead" and s.get("passed") is False]
    reasons = "".join(f"<li>{_e(r)}</li>" for r in _reasons(case)) or "<li>could not be drafted</li>"
    reference = (f'<h4>Reference reply (a real agent)</h4><p class="ref"{lang}>{_e(case["reference"])}</p>'
                 if case.get("reference") else "")
    return (f'<article class="case" id="case-{_e(case["id"])}"><h3>{_e(case["id"])}<span class="tags">{tags}'
            f'</span></h3><div class="cols"><div><h4>Post{" by " + _e(case["author"]) if case.get("author") else ""}'
            f'</h4>{thread}<p class="post"{lang}>{_e(case.get("text", ""))}</p><h4>Drafts</h4>'
            f'{"".join(drafts)}{reference}</div><div><h4>Why it fails the rubric</h4><ul class="reasons">{reasons}'
            f'</ul><h4>Expected</h4>{_dl(exp)}<h4>Read</h4>{_dl(read_map, wrong)}'
            + (f'<h4>Other metrics failed</h4><ul class="findings">{"".join(f"<li>{_e(o)}</li>" for o in others)}'
               "</ul>" if others else "") + "</div></div></article>")


# --- the page --------------------------------------------------------------------------------------------


def render(doc: dict[str, Any]) -> str:
    """The whole page for one run's --json object."""
    head, run, metrics = doc["headline"], doc.get("run") or {}, doc["metrics"]
    cases = doc.get("cases") or []
    failing = [c for c in cases if ((c.get("scores") or {}).get("care_lead") or {}).get("passed") is False
               or c.get("error")]
    share = _pct(head.get("share")) if head.get("share") is None else f"{100 * head['share']:.1f}%"
    run_bits = [", ".join(map(str, run.get("cases_files") or ())), f"split {run['split']}" if run.get("split")
                else "", f"backend {run['backend']}" if run.get("backend") else "",
                f"{head['cases']} cases", f"{run['seconds']:.0f} s" if run.get("seconds") else "",
                "cosine off" if run.get("cosine") is False else ""]
    cards = []
    for name in CARDS:
        agg = metrics.get(name)
        if not agg:
            continue
        if "precision" in agg:
            shown, sub = _pct(agg.get("recall")), f"{name} recall · precision {_pct(agg.get('precision'))}"
        elif name in SIMILARITY:
            shown, sub = ("—" if agg.get("mean") is None else f"{agg['mean']:.3f}"), name
        else:
            shown, sub = _pct(agg.get("mean")), name
        cards.append(f'<div class="card"><b>{shown}</b><span>{_e(sub)} · {_n(agg)} cases</span></div>')
    errors = (f'<p class="note">{doc["errors"]} cases could not be drafted (scored as having no drafts); first: '
              f'{_e(str(doc.get("first_error") or "").splitlines()[0])}</p>' if doc.get("errors") else "")
    groups = doc.get("groups") or {}
    sims = [(name, [float(c["scores"][name]["value"]) for c in cases
                    if (c.get("scores") or {}).get(name, {}).get("value") is not None]) for name in SIMILARITY]
    plots = (f'<figure class="wide"><figcaption>Key metrics by language (rubric pass, reading, drafts)'
             f'</figcaption>{bars_by_language(groups.get("language") or {}, BY_LANGUAGE)}</figure>'
             f'<figure><figcaption>Mood: expected against read (row share shaded, diagonal framed)</figcaption>'
             f'{confusion_matrix((doc.get("confusion") or {}).get("mood") or {})}</figure>'
             "<figure><figcaption>Similarity of the first public draft to the reference reply</figcaption>"
             + "".join(histogram(v, SIMILARITY_TITLES[n], PALETTE[i]) for i, (n, v) in enumerate(sims)
                       if n in metrics) + "</figure>")
    tables = "".join(f"<h3>By {title}</h3>{group_table(groups[key], set(metrics))}"
                     for key, title in GROUP_TITLES if groups.get(key))
    title = f"Tactful eval: {share} pass the care-lead rubric"
    return (f'<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" '
            f'content="width=device-width,initial-scale=1"><title>{_e(title)}</title><style>{CSS}</style></head>'
            f'<body><main><h1>Tactful eval</h1><p class="run">{_e(" · ".join(b for b in run_bits if b))}</p>'
            f'<div class="headline"><span class="big">{share}</span><span class="what">of cases pass the care-lead '
            f'rubric <span class="n">({head["passed"]} of {head["cases"]})</span></span></div>'
            f'<div class="cards">{"".join(cards)}</div>{errors}'
            f'<nav><a href="#plots">Plots</a><a href="#tables">Tables</a><a href="#metrics">Metrics</a>'
            f'<a href="#reasons">Rubric failures</a><a href="#failing">Failing cases ({len(failing)})</a></nav>'
            f'<h2 id="plots">Plots</h2><div class="plots">{plots}</div>'
            f'<h2 id="tables">Per split, language, mood and intent</h2>{tables}'
            f'<h2 id="metrics">Every metric</h2>{metrics_table(doc)}'
            f'<h2 id="reasons">Most common rubric failures</h2>{reasons_table(doc, failing)}'
            f'<h2 id="failing">Failing cases ({len(failing)} of {head["cases"]})</h2>'
            + ("".join(case_block(c) for c in failing) or "<p>none: every case passes the rubric</p>")
            + "</main></body></html>\n")


def write(doc: dict[str, Any], path: Path) -> None:
    """Write the page; OSError is the caller's to report."""
    path.write_text(render(doc), encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.report", description=__doc__.split("\n\n")[0])
    parser.add_argument("run", type=Path, help="a run's --json (full, with cases)")
    parser.add_argument("out", type=Path, help="the HTML file to write")
    args = parser.parse_args(argv)
    try:
        write(json.loads(args.run.read_text(encoding="utf-8")), args.out)
    except (OSError, json.JSONDecodeError, KeyError) as exc:
        print(f"error: {exc}; pass the --json a run wrote and a writable HTML path", file=sys.stderr)
        return 2
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Write the evaluation as Markdown and as one self-contained HTML page."""
import base64
import html
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence

from spacy import displacy
from spacy.tokens import Doc

from ..relations.records import get_relations
from ..schema import ENTITY_LABELS, RELATION_LABELS

Table = List[List[str]]


def _fmt(x: Any) -> str:
    return f"{x:.3f}" if isinstance(x, float) else str(x)


def _prf_rows(scores: Dict[str, Dict[str, float]], labels: Sequence[str]) -> Table:
    rows = []
    for label in [*labels, "ALL"]:
        if label in scores:
            s = scores[label]
            rows.append([label if label != "ALL" else "micro", _fmt(s["p"]), _fmt(s["r"]), _fmt(s["f"]), str(s["tp"] + s["fn"])])
    return rows


def _dataset_tables(name: str, result: Dict[str, Any]) -> List[tuple]:
    e2e = result["end_to_end"]
    sections = [
        (f"Entities, strict ({name})", ["label", "P", "R", "F1", "gold"], _prf_rows(e2e["entities"]["strict"], ENTITY_LABELS)),
        (f"Entities, lenient / overlap ({name})", ["label", "P", "R", "F1", "gold"], _prf_rows(e2e["entities"]["lenient"], ENTITY_LABELS)),
        (f"Entities, rule-only baseline, strict ({name})", ["label", "P", "R", "F1", "gold"], _prf_rows(result["rule_baseline"]["entities"]["strict"], ENTITY_LABELS)),
        (f"Relations with gold entities ({name})", ["label", "P", "R", "F1", "gold"], _prf_rows(result["gold_entities"]["relations"], RELATION_LABELS)),
        (f"Relations end to end ({name})", ["label", "P", "R", "F1", "gold"], _prf_rows(e2e["relations"], RELATION_LABELS)),
    ]
    if "relation_baseline" in result:
        base = result["relation_baseline"]
        sections += [
            (f"Relation baseline (tutorial-style) with gold entities ({name})", ["label", "P", "R", "F1", "gold"], _prf_rows(base["gold_entities"], RELATION_LABELS)),
            (f"Relation baseline (tutorial-style) end to end ({name})", ["label", "P", "R", "F1", "gold"], _prf_rows(base["end_to_end"], RELATION_LABELS)),
        ]
    triples = [["pipeline, end to end", *[_fmt(e2e["triples"][k]) for k in ("p", "r", "f")]],
               ["pipeline, gold entities", *[_fmt(result["gold_entities"]["triples"][k]) for k in ("p", "r", "f")]]]
    if "relation_baseline" in result:
        triples.append(["tutorial baseline, end to end", *[_fmt(result["relation_baseline"]["triples_end_to_end"][k]) for k in ("p", "r", "f")]])
    sections.append((f"Outcome triples (statistic, endpoint, drug) ({name})", ["", "P", "R", "F1"], triples))
    labels = [*ENTITY_LABELS, "O"]
    conf = result["confusion"]
    sections.append(
        (
            f"Entity confusion: gold label (rows) by predicted label for the same span; O = no span ({name})",
            ["gold \\ predicted", *labels],
            [[g, *[str(conf.get(g, {}).get(p, 0)) for p in labels]] for g in labels],
        )
    )
    return sections


def _md_table(header: List[str], rows: Table) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(lines)


def _html_table(header: List[str], rows: Table) -> str:
    head = "".join(f"<th>{html.escape(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in r) + "</tr>" for r in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _error_groups(result: Dict[str, Any]) -> Dict[str, List[Dict[str, Any]]]:
    groups: Dict[str, List[Dict[str, Any]]] = {}
    for e in result["errors"]["entities"]:
        groups.setdefault(f"entity {e['kind']}", []).append(e)
    for e in result["errors"]["relations"]:
        groups.setdefault(f"relation {e['kind']}", []).append(e)
    return groups


def _error_line(e: Dict[str, Any]) -> str:
    if "head" in e:
        return f"{e['label']}: {e['head']!r} -> {e['child']!r} | {e['doc']} | {e['sentence']}"
    extra = f" (predicted {e['predicted']})" if e["predicted"] else ""
    return f"{e['label']}: {e['text']!r}{extra} | {e['doc']} | {e['sentence']}"


def relation_arcs_svg(doc: Doc, max_sentences: int = 3) -> List[str]:
    """displaCy (manual dependency mode) drawings: entities as words, relations as arcs."""
    relations = get_relations(doc)
    svgs = []
    for sent in doc.sents:
        rels = [r for r in relations if r.head.start >= sent.start and r.head.end <= sent.end]
        if not rels:
            continue
        words, index = [], {}
        i = sent.start
        ents = {e.start: e for e in sent.ents}
        while i < sent.end:
            if i in ents:
                index[ents[i].start] = len(words)
                words.append({"text": ents[i].text, "tag": ents[i].label_})
                i = ents[i].end
            else:
                if not doc[i].is_space:
                    words.append({"text": doc[i].text, "tag": ""})
                i += 1
        arcs = []
        for r in rels:
            h, c = index.get(r.head.start), index.get(r.child.start)
            if h is None or c is None:
                continue
            arcs.append({"start": min(h, c), "end": max(h, c), "label": r.label, "dir": "right" if c > h else "left"})
        svgs.append(displacy.render({"words": words, "arcs": arcs}, style="dep", manual=True, options={"compact": True, "distance": 95}, jupyter=False))
        if len(svgs) >= max_sentences:
            break
    return svgs


def write_reports(
    metrics: Dict[str, Any], results: Dict[str, Dict[str, Any]], out_dir: Path, learning_curve_png: Optional[Path] = None, n_rendered: int = 2
) -> None:
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    md = [f"# Evaluation of `{metrics['model']['name']}` {metrics['model']['version']}", ""]
    md.append(f"Model: `{metrics['model']['path']}`. Produced by `spacy project run evaluate`; every number below comes from that run.")
    md.append("")
    for note in metrics.get("notes", []):
        md.append(f"- {note}")
    md.append("")
    parts_html = [f"<h1>Evaluation of {html.escape(metrics['model']['name'])} {html.escape(metrics['model']['version'])}</h1>"]
    parts_html.append(f"<p>Model: <code>{html.escape(metrics['model']['path'])}</code>. Produced by <code>spacy project run evaluate</code>.</p>")
    parts_html += [f"<p>{html.escape(n)}</p>" for n in metrics.get("notes", [])]
    variants = metrics.get("dev_scores_by_variant") or {}
    if variants:
        header = ["training variant", "dev entities F1", "dev relations F1 (end to end)"]
        rows = [[name, _fmt(v["ents_f"] or 0.0), _fmt(v["rel_micro_f"] or 0.0)] for name, v in variants.items()]
        title = "Training variants, scored on the dev split during training"
        md += [f"## {title}", "", _md_table(header, rows), ""]
        parts_html.append(f"<h2>{title}</h2>{_html_table(header, rows)}")
    for name, result in results.items():
        md += [f"## {name}", "", f"{result['documents']} documents, {result['words']} words; pipeline speed {result['words_per_second']:.0f} words/s.", ""]
        parts_html.append(f"<h2>{html.escape(name)}</h2><p>{result['documents']} documents, {result['words']} words; pipeline speed {result['words_per_second']:.0f} words/s.</p>")
        for title, header, rows in _dataset_tables(name, result):
            md += [f"### {title}", "", _md_table(header, rows), ""]
            parts_html.append(f"<h3>{html.escape(title)}</h3>{_html_table(header, rows)}")
        predicted: List[Doc] = result.get("_predicted", [])
        rendered = [d for d in predicted if get_relations(d)][:n_rendered]
        if rendered:
            parts_html.append(f"<h3>Rendered predictions ({html.escape(name)})</h3>")
            for doc in rendered:
                parts_html.append('<div class="ents">' + displacy.render(doc, style="ent", jupyter=False) + "</div>")
                parts_html += [f'<div class="arcs">{svg}</div>' for svg in relation_arcs_svg(doc)]
        md += [f"### Errors ({name})", ""]
        parts_html.append(f"<h3>Errors ({html.escape(name)})</h3>")
        for group, errors in sorted(_error_groups(result).items()):
            md += [f"#### {group}: {len(errors)}", ""] + [f"- {_error_line(e)}" for e in errors] + [""]
            items = "".join(f"<li>{html.escape(_error_line(e))}</li>" for e in errors)
            parts_html.append(f"<details><summary>{html.escape(group)}: {len(errors)}</summary><ul>{items}</ul></details>")
    if learning_curve_png is not None and Path(learning_curve_png).exists():
        data = base64.b64encode(Path(learning_curve_png).read_bytes()).decode("ascii")
        md += ["## Learning curve", "", f"![learning curve]({Path(learning_curve_png).name})", ""]
        parts_html.append(f'<h2>Learning curve</h2><img alt="learning curve" src="data:image/png;base64,{data}">')
    (out_dir / "evaluation.md").write_text("\n".join(md) + "\n", encoding="utf-8")
    style = "body{font-family:sans-serif;max-width:1200px;margin:auto}table{border-collapse:collapse;margin:8px 0}td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}td:first-child{text-align:left}.arcs{overflow-x:auto}"
    page = f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>Evaluation</title><style>{style}</style></head><body>{''.join(parts_html)}</body></html>"
    (out_dir / "evaluation.html").write_text(page, encoding="utf-8")

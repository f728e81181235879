"""Inter-annotator agreement between the corpus (annotator A, as it stood before adjudication,
snapshotted in corpus/iaa/a) and an independent second annotation (corpus/iaa/b).

For every document annotated twice, strict span F1 (same offsets and label) and
relation F1 (same spans at both ends and the same label), per label and micro-averaged;
F1 is symmetric, so it does not matter which annotator plays gold. Texts must match
exactly. Writes a JSON report and prints a Markdown table.
"""
import json
from pathlib import Path

import typer

from trial_outcomes.corpus.build import load_corpus
from trial_outcomes.evaluation.scoring import Annotations, entity_scores, relation_scores


def main(
    first: Path = typer.Option(Path("corpus/iaa/a"), help="annotator A: the corpus documents as they stood before adjudication"),
    second: Path = typer.Option(Path("corpus/iaa/b"), help="the second annotation (annotator B)"),
    out: Path = typer.Option(Path("corpus/iaa/agreement.json"), help="report to write"),
) -> None:
    docs_a, errors_a = load_corpus(first)
    docs_b, errors_b = load_corpus(second)
    if errors_a or errors_b:
        for err in errors_a + errors_b:
            typer.echo(str(err), err=True)
        raise typer.Exit(1)
    by_id = {d.id: d for d in docs_a}
    pairs, excluded = [], []
    for doc_b in docs_b:
        doc_a = by_id.get(doc_b.id)
        if doc_a is None:
            excluded.append({"id": doc_b.id, "reason": f"no document with this id in {first}"})
        elif doc_a.text != doc_b.text:
            excluded.append({"id": doc_b.id, "reason": f"the text differs from {doc_a.path} (edited after the second annotation began)"})
        else:
            pairs.append((Annotations.from_gold(doc_a), Annotations.from_gold(doc_b)))
    for item in excluded:
        typer.echo(f"excluded {item['id']}: {item['reason']}", err=True)
    spans = entity_scores(pairs)["strict"]
    relations = relation_scores(pairs)
    report = {
        "documents": len(pairs),
        "excluded": excluded,
        "spans": {label: prf.to_dict() for label, prf in spans.items()},
        "relations": {label: prf.to_dict() for label, prf in relations.items()},
    }
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    typer.echo(f"{len(pairs)} documents annotated twice")
    typer.echo("| | F1 | A's | B's |\n|---|---|---|---|")
    for kind, table in (("span", spans), ("relation", relations)):
        for label, prf in sorted(table.items(), key=lambda kv: kv[0] != "ALL"):
            typer.echo(f"| {kind} {label} | {prf.f1:.3f} | {prf.tp + prf.fn} | {prf.tp + prf.fp} |")


if __name__ == "__main__":
    typer.run(main)

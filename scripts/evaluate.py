"""Evaluate the pipeline on the test split and on every real-text file in ../shared/eval.

Writes training/metrics.json (every number, machine-readable) and
reports/evaluation.md + reports/evaluation.html (tables, errors, renderings).
"""
import hashlib
import json
from pathlib import Path
from typing import Any, Dict, List, Optional

import spacy
import typer

from trial_outcomes.evaluation.report import write_reports
from trial_outcomes.evaluation.run import evaluate_dataset, load_dataset


def _sha1(path: Path) -> str:
    return hashlib.sha1(path.read_bytes()).hexdigest()


def main(
    model: Path = typer.Argument(..., help="trained pipeline"),
    test: Path = typer.Option(..., help="test split in the eval JSONL form"),
    real_dir: Path = typer.Option(Path("../shared/eval"), help="directory of real-text gold JSONL files"),
    baseline_rel: Optional[Path] = typer.Option(None, help="tutorial-style relation baseline pipeline"),
    metrics_path: Path = typer.Option(Path("training/metrics.json"), "--metrics", help="where the metrics go"),
    reports: Path = typer.Option(Path("reports"), help="where evaluation.md and evaluation.html go"),
    learning_curve: Path = typer.Option(Path("reports/learning_curve.png"), help="plot to embed when it exists"),
    variant: List[str] = typer.Option([], help="NAME=PATH of another trained pipeline whose dev scores to list (e.g. with vectors)"),
) -> None:
    nlp = spacy.load(model)
    baseline = spacy.load(baseline_rel) if baseline_rel is not None and baseline_rel.exists() else None
    datasets = {"test split": test}
    notes = []
    if real_dir.is_dir() and sorted(real_dir.glob("*.jsonl")):
        for path in sorted(real_dir.glob("*.jsonl")):
            datasets[f"real text: {path.name}"] = path
    else:
        notes.append(f"No real-text evaluation: {real_dir} is absent or holds no .jsonl file.")
    if baseline is None:
        notes.append("No relation baseline was given, so its rows are missing.")
    results: Dict[str, Dict[str, Any]] = {}
    for name, path in datasets.items():
        typer.echo(f"evaluating on {name} ({path}) ...")
        results[name] = evaluate_dataset(nlp, load_dataset(path), baseline)
    variants = {"default (this model)": model}
    for item in variant:
        name, _, path = item.partition("=")
        variants[name] = Path(path)
    dev_scores = {}
    for name, path in variants.items():
        meta_path = path / "meta.json"
        if meta_path.exists():
            performance = json.loads(meta_path.read_text())["performance"]
            dev_scores[name] = {"ents_f": performance.get("ents_f"), "rel_micro_f": performance.get("rel_micro_f"), "path": str(path)}
        else:
            notes.append(f"Variant {name!r} was not trained ({path} is absent): run its project command to compare.")
    metrics = {
        "dev_scores_by_variant": dev_scores,
        "model": {"path": str(model), "name": nlp.meta.get("name", ""), "version": nlp.meta.get("version", ""), "pipeline": nlp.pipe_names},
        "relation_thresholds": nlp.get_pipe("relation_extractor").thresholds if "relation_extractor" in nlp.pipe_names else None,
        "data": {name: {"path": str(path), "sha1": _sha1(path)} for name, path in datasets.items()},
        "notes": notes,
        "results": {
            name: {
                **{k: v for k, v in r.items() if not k.startswith("_") and k != "errors"},
                "error_counts": {kind: len(v) for kind, v in r["errors"].items()},
            }
            for name, r in results.items()
        },
    }
    metrics_path.parent.mkdir(parents=True, exist_ok=True)
    metrics_path.write_text(json.dumps(metrics, indent=2) + "\n", encoding="utf-8")
    write_reports(metrics, results, reports, learning_curve)
    for name, r in results.items():
        ents = r["end_to_end"]["entities"]["strict"].get("ALL", {})
        rels = r["end_to_end"]["relations"].get("ALL", {})
        typer.echo(f"{name}: entities F1 {ents.get('f', 0):.3f}; relations end to end F1 {rels.get('f', 0):.3f}")


if __name__ == "__main__":
    typer.run(main)

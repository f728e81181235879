"""Tune the relation extractor's per-label thresholds on dev and save the final pipeline."""
from pathlib import Path

import spacy
import typer

from trial_outcomes.readers import read_reference_docs
from trial_outcomes.relations.thresholds import tune_thresholds


def main(
    model: Path = typer.Argument(..., help="trained pipeline (checkpoint) to tune"),
    dev: Path = typer.Argument(..., help="dev split (.spacy or .jsonl)"),
    output: Path = typer.Argument(..., help="where the tuned pipeline is written"),
    component: str = typer.Option("relation_extractor", help="name of the relation component"),
    name: str = typer.Option("trial_outcomes_sle", help="pipeline name for meta.json"),
    version: str = typer.Option("0.1.0", help="pipeline version for meta.json"),
) -> None:
    nlp = spacy.load(model)
    nlp.meta.update(
        {
            "name": name,
            "version": version,
            "description": "Entities (DRUG, DOSE, ENDPOINT, POPULATION, STATISTIC), relations and outcome records from clinical-trial text",
            "license": "MIT",
        }
    )
    results = tune_thresholds(nlp, component, read_reference_docs(dev, nlp))
    nlp.meta.setdefault("trial_outcomes", {})["relation_thresholds"] = results
    nlp.to_disk(output)
    for label, r in results.items():
        typer.echo(f"{label:10} threshold {r['threshold']:.3f} (was {r['previous_threshold']:.2f}); dev F1 {r['dev_f1_at_threshold']:.3f} over {r['dev_gold']} gold")


if __name__ == "__main__":
    typer.run(main)

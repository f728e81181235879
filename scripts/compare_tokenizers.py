"""Count the gold span boundaries each candidate tokenizer cannot produce.

Compares spaCy's English tokenizer, scispacy's combined_rule_tokenizer and this
project's tokenizer on the corpus and on every real-text file in ../shared/eval.
Writes training/tokenizers.json and prints a table.
"""
import json
from pathlib import Path
from typing import Dict, List

import spacy
import typer
from scispacy.custom_tokenizer import combined_rule_tokenizer

from trial_outcomes.corpus.build import load_corpus
from trial_outcomes.corpus.convert import unreachable_boundaries
from trial_outcomes.corpus.jsonl import read_jsonl
from trial_outcomes.corpus.model import AnnotatedDoc
from trial_outcomes.tokenizer import blank_pipeline


def tokenizers() -> Dict[str, spacy.Language]:
    spacy_default = spacy.blank("en")
    scispacy = spacy.blank("en")
    scispacy.tokenizer = combined_rule_tokenizer(scispacy)
    return {"spaCy English": spacy_default, "scispacy combined_rule_tokenizer": scispacy, "trial_outcomes": blank_pipeline()}


def count(nlp: spacy.Language, docs: List[AnnotatedDoc]) -> Dict[str, object]:
    misses = [e for d in docs for e in unreachable_boundaries(nlp.make_doc(d.text), d)]
    return {"spans": sum(len(d.spans) for d in docs), "unreachable": len(misses), "examples": [e.message for e in misses[:5]]}


def main(
    docs_dir: Path = typer.Option(Path("corpus/docs"), "--docs"),
    real_dir: Path = typer.Option(Path("../shared/eval"), "--real-dir"),
    out: Path = typer.Option(Path("training/tokenizers.json"), "--out"),
) -> None:
    corpus, errors = load_corpus(docs_dir)
    if errors:
        raise typer.BadParameter(f"the corpus has {len(errors)} problem(s); run the corpus check first")
    datasets = {"corpus": corpus}
    for path in sorted(real_dir.glob("*.jsonl")) if real_dir.is_dir() else []:
        datasets[path.name] = list(read_jsonl(path))
    results = {name: {data: count(nlp, docs) for data, docs in datasets.items()} for name, nlp in tokenizers().items()}
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    typer.echo("| tokenizer | " + " | ".join(f"unreachable in {d}" for d in datasets) + " |")
    typer.echo("|---|" + "---|" * len(datasets))
    for name, per in results.items():
        typer.echo(f"| {name} | " + " | ".join(f"{per[d]['unreachable']} of {per[d]['spans']}" for d in datasets) + " |")


if __name__ == "__main__":
    typer.run(main)

"""Train floret vectors on raw trial text (the Evidence Inference abstracts and articles).

The text is tokenized with the pipeline's own tokenizer and lowercased, one
paragraph per line, then floret learns CBOW vectors with subword hashing (so every
word gets a vector, seen or not). The result is written as a .floret table for
`spacy init vectors --mode floret`.
"""
import json
from pathlib import Path
from typing import List

import floret
import typer

from trial_outcomes.corpus.jsonl import open_text
from trial_outcomes.tokenizer import blank_pipeline


def main(
    sources: List[Path] = typer.Argument(..., help="JSONL(.gz) files with a 'text' field"),
    out: Path = typer.Option(Path("training/vectors/vectors.floret"), help="floret table to write"),
    dim: int = typer.Option(100, help="vector width"),
    epochs: int = typer.Option(5, help="passes over the text"),
    bucket: int = typer.Option(50000, help="rows of the hashed table"),
    min_count: int = typer.Option(5, help="ignore rarer words as whole words (their subwords still count)"),
    threads: int = typer.Option(2, help="training threads (more than one makes runs differ slightly: floret has no seed)"),
) -> None:
    nlp = blank_pipeline()
    out.parent.mkdir(parents=True, exist_ok=True)
    text_path = out.with_suffix(".txt")
    n_words = 0
    with text_path.open("w", encoding="utf-8") as handle:
        for source in sources:
            typer.echo(f"tokenizing {source} ...")
            with open_text(source) as lines:
                for line in lines:
                    if not line.strip():
                        continue
                    for paragraph in json.loads(line)["text"].split("\n"):
                        tokens = [t.lower_ for t in nlp.make_doc(paragraph) if not t.is_space]
                        if tokens:
                            handle.write(" ".join(tokens) + "\n")
                            n_words += len(tokens)
    typer.echo(f"training floret on {n_words:,} tokens ...")
    model = floret.train_unsupervised(
        str(text_path), model="cbow", mode="floret", hashCount=2, bucket=bucket, minn=3, maxn=5,
        minCount=min_count, dim=dim, epoch=epochs, thread=threads, verbose=1,
    )
    model.save_floret_vectors(str(out))
    text_path.unlink()
    typer.echo(f"wrote {out}")


if __name__ == "__main__":
    typer.run(main)

"""Throughput of the whole pipeline on raw trial abstracts, and its cost as documents grow.

Writes training/benchmark.json. Numbers only: nothing here is asserted by the tests.
"""
import json
import os
import platform
import resource
import time
from pathlib import Path
from typing import Dict, List

import spacy
import typer

from trial_outcomes.corpus.jsonl import open_text


def _read_texts(path: Path, n: int) -> List[str]:
    texts = []
    with open_text(path) as handle:
        for line in handle:
            texts.append(json.loads(line)["text"])
            if len(texts) >= n:
                break
    return texts


def _words_per_second(nlp, texts: List[str], **pipe_kwargs) -> Dict[str, float]:
    words = sum(len(t.split()) for t in texts)
    start = time.perf_counter()
    for _ in nlp.pipe(texts, **pipe_kwargs):
        pass
    seconds = time.perf_counter() - start
    return {"docs": len(texts), "words": words, "seconds": seconds, "words_per_second": words / seconds}


def main(
    model: Path = typer.Argument(..., help="trained pipeline"),
    abstracts: Path = typer.Option(Path("../shared/data/rct-abstracts.jsonl.gz"), help="raw abstracts (JSONL with 'text')"),
    n_docs: int = typer.Option(1000, help="how many abstracts to process"),
    batch_size: int = typer.Option(64, help="nlp.pipe batch size"),
    out: Path = typer.Option(Path("training/benchmark.json"), help="where the numbers go"),
) -> None:
    nlp = spacy.load(model)
    texts = _read_texts(abstracts, n_docs)
    nlp("warm up " * 50)
    results: Dict[str, object] = {"model": str(model), "machine": {"cpus": os.cpu_count(), "python": platform.python_version()}}
    typer.echo(f"single process on {len(texts)} abstracts ...")
    results["single_process"] = _words_per_second(nlp, texts, batch_size=batch_size)
    typer.echo(f"  {results['single_process']['words_per_second']:.0f} words/s")
    typer.echo("n_process=2 ...")
    results["n_process_2"] = _words_per_second(nlp, texts, batch_size=batch_size, n_process=2)
    typer.echo(f"  {results['n_process_2']['words_per_second']:.0f} words/s")
    growth = {}
    base = texts[:64]
    for factor in (1, 4, 16):
        docs = [" ".join(base[i : i + factor]) for i in range(0, len(base) - factor + 1, factor)]
        timing = _words_per_second(nlp, docs, batch_size=8)
        growth[f"{factor}x"] = {**timing, "microseconds_per_word": 1e6 * timing["seconds"] / timing["words"]}
        typer.echo(f"documents {factor}x abstract length: {growth[f'{factor}x']['microseconds_per_word']:.1f} µs/word")
    results["cost_per_word_by_length"] = growth
    results["peak_rss_mb"] = {
        "main_process": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "largest_child": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
    }
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    typer.run(main)

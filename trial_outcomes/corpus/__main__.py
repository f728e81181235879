"""``python -m trial_outcomes.corpus``: check, split, build and describe the annotated corpus."""
import json
from pathlib import Path
from typing import List

import typer

from ..tokenizer import blank_pipeline
from .build import load_corpus, validate, write_splits
from .convert import unreachable_boundaries
from .inline import format_ann, iter_ann_files, read_ann_file
from .model import AnnotatedDoc, CorpusError
from .prodigy import read_prodigy, to_prodigy
from .splits import append_splits, assign_new_trials, read_splits
from .stats import corpus_stats

MIN_WORDS, MAX_WORDS = 100, 350

app = typer.Typer(add_completion=False, help=__doc__, no_args_is_help=True)
DOCS = typer.Option(Path("corpus/docs"), "--docs", help="directory of `.ann` files")
SPLITS = typer.Option(Path("corpus/splits.tsv"), "--splits", help="trial-to-split table")


def _fail(errors: List[CorpusError]) -> None:
    for err in errors:
        typer.echo(str(err), err=True)
    typer.echo(f"{len(errors)} problem(s); nothing was written.", err=True)
    raise typer.Exit(1)


def _load_or_fail(docs_dir: Path) -> List[AnnotatedDoc]:
    docs, errors = load_corpus(docs_dir)
    if errors:
        _fail(errors)
    return docs


@app.command()
def check(paths: List[Path] = typer.Argument(..., help="`.ann` files or directories holding them")) -> None:
    """Parse every file, print each problem as FILE:LINE: message; exit 1 if any."""
    n_docs = n_spans = n_relations = n_bad = 0
    nlp = blank_pipeline()
    for path in iter_ann_files(paths):
        try:
            doc = read_ann_file(path)
            boundary_errors = unreachable_boundaries(nlp.make_doc(doc.text), doc)
            if boundary_errors:
                raise boundary_errors[0]
        except CorpusError as err:
            n_bad += 1
            typer.echo(str(err), err=True)
            continue
        n_docs += 1
        n_spans += len(doc.spans)
        n_relations += len(doc.relations)
        words = len(doc.text.split())
        if not MIN_WORDS <= words <= MAX_WORDS:
            typer.echo(f"{path}: warning: {words} words, outside the abstract length {MIN_WORDS}-{MAX_WORDS}", err=True)
    typer.echo(f"{n_docs} valid documents, {n_spans} spans, {n_relations} relations; {n_bad} files with problems")
    raise typer.Exit(1 if n_bad else 0)


@app.command("assign-splits")
def assign_splits(
    docs_dir: Path = DOCS,
    splits_path: Path = SPLITS,
) -> None:
    """Give every trial that has no split yet one, and append it to the split table."""
    docs = _load_or_fail(docs_dir)
    new = assign_new_trials(docs, read_splits(splits_path))
    if new:
        append_splits(splits_path, new)
    typer.echo(f"{len(new)} new trial(s) assigned in {splits_path}")


@app.command()
def build(
    docs_dir: Path = DOCS,
    splits_path: Path = SPLITS,
    out_dir: Path = typer.Option(Path("training/corpus"), "--out", help="where the splits are written"),
) -> None:
    """Validate everything, then write train/dev/test as `.spacy` and `.jsonl`, and `stats.json`."""
    docs, errors = load_corpus(docs_dir)
    splits = read_splits(splits_path)
    nlp = blank_pipeline()
    errors += validate(nlp, docs, splits, splits_path)
    if errors:
        _fail(errors)
    counts = write_splits(nlp, docs, splits, out_dir)
    nlp.add_pipe("trial_outcomes_sentences")
    stats = corpus_stats(docs, splits, nlp)
    stats["unreachable_boundaries"] = 0  # validate() refused the corpus otherwise
    (out_dir / "stats.json").write_text(json.dumps(stats, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    typer.echo(f"wrote {', '.join(f'{n} {s}' for s, n in counts.items())} documents to {out_dir}")


@app.command()
def stats(
    docs_dir: Path = DOCS,
    splits_path: Path = SPLITS,
) -> None:
    """Print counts per label, relation, split, domain and style."""
    docs = _load_or_fail(docs_dir)
    nlp = blank_pipeline()
    nlp.add_pipe("trial_outcomes_sentences")
    result = corpus_stats(docs, read_splits(splits_path), nlp)
    for split, counts in result["splits"].items():
        typer.echo(f"\n[{split}]")
        for kind, value in counts.items():
            typer.echo(f"  {kind:10} {value}")
    sb = result["sentence_boundaries"]
    typer.echo(
        f"\nsentence starts: precision {sb['precision']:.3f}, recall {sb['recall']:.3f} "
        f"({sb['gold_boundaries']} gold); relations inside one predicted sentence: "
        f"{sb['relations_within_predicted_sentence']}/{sb['relations']}"
    )


@app.command("export-prodigy")
def export_prodigy(
    out: Path = typer.Argument(..., help="JSONL file to write"),
    docs_dir: Path = DOCS,
) -> None:
    """Write the corpus as Prodigy-style span and relation JSONL (to annotate further in Prodigy)."""
    docs = _load_or_fail(docs_dir)
    nlp = blank_pipeline()
    with out.open("w", encoding="utf-8") as handle:
        for doc in docs:
            handle.write(json.dumps(to_prodigy(nlp, doc), ensure_ascii=False) + "\n")
    typer.echo(f"wrote {len(docs)} documents to {out}")


@app.command("import-prodigy")
def import_prodigy(
    source: Path = typer.Argument(..., help="Prodigy JSONL (spans and relations)"),
    out_dir: Path = typer.Option(Path("corpus/docs/imported"), "--out", help="where the `.ann` files go"),
    domain: str = typer.Option("other", help="lupus or other, for records whose meta does not say"),
    disease: str = typer.Option("unspecified", help="disease, for records whose meta does not say"),
    figures: str = typer.Option("published", help="provenance of the figures (see GUIDELINES.md)"),
) -> None:
    """Turn accepted Prodigy records into `.ann` files, checking them against the schema first."""
    defaults = {"domain": domain, "disease": disease, "style": "imported", "figures": figures, "draws_on": source.name}
    try:
        with source.open(encoding="utf-8") as handle:
            docs = list(read_prodigy(handle, str(source), defaults))
    except CorpusError as err:
        _fail([err])
    nlp = blank_pipeline()
    errors = [e for doc in docs for e in unreachable_boundaries(nlp.make_doc(doc.text), doc)]
    if errors:
        _fail(errors)
    out_dir.mkdir(parents=True, exist_ok=True)
    for doc in docs:
        (out_dir / f"{doc.id}.ann").write_text(format_ann(doc), encoding="utf-8")
    typer.echo(f"wrote {len(docs)} documents to {out_dir}; give new trials a split with `assign-splits`")


if __name__ == "__main__":
    app()

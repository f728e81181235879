"""``python -m trial_outcomes``: the reviewer's commands."""
import sys
from pathlib import Path
from typing import Optional

import spacy
import typer

from .extract.inputs import Skipped, count_documents
from .extract.run import extract_dask, extract_local, output_format

EXIT_SKIPPED = 3

app = typer.Typer(add_completion=False, no_args_is_help=True, help=__doc__)


@app.callback()
def main() -> None:
    """Commands of the trial_outcomes package."""


class Progress:
    """A tqdm bar with documents per second and an ETA on a terminal; silent in a pipe or with --quiet."""

    def __init__(self, total: Optional[int], enabled: bool):
        self.bar = None
        if enabled:
            from tqdm import tqdm

            self.bar = tqdm(total=total, unit="doc", dynamic_ncols=True, file=sys.stderr)

    def advance(self, n: int = 1) -> None:
        if self.bar is not None:
            self.bar.update(n)

    def say(self, message: str) -> None:
        (self.bar.write if self.bar is not None else lambda m: typer.echo(m, err=True))(message)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


@app.command()
def extract(
    source: str = typer.Argument(..., help="a .txt file, a directory of .txt files, a .jsonl/.jsonl.gz file with 'text' (and 'id'), or - for standard input"),
    model: str = typer.Option("training/model-best", help="pipeline path or installed package name"),
    out: Path = typer.Option(..., help="OUT.jsonl (a record per document) or OUT.csv (a row per outcome record)"),
    n_process: int = typer.Option(1, help="processes for nlp.pipe"),
    batch_size: int = typer.Option(32, help="documents per batch for nlp.pipe"),
    engine: str = typer.Option("local", help="local, or dask to run on a Dask cluster"),
    scheduler: Optional[str] = typer.Option(None, help="Dask scheduler address; without it a local cluster starts"),
    n_workers: int = typer.Option(2, help="workers of the local Dask cluster"),
    partition_size: int = typer.Option(200, help="documents per Dask partition"),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="no progress bar"),
) -> None:
    """Extract outcome records from trial text. Exit code 0: all input read; 3: some input was skipped (listed on stderr)."""
    try:
        output_format(out)
    except ValueError as err:
        raise typer.BadParameter(str(err), param_hint="--out") from None
    if engine not in ("local", "dask"):
        raise typer.BadParameter("engine must be local or dask", param_hint="--engine")
    progress = Progress(count_documents(source), enabled=not quiet and sys.stderr.isatty())

    def report(item: Skipped) -> None:
        progress.say(str(item))

    try:
        if engine == "dask":
            summary = extract_dask(model, source, out, scheduler, n_workers, partition_size, batch_size, progress.advance, report)
        else:
            summary = extract_local(spacy.load(model), source, out, n_process, batch_size, progress.advance, report)
    finally:
        progress.close()
    typer.echo(
        f"{summary.documents} documents, {summary.outcomes} outcome records -> {out}; {len(summary.skipped)} input item(s) skipped",
        err=True,
    )
    raise typer.Exit(EXIT_SKIPPED if summary.skipped else 0)


if __name__ == "__main__":
    app()

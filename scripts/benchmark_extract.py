"""Documents per second and peak memory of `python -m trial_outcomes extract` on raw abstracts.

Runs the command three ways (one process, --n-process 2, Dask with 2 local workers)
and samples the resident memory of the whole process tree (workers included) every
0.1 s. Writes training/benchmark_extract.json. Numbers only; nothing is asserted.
"""
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Dict, List

import psutil
import typer

from trial_outcomes.corpus.jsonl import open_text


def tree_rss(process: psutil.Process) -> int:
    total = 0
    for p in [process, *process.children(recursive=True)]:
        try:
            total += p.memory_info().rss
        except psutil.Error:
            pass
    return total


def measure(command: List[str], n_docs: int) -> Dict[str, float]:
    start = time.perf_counter()
    process = psutil.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0
    while process.poll() is None:
        peak = max(peak, tree_rss(process))
        time.sleep(0.1)
    seconds = time.perf_counter() - start
    if process.returncode not in (0, 3):
        raise RuntimeError(process.stderr.read().decode()[-2000:])
    return {"seconds": seconds, "docs_per_second": n_docs / seconds, "peak_rss_mb": peak / 2**20}


def main(
    model: Path = typer.Argument(..., help="trained pipeline"),
    abstracts: Path = typer.Option(Path("../shared/data/rct-abstracts.jsonl.gz"), help="raw abstracts"),
    out: Path = typer.Option(Path("training/benchmark_extract.json")),
) -> None:
    with open_text(abstracts) as handle:
        n_docs = sum(1 for line in handle if line.strip())
    base = [sys.executable, "-m", "trial_outcomes", "extract", str(abstracts), "--model", str(model), "--quiet"]
    runs = {"single process": [], "--n-process 2": ["--n-process", "2"], "dask, 2 local workers": ["--engine", "dask", "--n-workers", "2"]}
    results = {"documents": n_docs, "note": "wall time includes loading the pipeline (and starting the Dask cluster)"}
    with tempfile.TemporaryDirectory() as tmp:
        for name, extra in runs.items():
            typer.echo(f"{name} ...")
            results[name] = measure([*base, "--out", str(Path(tmp) / "out.jsonl"), *extra], n_docs)
            typer.echo(f"  {results[name]['docs_per_second']:.1f} docs/s, peak {results[name]['peak_rss_mb']:.0f} MB")
    single, two, dask = (results[k]["docs_per_second"] for k in runs)
    results["speed_up_n_process_2"] = two / single
    results["dask_overhead_vs_n_process_2"] = 1 - dask / two
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    typer.run(main)

"""Train the same config with several seeds and report the spread of the dev scores.

A difference between two training variants that is smaller than this spread is not
evidence for either. Writes training/seed_variance.json: each seed's best dev entity
and relation F1 (as `spacy train` records them), and their min, mean and max.
"""
import json
from pathlib import Path
from statistics import mean
from typing import List

import typer
from spacy.cli.train import train


def main(
    config: Path = typer.Argument(..., help="training config"),
    train_path: Path = typer.Option(..., "--train", help="training split (.spacy)"),
    dev_path: Path = typer.Option(..., "--dev", help="dev split (.spacy)"),
    vectors: Path = typer.Option(..., help="the spaCy vectors the config uses"),
    out_dir: Path = typer.Option(Path("training/seeds"), "--out", help="where the runs go"),
    seeds: List[int] = typer.Option([0, 1, 2], "--seed", help="seeds to train with"),
    max_steps: int = typer.Option(2000, help="training steps per run"),
    eval_frequency: int = typer.Option(200, help="steps between dev evaluations"),
) -> None:
    runs = []
    for seed in seeds:
        output = out_dir / f"seed-{seed}"
        typer.echo(f"training with seed {seed} ...")
        train(
            config,
            output,
            overrides={
                "paths.train": str(train_path),
                "paths.dev": str(dev_path),
                "paths.vectors": str(vectors),
                "system.seed": seed,
                "training.max_steps": max_steps,
                "training.eval_frequency": eval_frequency,
            },
        )
        performance = json.loads((output / "model-best" / "meta.json").read_text())["performance"]
        runs.append({"seed": seed, "ents_f": performance.get("ents_f"), "rel_micro_f": performance.get("rel_micro_f")})
    summary = {
        key: {"min": min(r[key] for r in runs), "mean": mean(r[key] for r in runs), "max": max(r[key] for r in runs)}
        for key in ("ents_f", "rel_micro_f")
    }
    (out_dir / "seed_variance.json").write_text(json.dumps({"runs": runs, "summary": summary}, indent=2) + "\n", encoding="utf-8")
    for key, stats in summary.items():
        typer.echo(f"dev {key}: min {stats['min']:.3f}, mean {stats['mean']:.3f}, max {stats['max']:.3f} over seeds {seeds}")


if __name__ == "__main__":
    typer.run(main)

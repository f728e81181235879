"""Train on 25%, 50%, 75% and 100% of the training split and plot dev F1 against size.

Each run uses the project's training config unchanged except for the reader's
``fraction`` (nested, seeded subsets of documents). Writes
training/learning_curve.json and reports/learning_curve.png.
"""
import json
from pathlib import Path
from typing import List

import typer
from spacy.cli.train import train


def main(
    config: Path = typer.Argument(..., help="training config"),
    train_path: Path = typer.Option(..., "--train", help="training split (.spacy)"),
    dev_path: Path = typer.Option(..., "--dev", help="dev split (.spacy)"),
    vectors: Path = typer.Option(..., help="the spaCy vectors the config uses"),
    out_dir: Path = typer.Option(Path("training/learning-curve"), "--out", help="where the runs go"),
    plot: Path = typer.Option(Path("reports/learning_curve.png"), help="PNG to write"),
    fractions: List[float] = typer.Option([0.25, 0.5, 0.75, 1.0], "--fraction", help="shares of the training split"),
    max_steps: int = typer.Option(3000, help="training steps per run"),
    eval_frequency: int = typer.Option(200, help="steps between dev evaluations"),
) -> None:
    points = []
    for fraction in fractions:
        output = out_dir / f"{int(fraction * 100)}"
        typer.echo(f"training on {fraction:.0%} of {train_path} ...")
        train(
            config,
            output,
            overrides={
                "paths.train": str(train_path),
                "paths.dev": str(dev_path),
                "paths.vectors": str(vectors),
                "corpora.train.fraction": fraction,
                "training.max_steps": max_steps,
                "training.eval_frequency": eval_frequency,
            },
        )
        performance = json.loads((output / "model-best" / "meta.json").read_text())["performance"]
        points.append({"fraction": fraction, "ents_f": performance.get("ents_f"), "rel_micro_f": performance.get("rel_micro_f")})
    (out_dir / "learning_curve.json").write_text(json.dumps(points, indent=2) + "\n", encoding="utf-8")

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, axis = plt.subplots(figsize=(6, 4))
    shares = [100 * p["fraction"] for p in points]
    axis.plot(shares, [p["ents_f"] for p in points], marker="o", label="entities F1 (dev)")
    axis.plot(shares, [p["rel_micro_f"] for p in points], marker="s", label="relations F1, end to end (dev)")
    axis.set_xlabel("share of the training split (%)")
    axis.set_ylabel("F1")
    axis.set_ylim(0, 1)
    axis.grid(alpha=0.3)
    axis.legend()
    figure.tight_layout()
    plot.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(plot, dpi=120)
    typer.echo(f"wrote {plot}")


if __name__ == "__main__":
    typer.run(main)

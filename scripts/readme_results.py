"""Rewrite the README's results table from training/metrics.json (never typed by hand)."""
import json
import re
from pathlib import Path

import typer

START, END = "<!-- results:start -->", "<!-- results:end -->"


def _f(scores: dict, label: str = "ALL") -> str:
    return f"{scores[label]['f']:.3f}" if label in scores else "–"


def results_table(metrics: dict) -> str:
    rows = ["| data | docs | entities F1 strict | entities F1 lenient | relations F1, gold entities | relations F1, end to end | outcome triples F1 | rule-only entities F1 | tutorial relation baseline F1, gold entities |",
            "|---|---|---|---|---|---|---|---|---|"]
    for name, r in metrics["results"].items():
        e2e = r["end_to_end"]
        base = r.get("relation_baseline", {}).get("gold_entities", {})
        rows.append(
            f"| {name} | {r['documents']} | {_f(e2e['entities']['strict'])} | {_f(e2e['entities']['lenient'])} | "
            f"{_f(r['gold_entities']['relations'])} | {_f(e2e['relations'])} | {e2e['triples']['f']:.3f} | "
            f"{_f(r['rule_baseline']['entities']['strict'])} | {_f(base)} |"
        )
    return "\n".join(rows)


def main(metrics_path: Path, readme: Path) -> None:
    metrics = json.loads(metrics_path.read_text(encoding="utf-8"))
    text = readme.read_text(encoding="utf-8")
    if START not in text or END not in text:
        raise typer.BadParameter(f"{readme} has no {START} ... {END} block")
    block = f"{START}\n{results_table(metrics)}\n\nProduced by `spacy project run evaluate` from `{metrics['model']['path']}` (model {metrics['model']['version']}); per-label scores, errors and baselines are in `reports/evaluation.md`.\n{END}"
    readme.write_text(re.sub(re.escape(START) + ".*?" + re.escape(END), lambda _: block, text, flags=re.S), encoding="utf-8")
    typer.echo(f"updated the results table in {readme}")


if __name__ == "__main__":
    typer.run(main)

"""Rewrite the generated sections of corpus/README.md: corpus counts and agreement figures."""
import json
import re
from collections import Counter
from pathlib import Path

import typer

from trial_outcomes.corpus.build import load_corpus
from trial_outcomes.corpus.splits import SPLITS, read_splits
from trial_outcomes.corpus.stats import corpus_stats
from trial_outcomes.schema import ENTITY_LABELS, RELATION_LABELS
from trial_outcomes.tokenizer import blank_pipeline


def replace_block(text: str, name: str, body: str) -> str:
    start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
    return re.sub(re.escape(start) + ".*?" + re.escape(end), lambda _: f"{start}\n{body}\n{end}", text, flags=re.S)


def table(header, rows) -> str:
    return "\n".join(["| " + " | ".join(header) + " |", "|" + "---|" * len(header)] + ["| " + " | ".join(map(str, r)) + " |" for r in rows])


def stats_section(docs_dir: Path, splits_path: Path) -> str:
    docs, errors = load_corpus(docs_dir)
    if errors:
        raise typer.BadParameter(f"{len(errors)} problem(s) in the corpus; run the corpus check")
    splits = read_splits(splits_path)
    nlp = blank_pipeline()
    nlp.add_pipe("trial_outcomes_sentences")
    stats = corpus_stats(docs, splits, nlp)
    per = stats["splits"]
    rows = [
        ["documents", *[per.get(s, {}).get("documents", {}).get("all", 0) for s in SPLITS]],
        ["lupus documents", *[per.get(s, {}).get("domain", {}).get("lupus", 0) for s in SPLITS]],
        ["other-disease documents", *[per.get(s, {}).get("domain", {}).get("other", 0) for s in SPLITS]],
        ["trials", *[per.get(s, {}).get("trials", 0) for s in SPLITS]],
        ["words", *[per.get(s, {}).get("words", {}).get("all", 0) for s in SPLITS]],
    ]
    rows += [[f"`{label}` spans", *[per.get(s, {}).get("entities", {}).get(label, 0) for s in SPLITS]] for label in ENTITY_LABELS]
    rows += [[f"`{label}` relations", *[per.get(s, {}).get("relations", {}).get(label, 0) for s in SPLITS]] for label in RELATION_LABELS]
    styles = Counter(d.meta["style"] for d in docs)
    figures = Counter(d.meta["figures"] for d in docs)
    sentences = stats["sentence_boundaries"]
    lupus_trials = len({d.meta["trial"] for d in docs if d.meta["domain"] == "lupus"})
    return "\n".join([
        f"{len(docs)} documents ({sum(d.meta['domain'] == 'lupus' for d in docs)} on lupus from {lupus_trials} trials or studies), "
        f"{len({d.meta['trial'] for d in docs})} trials in all, {sum(len(d.text.split()) for d in docs):,} words.",
        "",
        table(["", *SPLITS], rows),
        "",
        "Styles: " + ", ".join(f"{k} {v}" for k, v in styles.most_common()) + ".",
        "Figures: " + ", ".join(f"{k} {v}" for k, v in figures.most_common()) + ".",
        "",
        f"Sentence splitting against the gold sentences (one per source line): precision "
        f"{sentences['precision']:.3f}, recall {sentences['recall']:.3f} over {sentences['gold_boundaries']} boundaries; "
        f"{sentences['relations_within_predicted_sentence']} of {sentences['relations']} gold relations fall inside one predicted sentence.",
        "",
        "Regenerate with `python scripts/corpus_readme.py`; `weasel run corpus-stats` prints the same counts.",
    ])


def agreement_section(path: Path) -> str:
    if not path.exists():
        return "No second annotation has been measured yet."
    report = json.loads(path.read_text())
    rows = [[f"spans {k}", f"{v['f']:.3f}", v["tp"] + v["fn"], v["tp"] + v["fp"]] for k, v in report["spans"].items()]
    rows += [[f"relations {k}", f"{v['f']:.3f}", v["tp"] + v["fn"], v["tp"] + v["fp"]] for k, v in report["relations"].items()]
    rows.sort(key=lambda r: (not r[0].endswith("ALL"), r[0]))
    excluded = "".join(f" {e['id']} was left out: {e['reason']}." for e in report.get("excluded", []))
    return "\n".join([
        f"{report['documents']} documents were annotated a second time, independently, from their raw text "
        "(`corpus/iaa/b/`), and compared with the corpus by `python scripts/agreement.py`: strict F1, same offsets and label "
        "(relations: both spans exact and the same label)." + excluded,
        "",
        table(["", "F1", "annotator A", "annotator B"], rows),
    ])


def main(
    readme: Path = typer.Option(Path("corpus/README.md")),
    docs_dir: Path = typer.Option(Path("corpus/docs"), "--docs"),
    splits_path: Path = typer.Option(Path("corpus/splits.tsv"), "--splits"),
    agreement: Path = typer.Option(Path("corpus/iaa/agreement.json")),
) -> None:
    text = readme.read_text(encoding="utf-8")
    text = replace_block(text, "stats", stats_section(docs_dir, splits_path))
    text = replace_block(text, "agreement", agreement_section(agreement))
    readme.write_text(text, encoding="utf-8")
    typer.echo(f"updated {readme}")


if __name__ == "__main__":
    typer.run(main)

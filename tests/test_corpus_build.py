from pathlib import Path

import pytest
from typer.testing import CliRunner

from trial_outcomes.corpus.__main__ import app
from trial_outcomes.corpus.splits import assign_new_trials, read_splits

from .conftest import WORKED, ann

runner = CliRunner()


def write_docs(root: Path, docs):
    root.mkdir(parents=True, exist_ok=True)
    for name, text in docs.items():
        (root / f"{name}.ann").write_text(text, encoding="utf-8")


def test_build_writes_every_split(tmp_path):
    docs = {f"d{i}": WORKED.replace("doc-1", f"d{i}").replace("TRIAL-A", f"T{i}") for i in range(6)}
    write_docs(tmp_path / "docs", docs)
    splits = tmp_path / "splits.tsv"
    result = runner.invoke(app, ["assign-splits", "--docs", str(tmp_path / "docs"), "--splits", str(splits)])
    assert result.exit_code == 0, result.output
    assert len(read_splits(splits)) == 6
    result = runner.invoke(app, ["build", "--docs", str(tmp_path / "docs"), "--splits", str(splits), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    for split in ("train", "dev", "test"):
        assert (tmp_path / "out" / f"{split}.spacy").exists() and (tmp_path / "out" / f"{split}.jsonl").exists()


def test_one_bad_file_stops_the_build_and_nothing_is_written(tmp_path):
    write_docs(tmp_path / "docs", {"good": WORKED, "bad": ann("A [[x|DRUG#a]] [[2%|STATISTIC#s]].", "s MEASURES a", id="bad")})
    (tmp_path / "splits.tsv").write_text("TRIAL-A\ttrain\n")
    result = runner.invoke(app, ["build", "--docs", str(tmp_path / "docs"), "--splits", str(tmp_path / "splits.tsv"), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert "bad.ann:10: MEASURES must join" in result.output
    assert not (tmp_path / "out").exists()


def test_unassigned_trial_and_duplicate_ids_are_reported(tmp_path):
    write_docs(tmp_path / "docs", {"a": WORKED, "b": WORKED.replace("TRIAL-A", "TRIAL-B")})
    (tmp_path / "splits.tsv").write_text("TRIAL-A\ttrain\n")
    result = runner.invoke(app, ["build", "--docs", str(tmp_path / "docs"), "--splits", str(tmp_path / "splits.tsv"), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert "also used by" in result.output


def test_existing_assignments_never_move():
    from trial_outcomes.corpus import parse_ann

    docs = [parse_ann(WORKED.replace("TRIAL-A", f"T{i}").replace("doc-1", f"d{i}")) for i in range(20)]
    fixed = {"T0": "test", "T1": "train"}
    assign_new_trials(docs, fixed)
    assert fixed["T0"] == "test" and fixed["T1"] == "train" and len(fixed) == 20
    assert set(fixed.values()) == {"train", "dev", "test"}


def test_bad_split_table_names_its_line(tmp_path):
    (tmp_path / "s.tsv").write_text("A\ttrain\nB\tvalidation\n")
    with pytest.raises(ValueError, match="s.tsv:2:"):
        read_splits(tmp_path / "s.tsv")

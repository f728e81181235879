import json
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


def test_prodigy_export_and_import_round_trip(tmp_path):
    from trial_outcomes.corpus import parse_ann, read_ann_file

    write_docs(tmp_path / "docs", {"doc-1": WORKED})
    exported = tmp_path / "prodigy.jsonl"
    assert runner.invoke(app, ["export-prodigy", str(exported), "--docs", str(tmp_path / "docs")]).exit_code == 0
    record = json.loads(exported.read_text().splitlines()[0])
    assert record["relations"][0]["head_span"]["label"] == "DOSE" and record["spans"][0]["token_end"] == 0
    result = runner.invoke(app, ["import-prodigy", str(exported), "--out", str(tmp_path / "back")])
    assert result.exit_code == 0, result.output
    original, back = parse_ann(WORKED), read_ann_file(tmp_path / "back" / "doc-1.ann")
    assert (back.text, back.spans, back.relations) == (original.text, original.spans, original.relations)


def test_prodigy_import_skips_rejected_answers_and_names_bad_lines(tmp_path):

    good = {"text": "Drug X gave 10%.", "spans": [{"start": 0, "end": 6, "label": "DRUG"}, {"start": 12, "end": 15, "label": "STATISTIC"}],
            "relations": [{"head_span": {"start": 12, "end": 15}, "child_span": {"start": 0, "end": 6}, "label": "ARM"}], "meta": {"id": "x1"}}
    rejected = {**good, "answer": "reject", "meta": {"id": "x2"}}
    bad = {**good, "relations": [{"head_span": {"start": 1, "end": 2}, "child_span": {"start": 0, "end": 6}, "label": "ARM"}]}
    source = tmp_path / "in.jsonl"
    source.write_text("\n".join(json.dumps(r) for r in (good, rejected)) + "\n")
    result = runner.invoke(app, ["import-prodigy", str(source), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0 and [p.name for p in (tmp_path / "out").iterdir()] == ["x1.ann"]
    source.write_text(json.dumps(good) + "\n" + json.dumps(bad) + "\n")
    result = runner.invoke(app, ["import-prodigy", str(source), "--out", str(tmp_path / "out2")])
    assert result.exit_code == 1 and "in.jsonl:2: relation 0 (ARM) has a head that matches no span" in result.output

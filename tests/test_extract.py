"""The reviewer's extract command: inputs, bad input, outputs, atomic writes, Dask."""
import csv
import gzip
import json
import subprocess
import sys

import pytest

from trial_outcomes.extract import run as extract_run
from trial_outcomes.extract.records import CSV_COLUMNS, outcomes_dataframe

TEXT = "Anifrolumab 300 mg gave higher BICLA response than placebo (47.8% vs. 31.3%, p < 0.001)."


def extract(project, *args, stdin=None):
    command = [sys.executable, "-m", "trial_outcomes", "extract", *map(str, args), "--model", str(project / "training" / "model-best"), "--quiet"]
    return subprocess.run(command, capture_output=True, text=True, input=stdin, timeout=600)


@pytest.fixture
def inputs(tmp_path):
    (tmp_path / "texts").mkdir()
    (tmp_path / "texts" / "a.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "texts" / "b.txt").write_bytes(b"\xff\xfe not utf-8")
    (tmp_path / "texts" / "c.txt").write_bytes(b"PK\x00\x03 binary")
    lines = [json.dumps({"id": f"d{i}", "text": TEXT}) for i in range(3)] + ["{broken", json.dumps({"id": "no-text"})]
    (tmp_path / "docs.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    with gzip.open(tmp_path / "docs.jsonl.gz", "wt", encoding="utf-8") as handle:
        handle.write("\n".join(lines[:3]) + "\n")
    return tmp_path


def test_jsonl_input_with_bad_lines_reports_file_and_line(project, inputs):
    result = extract(project, inputs / "docs.jsonl", "--out", inputs / "out.jsonl")
    assert result.returncode == 3
    assert "docs.jsonl:4: skipped: not valid JSON" in result.stderr
    assert "docs.jsonl:5: skipped: record has no 'text' string" in result.stderr
    assert "2 input item(s) skipped" in result.stderr
    records = [json.loads(line) for line in (inputs / "out.jsonl").read_text().splitlines()]
    assert [r["id"] for r in records] == ["d0", "d1", "d2"]
    assert {"entities", "relations", "outcomes"} <= set(records[0])


def test_directory_of_text_files_skips_binary_and_non_utf8(project, inputs):
    result = extract(project, inputs / "texts", "--out", inputs / "out.csv")
    assert result.returncode == 3
    assert "b.txt: skipped: not UTF-8" in result.stderr and "c.txt: skipped: binary file" in result.stderr
    with (inputs / "out.csv").open() as handle:
        assert csv.DictReader(handle).fieldnames == CSV_COLUMNS


def test_gzip_and_standard_input(project, inputs):
    assert extract(project, inputs / "docs.jsonl.gz", "--out", inputs / "gz.jsonl").returncode == 0
    assert len((inputs / "gz.jsonl").read_text().splitlines()) == 3
    result = extract(project, "-", "--out", inputs / "stdin.jsonl", stdin=TEXT)
    assert result.returncode == 0, result.stderr
    assert json.loads((inputs / "stdin.jsonl").read_text())["id"] == "stdin"


def test_missing_input_and_bad_output_name(project, inputs):
    assert extract(project, inputs / "nope.jsonl", "--out", inputs / "x.jsonl").returncode == 3
    assert extract(project, inputs / "docs.jsonl", "--out", inputs / "x.txt").returncode == 2


def test_an_interrupted_run_leaves_no_output(project, inputs, monkeypatch):
    import spacy

    nlp = spacy.load(project / "training" / "model-best")
    calls = []

    def failing_record(doc_id, doc):
        calls.append(doc_id)
        if len(calls) == 2:
            raise KeyboardInterrupt
        return {"id": doc_id, "entities": [], "relations": [], "outcomes": []}

    monkeypatch.setattr(extract_run, "document_record", failing_record)
    with pytest.raises(KeyboardInterrupt):
        extract_run.extract_local(nlp, str(inputs / "docs.jsonl"), inputs / "out.jsonl")
    assert not (inputs / "out.jsonl").exists()
    assert not list(inputs.glob(".out.jsonl*"))


def test_dask_on_two_local_workers_matches_one_process(project, inputs):
    lines = [json.dumps({"id": f"doc{i:03d}", "text": f"{TEXT} Patient group {i} had 12/40 (30%) with herpes zoster."}) for i in range(40)]
    (inputs / "many.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert extract(project, inputs / "many.jsonl", "--out", inputs / "single.jsonl").returncode == 0
    result = extract(project, inputs / "many.jsonl", "--out", inputs / "dask.jsonl", "--engine", "dask", "--n-workers", "2", "--partition-size", "7")
    assert result.returncode == 0, result.stderr[-3000:]
    single = sorted((inputs / "single.jsonl").read_text().splitlines())
    dask = sorted((inputs / "dask.jsonl").read_text().splitlines())
    assert single == dask and len(single) == 40


def test_dataframe_from_records():
    record = {"id": "x", "outcomes": [{
        "endpoint": {"text": "BICLA", "long_form": None}, "arms": [{"drug": {"text": "anifrolumab"}, "doses": []}],
        "population": None, "statistic": {"text": "47.8%", "kind": "percent", "value": 47.8, "lower": None, "upper": None, "unit": "%", "operator": None},
        "comparisons": [{"text": "p < 0.001", "kind": "p_value", "value": 0.001}], "sentence": "s"}]}
    frame = outcomes_dataframe([record])
    assert list(frame.columns) == CSV_COLUMNS
    assert frame.loc[0, "drug"] == "anifrolumab" and frame.loc[0, "p_value"] == 0.001

"""One run of the real `all` workflow on tiny step counts, then the result used as a user would."""
import json
import os
import subprocess
import sys

from .conftest import SHARED, TINY


def run_python(code: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300, **kwargs)


def test_workflow_writes_metrics_and_reports(project):
    metrics = json.loads((project / "training" / "metrics.json").read_text())
    assert "test split" in metrics["results"]
    result = metrics["results"]["test split"]
    assert {"end_to_end", "gold_entities", "rule_baseline", "relation_baseline"} <= set(result)
    if (SHARED / "eval").is_dir():
        assert any(name.startswith("real text") for name in metrics["results"])
    html = (project / "reports" / "evaluation.html").read_text()
    assert "<table>" in html and "Relations end to end" in html


def test_model_loads_in_a_fresh_process_without_imports(project):
    code = (
        "import json, spacy\n"
        f"nlp = spacy.load({str(project / 'training' / 'model-best')!r})\n"
        "doc = nlp('Anifrolumab 300 mg raised BICLA response versus placebo (47.8% vs. 31.3%, p < 0.001).')\n"
        "assert isinstance(doc._.relations, list) and isinstance(doc._.outcomes, list)\n"
        "for text in ['', '   ', 'Eine Studie mit Patienten.', 'x ' * 100000]:\n"
        "    nlp(text)\n"
        "print(json.dumps([e.label_ for e in doc.ents]))\n"
    )
    result = run_python(code, cwd=project)
    assert result.returncode == 0, result.stderr[-3000:]


def test_packaged_wheel_installs_and_loads_by_name(project, tmp_path):
    wheels = list((project / "packages").rglob("*.whl"))
    assert len(wheels) == 1
    target = tmp_path / "site"
    install = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "--quiet", "--target", str(target), str(wheels[0])],
        capture_output=True, text=True, timeout=300,
    )
    assert install.returncode == 0, install.stderr
    code = "import spacy; nlp = spacy.load('en_trial_outcomes_sle'); print(nlp.pipe_names)"
    result = run_python(code, cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(target)})
    assert result.returncode == 0, result.stderr[-3000:]
    assert "relation_extractor" in result.stdout


def test_pretraining_then_training_from_its_weights(project):
    """The optional `pretrain` and `train-with-pretraining` commands, on a few paragraphs."""
    tiny_pretrain = ["--vars.abstracts", str(project / "raw.jsonl"), "--vars.pretrain_epochs", "1", "--vars.pretrain_limit", "40"]
    for command in ("pretrain", "train-with-pretraining"):
        result = subprocess.run(
            [sys.executable, "-m", "weasel", "run", command, str(project), *TINY, *tiny_pretrain],
            cwd=project, capture_output=True, text=True, timeout=600,
        )
        assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert (project / "training" / "pretrain" / "model-last.bin").is_file()
    assert (project / "training" / "with-pretraining" / "model-best" / "meta.json").is_file()


def test_seed_variance_reports_each_seed_and_the_spread(project):
    result = subprocess.run(
        [sys.executable, "-m", "weasel", "run", "seed-variance", str(project), *TINY],
        cwd=project, capture_output=True, text=True, timeout=600,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    report = json.loads((project / "training" / "seeds" / "seed_variance.json").read_text())
    assert [run["seed"] for run in report["runs"]] == [0, 1, 2]
    for key in ("ents_f", "rel_micro_f"):
        spread = report["summary"][key]
        assert spread["min"] <= spread["mean"] <= spread["max"]

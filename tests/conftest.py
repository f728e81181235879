import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import spacy

import trial_outcomes  # noqa: F401  (registrations for in-process tests)
from trial_outcomes.corpus import parse_ann
from trial_outcomes.tokenizer import blank_pipeline

PROJECT = Path(__file__).resolve().parent.parent
SHARED = PROJECT.parent / "shared"

HEADER = """# id: {id}
# trial: {trial}
# domain: lupus
# disease: SLE
# style: results_paragraph
# figures: invented
# draws_on: test fixture
"""


def ann(body: str, relations: str = "", id: str = "doc-1", trial: str = "TRIAL-A") -> str:
    return HEADER.format(id=id, trial=trial) + body.strip("\n") + "\n---\n" + relations.strip("\n") + "\n"


@pytest.fixture
def nlp() -> spacy.Language:
    pipeline = blank_pipeline()
    pipeline.add_pipe("trial_outcomes_sentences")
    return pipeline


WORKED = ann(
    "[[Anifrolumab|DRUG#a1]] [[300 mg|DOSE#d1]] achieved higher [[BICLA|ENDPOINT#e1]] response rates versus [[placebo|DRUG#a2]] "
    "([[47.8%|STATISTIC#s1]] vs. [[31.3%|STATISTIC#s2]], [[*p* < 0.001|STATISTIC#s3]]).\n"
    "In [[IFN-high patients|POPULATION#p1]], [[herpes zoster|ENDPOINT#e2]] occurred in [[10/45|STATISTIC#s4]] vs. [[8/49|STATISTIC#s5]] on [[placebo|DRUG#a3]].",
    """
d1 DOSE_OF a1
s1 MEASURES e1
s1 ARM a1
s2 MEASURES e1
s2 ARM a2
s3 MEASURES e1
s3 ARM a1
s3 ARM a2
s4 MEASURES e2
s4 IN_GROUP p1
s5 MEASURES e2
s5 ARM a3
s5 IN_GROUP p1
""",
)


TINY = ["--vars.max_steps", "20", "--vars.eval_frequency", "10", "--vars.baseline_max_steps", "10"]


@pytest.fixture(scope="session")
def project(tmp_path_factory) -> Path:
    """A copy of the project after `weasel run all` on tiny step counts (shared by the slow tests)."""
    root = tmp_path_factory.mktemp("project")
    for name in ("project.yml", "configs", "corpus", "scripts", "trial_outcomes"):
        source = PROJECT / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, root / name)
    # a small raw-text file stands in for the 18M words the vectors step reads in the real workflow
    raw = root / "raw.jsonl"
    with raw.open("w", encoding="utf-8") as handle:
        for path in sorted((root / "corpus" / "docs").rglob("*.ann"))[:120]:
            handle.write(json.dumps({"text": parse_ann(path.read_text(encoding="utf-8")).text}) + "\n")
    vectors = ["--vars.abstracts", str(raw), "--vars.fulltext", str(raw), "--vars.vector_epochs", "1"]
    command = [sys.executable, "-m", "weasel", "run", "all", str(root), *TINY, *vectors, "--vars.real_eval_dir", str(SHARED / "eval")]
    result = subprocess.run(command, cwd=root, capture_output=True, text=True, timeout=1200)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    return root

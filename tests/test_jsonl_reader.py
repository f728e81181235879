import json

import pytest

from trial_outcomes.corpus.jsonl import read_jsonl
from trial_outcomes.corpus.model import CorpusError

from .conftest import SHARED

GOOD = {"id": "d", "text": "Drug X gave 10%.", "spans": [{"start": 0, "end": 6, "label": "DRUG"}, {"start": 12, "end": 15, "label": "STATISTIC"}],
        "relations": [{"head": 1, "child": 0, "label": "ARM"}]}


def write(tmp_path, records):
    path = tmp_path / "x.jsonl"
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in records), encoding="utf-8")
    return path


def test_reads_offsets_and_relations(tmp_path):
    (doc,) = read_jsonl(write(tmp_path, [GOOD]))
    assert doc.span_text(0) == "Drug X" and doc.relations[0].label == "ARM"


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda r: r["spans"].append({"start": 10, "end": 99, "label": "DRUG"}), "outside the text"),
        (lambda r: r["spans"].append({"start": 3, "end": 8, "label": "DRUG"}), "overlap"),
        (lambda r: r["spans"].__setitem__(0, {"start": 0, "end": 6, "label": "DRUGZ"}), "not in the schema"),
        (lambda r: r["relations"].append({"head": 1, "child": 7, "label": "ARM"}), "missing span"),
        (lambda r: r["relations"].append({"head": 0, "child": 1, "label": "ARM"}), "cannot join"),
        (lambda r: r.pop("text"), "no 'text'"),
    ],
)
def test_bad_records_name_file_and_line(tmp_path, change, message):
    bad = json.loads(json.dumps(GOOD))
    change(bad)
    with pytest.raises(CorpusError, match=message) as caught:
        list(read_jsonl(write(tmp_path, [GOOD, bad])))
    assert caught.value.line == 2 and str(caught.value).startswith(str(tmp_path / "x.jsonl") + ":2:")


def test_unparsable_line_is_reported(tmp_path):
    with pytest.raises(CorpusError, match=":1: not valid JSON"):
        list(read_jsonl(write(tmp_path, ["{nope"])))


@pytest.mark.skipif(not (SHARED / "eval").is_dir(), reason="../shared/eval is not beside the project")
def test_shared_eval_files_read_and_tokenize(nlp):
    from trial_outcomes.corpus.convert import unreachable_boundaries

    for path in sorted((SHARED / "eval").glob("*.jsonl")):
        for doc in read_jsonl(path):
            assert unreachable_boundaries(nlp.make_doc(doc.text), doc) == [], doc.id


def test_raw_text_reader_yields_paragraphs_within_limits(tmp_path, nlp):
    import gzip

    from trial_outcomes.readers import create_raw_text_reader

    path = tmp_path / "raw.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        handle.write(json.dumps({"text": "Too short.\nFifty patients were randomised to drug or placebo."}) + "\n\n")
        handle.write(json.dumps({"text": "A second abstract with enough words to keep."}) + "\n")
    texts = [eg.predicted.text for eg in create_raw_text_reader(path, min_length=5)(nlp)]
    assert texts == ["Fifty patients were randomised to drug or placebo.", "A second abstract with enough words to keep."]
    assert len(list(create_raw_text_reader(path, min_length=5, limit=1)(nlp))) == 1


def test_raw_text_reader_names_the_line_without_text_and_a_missing_path(tmp_path, nlp):
    from trial_outcomes.readers import create_raw_text_reader

    path = write(tmp_path, [{"text": "Fifty patients were randomised to drug or placebo."}, {"title": "no text"}])
    with pytest.raises(ValueError, match=r"x\.jsonl:2: record has no 'text'"):
        list(create_raw_text_reader(path)(nlp))
    with pytest.raises(ValueError, match="--paths.raw_text"):
        list(create_raw_text_reader(None)(nlp))

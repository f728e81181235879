import pytest

from trial_outcomes.corpus import parse_ann
from trial_outcomes.corpus.convert import to_doc

from .conftest import SHARED, WORKED, ann


def gold_doc(nlp, text=WORKED):
    doc = to_doc(nlp, parse_ann(text))
    return nlp.get_pipe("trial_outcomes_sentences")(doc)


def test_outcome_records_from_relations(nlp):
    records = gold_doc(nlp)._.outcomes
    by_text = {r["statistic"]["text"]: r for r in records}
    first = by_text["47.8%"]
    assert first["endpoint"]["text"] == "BICLA"
    assert first["arms"] == [{"drug": {"text": "Anifrolumab", "start": 0, "end": 11}, "doses": [{"text": "300 mg", "start": 12, "end": 18}]}]
    assert first["statistic"]["kind"] == "percent" and first["statistic"]["value"] == 47.8
    assert [c["text"] for c in first["comparisons"]] == ["*p* < 0.001"]
    assert by_text["*p* < 0.001"]["statistic"]["kind"] == "p_value"
    assert by_text["8/49"]["population"]["text"] == "IFN-high patients"
    assert by_text["10/45"]["arms"] == []
    assert first["sentence"].startswith("Anifrolumab 300 mg")


def test_statistic_attribute_on_spans(nlp):
    doc = gold_doc(nlp)
    stats = {e.text: e._.statistic for e in doc.ents}
    assert stats["*p* < 0.001"]["value"] == 0.001
    assert stats["BICLA"] is None


def test_dose_only_arms(nlp):
    text = ann(
        "[[SRI-4|ENDPOINT#e]] was [[34%|STATISTIC#s1]] and [[28%|STATISTIC#s2]] in the [[300-mg|DOSE#d1]] and [[1,000-mg|DOSE#d2]] [[anifrolumab|DRUG#a]] groups.",
        "s1 MEASURES e\ns1 ARM d1\ns1 ARM a\ns2 MEASURES e\ns2 ARM d2\ns2 ARM a\nd1 DOSE_OF a\nd2 DOSE_OF a",
    )
    records = {r["statistic"]["text"]: r for r in gold_doc(nlp, text)._.outcomes}
    assert [d["text"] for d in records["34%"]["arms"][0]["doses"]] == ["300-mg"]
    assert [d["text"] for d in records["28%"]["arms"][0]["doses"]] == ["1,000-mg"]


def test_abbreviation_long_form_and_label_carried_to_recurrences(nlp):
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns([{"label": "ENDPOINT", "pattern": "BILAG-Based Composite Lupus Assessment"}])
    nlp.add_pipe("trial_outcomes_abbreviations")
    doc = nlp("The BILAG-Based Composite Lupus Assessment (BICLA) was primary. BICLA response was 48%.")
    assert [(e.text, e.label_) for e in doc.ents].count(("BICLA", "ENDPOINT")) == 2
    assert {e._.long_form for e in doc.ents if e.text == "BICLA"} == {"BILAG-Based Composite Lupus Assessment"}
    assert doc._.abbreviations[0]["short_text"] == "BICLA"


def _with_ents(nlp, text, ents):
    """``text`` tokenized, with entities given as (surface, occurrence, label)."""
    doc = nlp.make_doc(text)
    spans = []
    for surface, occurrence, label in ents:
        start = -1
        for _ in range(occurrence + 1):
            start = text.index(surface, start + 1)
        spans.append(doc.char_span(start, start + len(surface), label=label))
    doc.ents = spans
    return doc


def test_abbreviation_takes_the_long_forms_label_over_an_inconsistent_ner(nlp):
    linker = nlp.add_pipe("trial_outcomes_abbreviations")
    text = "Patients got intravenous cyclophosphamide (IVC). Remission was 52% with IVC."
    doc = linker(_with_ents(nlp, text, [("cyclophosphamide", 0, "DRUG"), ("IVC", 0, "ENDPOINT"), ("IVC", 1, "ENDPOINT")]))
    # the entity at the end of the long form (route word outside it) decides
    assert [(e.text, e.label_) for e in doc.ents] == [("cyclophosphamide", "DRUG"), ("IVC", "DRUG"), ("IVC", "DRUG")]


def test_abbreviation_without_labelled_long_form_follows_the_majority_of_its_mentions(nlp):
    linker = nlp.add_pipe("trial_outcomes_abbreviations")
    text = "The fatigue scale score (FSS) was recorded. The FSS fell. FSS rose in FSS responders."
    ents = [("FSS", 0, "ENDPOINT"), ("FSS", 1, "ENDPOINT"), ("FSS", 2, "DRUG"), ("FSS responders", 0, "POPULATION")]
    doc = linker(_with_ents(nlp, text, ents))
    # the odd label is outvoted; a longer entity holding the short form is kept
    assert [(e.text, e.label_) for e in doc.ents] == [
        ("FSS", "ENDPOINT"), ("FSS", "ENDPOINT"), ("FSS", "ENDPOINT"), ("FSS responders", "POPULATION")
    ]


@pytest.mark.skipif(not (SHARED / "data" / "rct-abstracts.jsonl.gz").exists(), reason="../shared/data is not beside the project")
@pytest.mark.filterwarnings("ignore:.*W036")  # scispacy's reference component warns on docs without definitions
def test_abbreviations_match_scispacys_detector_on_real_abstracts(nlp):
    import gzip
    import json

    import scispacy.abbreviation  # noqa: F401  (registers scispacy's factory)

    from trial_outcomes.tokenizer import blank_pipeline

    reference = blank_pipeline()
    reference.add_pipe("abbreviation_detector", config={"make_serializable": True})
    nlp.add_pipe("trial_outcomes_abbreviations", config={"propagate_labels": False})
    with gzip.open(SHARED / "data" / "rct-abstracts.jsonl.gz", "rt", encoding="utf-8") as handle:
        texts = [json.loads(line)["text"] for _, line in zip(range(256), handle)]

    def key(abbreviations):
        return sorted((a["short_start"], a["short_end"], a["long_start"], a["long_end"]) for a in abbreviations)

    for text in texts:
        assert key(nlp(text)._.abbreviations) == key(reference(text)._.abbreviations)

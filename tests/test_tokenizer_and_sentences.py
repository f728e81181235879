import pytest

from trial_outcomes.corpus import parse_ann
from trial_outcomes.corpus.convert import unreachable_boundaries

from .conftest import ann

# every notation the tokenizer issue lists, as a gold span inside a sentence
NOTATIONS = [
    ("[[SLEDAI-2K|ENDPOINT]] fell", "ENDPOINT"),
    ("[[SRI(4)|ENDPOINT]] rose", "ENDPOINT"),
    ("[[SRI-4|ENDPOINT]] rose", "ENDPOINT"),
    ("[[CLASI-A|ENDPOINT]]/[[CLASI-D|ENDPOINT]] fell", "ENDPOINT"),
    ("given [[10mg/kg|DOSE]] daily", "DOSE"),
    ("given [[300 mg|DOSE]] daily", "DOSE"),
    ("fell by [[30 mg/dL|STATISTIC]].", "STATISTIC"),
    ("changed by [[−0.55 D|STATISTIC]].", "STATISTIC"),
    ("vaccine [[Engerix-B|DRUG]].", "DRUG"),
    ("index [[CLASI-A|ENDPOINT]].", "ENDPOINT"),
    ("fell by [[30 mg/dL|STATISTIC]].", "STATISTIC"),
    ("differed ([[p<0.001|STATISTIC]])", "STATISTIC"),
    ("differed ([[*p* < 0.001|STATISTIC]])", "STATISTIC"),
    ("was [[47.8%|STATISTIC]].", "STATISTIC"),
    ("rates ([[47.8%|STATISTIC]] vs", "STATISTIC"),
    ("ratio ([[95% CI 1.1–1.8|STATISTIC]])", "STATISTIC"),
    ("mean [[32.9±30.2|STATISTIC]] months", "STATISTIC"),
    ("change [[−25.6|STATISTIC]] units", "STATISTIC"),
    ("median [[16.5 [12.7–21.5]|STATISTIC]] at baseline", "STATISTIC"),
    ("[[placebo|DRUG]]‐treated patients", "DRUG"),
    ("(n=[[1|STATISTIC]]).[[Anifrolumab|DRUG]] was given", "DRUG"),
    ("with [[MTX|DRUG]]+[[HCQ|DRUG]] daily", "DRUG"),
    ("ratio for [[AUC0–∞|ENDPOINT]].", "ENDPOINT"),
    ("was [[4.3 h|STATISTIC]].", "STATISTIC"),
]


@pytest.mark.parametrize("body, label", NOTATIONS)
def test_tokenizer_reaches_every_listed_gold_boundary(nlp, body, label):
    doc = parse_ann(ann(f"The value {body} here."))
    assert unreachable_boundaries(nlp.make_doc(doc.text), doc) == []


def test_plus_splits_between_drug_names_but_not_after_a_marker(nlp):
    assert [t.text for t in nlp.make_doc("MTX+HCQ in CD4+CD25+ cells")] == ["MTX", "+", "HCQ", "in", "CD4+CD25", "+", "cells"]


def test_clasi_pair_splits_into_two_endpoints(nlp):
    tokens = [t.text for t in nlp.make_doc("CLASI-A/CLASI-D")]
    assert "/" in tokens


@pytest.mark.parametrize(
    "text, expected",
    [
        ("BICLA was 47.8% vs. 31.3% in total. Next one.", 2),
        ("Drugs, e.g. belimumab, i.e. a BAFF blocker, helped. Next.", 2),
        ("About approx. 20 patients (see Fig. 2. and Table 1. Details) responded. Next.", 2),
        ("Trial no. 5 was stopped. Then vitamin D. Was given.", 3),
        ("First paragraph without a stop\nSecond paragraph.", 2),
        ("Results: Rates rose.Then they fell.", 2),
    ],
)
def test_sentence_boundaries(nlp, text, expected):
    assert len(list(nlp(text).sents)) == expected


@pytest.mark.parametrize("text", ["", "   ", "\n\n", "Eine Studie mit Patienten. 患者の研究。", "x" * 200_000])
def test_odd_text_is_processed(nlp, text):
    doc = nlp(text)
    assert doc.text == text

import pytest

from trial_outcomes.corpus import format_ann, parse_ann
from trial_outcomes.corpus.model import CorpusError

from .conftest import WORKED, ann


def test_worked_example_parses_with_offsets_and_sentences():
    doc = parse_ann(WORKED, "worked.ann")
    assert [doc.span_text(i) for i in range(3)] == ["Anifrolumab", "300 mg", "BICLA"]
    assert doc.text.startswith("Anifrolumab 300 mg achieved")
    assert len(doc.sentences) == 2
    assert doc.text[doc.sentences[1][0] :].startswith("In IFN-high patients")
    assert len(doc.relations) == 13
    assert {r.label for r in doc.relations} == {"DOSE_OF", "MEASURES", "ARM", "IN_GROUP"}


def test_round_trip_through_the_inline_form():
    doc = parse_ann(WORKED)
    again = parse_ann(format_ann(doc))
    assert (again.text, again.spans, again.relations, again.sentences) == (doc.text, doc.spans, doc.relations, doc.sentences)


def test_paragraphs_are_joined_by_newline_and_lines_by_space():
    doc = parse_ann(ann("One [[x|DRUG]].\nTwo.\n\nThree."))
    assert doc.text == "One x. Two.\nThree."
    assert doc.sentences == [(0, 6), (7, 11), (12, 18)]


def test_text_is_kept_verbatim_when_sentence_lines_is_no():
    body = "  odd  spacing\n\nkept [[here|DRUG]]  "
    doc = parse_ann("# sentence_lines: no\n" + ann(body).replace("\n---", "\n---", 1))
    assert "  odd  spacing" in doc.text and doc.sentences is None
    again = parse_ann(format_ann(doc))
    assert again.text == doc.text and again.spans == doc.spans


@pytest.mark.parametrize(
    "body, relations, message, line",
    [
        ("A [[x|DRUGS]] b.", "", "not in the schema", 8),
        ("A [[x|DRUG#a]] b [[1%|STATISTIC#s]].", "s MEASURES a", "MEASURES must join STATISTIC->ENDPOINT", 10),
        ("A [[1%|STATISTIC#s]].", "s ARM q", "no span carries", 10),
        ("A [[1%|STATISTIC#s]].\nB [[x|DRUG#a]].", "s ARM a", "different sentences", 11),
        ("A [[1%|STATISTIC#s]] [[x|DRUG#a]].", "s ARM a\ns ARM a", "given twice", 11),
        ("A [[ x|DRUG]].", "", "whitespace", 8),
        ("A [[x|DRUG b.", "", "malformed", 8),
        ("A [[x|DRUG#a]] [[y|DRUG#a]].", "", "used twice", 8),
        ("A b.", "x ARM", "is not 'HEAD LABEL CHILD'", 10),
    ],
)
def test_problems_are_reported_with_file_and_line(body, relations, message, line):
    with pytest.raises(CorpusError) as caught:
        parse_ann(ann(body, relations), "bad.ann")
    assert message in str(caught.value)
    assert f"bad.ann:{line}:" in str(caught.value)


def test_missing_metadata_is_reported():
    with pytest.raises(CorpusError, match="missing metadata '# figures"):
        parse_ann(ann("A b.").replace("# figures: invented\n", ""), "m.ann")


def test_every_problem_in_a_file_is_listed():
    with pytest.raises(CorpusError) as caught:
        parse_ann(ann("A [[x|FOO]] [[y|BAR]]."), "two.ann")
    assert str(caught.value).count("not in the schema") == 2

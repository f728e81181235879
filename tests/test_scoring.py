import pytest

from trial_outcomes.evaluation.scoring import Annotations, entity_scores, relation_scores, triple_scores
from trial_outcomes.relations.thresholds import best_threshold

import numpy

GOLD = Annotations(
    spans={(0, 5, "DRUG"), (10, 15, "STATISTIC"), (20, 25, "ENDPOINT"), (30, 40, "POPULATION")},
    relations={(10, 15, 20, 25, "MEASURES"), (10, 15, 0, 5, "ARM"), (10, 15, 30, 40, "IN_GROUP")},
)


def test_strict_and_lenient_entities():
    pred = Annotations(spans={(0, 5, "DRUG"), (10, 14, "STATISTIC"), (20, 25, "DRUG"), (50, 55, "DOSE")})
    scores = entity_scores([(GOLD, pred)])
    strict, lenient = scores["strict"]["ALL"], scores["lenient"]["ALL"]
    assert (strict.tp, strict.fp, strict.fn) == (1, 3, 3)
    assert strict.precision == pytest.approx(0.25) and strict.recall == pytest.approx(0.25)
    # lenient: the STATISTIC overlaps with the right label; ENDPOINT predicted as DRUG does not count
    assert (lenient.tp, lenient.fp, lenient.fn) == (2, 2, 2)
    assert lenient.f1 == pytest.approx(0.5)
    assert scores["strict"]["DRUG"].precision == pytest.approx(0.5)


def test_relation_whose_entity_was_not_predicted_is_a_miss():
    # the pipeline found only the DRUG and STATISTIC, and linked them correctly
    pred = Annotations(spans={(0, 5, "DRUG"), (10, 15, "STATISTIC")}, relations={(10, 15, 0, 5, "ARM")})
    scores = relation_scores([(GOLD, pred)])
    assert (scores["ALL"].tp, scores["ALL"].fp, scores["ALL"].fn) == (1, 0, 2)
    assert scores["ALL"].recall == pytest.approx(1 / 3)
    assert scores["ARM"].f1 == pytest.approx(1.0)
    assert scores["MEASURES"].recall == 0.0


def test_relation_with_a_shifted_span_does_not_count():
    pred = Annotations(relations={(10, 14, 20, 25, "MEASURES")})
    assert relation_scores([(GOLD, pred)])["ALL"].tp == 0


def test_outcome_triples():
    assert GOLD.triples() == {((10, 15), (20, 25), (0, 5))}
    pred = Annotations(spans={(0, 5, "DRUG")}, relations={(10, 15, 20, 25, "MEASURES")})
    result = triple_scores([(GOLD, pred)])
    assert (result.tp, result.fp, result.fn) == (0, 0, 1)


def test_scores_add_up_over_documents():
    empty = Annotations()
    total = relation_scores([(GOLD, GOLD), (GOLD, empty)])["ALL"]
    assert (total.tp, total.fp, total.fn) == (3, 0, 3)


def test_best_threshold_counts_unreachable_gold_as_misses():
    scores = numpy.asarray([0.9, 0.8, 0.4, 0.2], dtype="float32")
    hits = numpy.asarray([True, True, False, True])
    threshold, f1 = best_threshold(scores, hits, n_gold=4, default=0.5)
    # keeping the top two gives P=1, R=0.5 (F1 0.667); keeping all four gives P=0.75, R=0.75 (F1 0.75)
    assert f1 == pytest.approx(0.75)
    assert threshold == pytest.approx(0.1)
    assert best_threshold(scores, hits, n_gold=0, default=0.5) == (0.5, 0.0)

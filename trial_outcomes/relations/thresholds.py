"""Choose each relation label's decision threshold on dev data.

The pipeline runs end to end (its own entities), the relation extractor scores every
candidate, and for each label we pick the threshold with the best F1, counting gold
relations that no candidate could reach (entities missed by the NER) as misses.
"""
from typing import Dict, Iterable, List, Tuple

import numpy
from spacy.language import Language
from spacy.tokens import Doc

from ..evaluation.scoring import Annotations

MIN_THRESHOLD, MAX_THRESHOLD = 0.05, 0.95


def best_threshold(scores: numpy.ndarray, is_gold: numpy.ndarray, n_gold: int, default: float) -> Tuple[float, float]:
    """(threshold, F1) maximising F1; ``n_gold`` counts every gold relation, reachable or not."""
    if n_gold == 0 or not len(scores):
        return default, 0.0
    order = numpy.argsort(-scores, kind="stable")
    ranked, hits = scores[order], is_gold[order].astype("float64")
    tp = numpy.cumsum(hits)
    predicted = numpy.arange(1, len(ranked) + 1)
    f1 = 2 * tp / (predicted + n_gold)
    # only cut between distinct scores: everything scoring the same is kept or dropped together
    last_of_run = numpy.append(ranked[1:] != ranked[:-1], True)
    f1 = numpy.where(last_of_run, f1, -1.0)
    best = int(numpy.argmax(f1))
    below = ranked[best + 1] if best + 1 < len(ranked) else 0.0
    threshold = float(numpy.clip((ranked[best] + below) / 2, MIN_THRESHOLD, MAX_THRESHOLD))
    return threshold, float(f1[best])


def tune_thresholds(nlp: Language, component: str, references: Iterable[Doc]) -> Dict[str, Dict[str, float]]:
    references = list(references)
    extractor = nlp.get_pipe(component)
    names = [name for name, _ in nlp.pipeline]
    upstream = names[: names.index(component)]
    with nlp.select_pipes(enable=upstream):
        docs: List[Doc] = list(nlp.pipe(ref.text for ref in references))
    candidates, scores = extractor.predict(docs)
    results = {}
    offset = 0
    per_label_scores = {label: [] for label in extractor.labels}
    per_label_hits = {label: [] for label in extractor.labels}
    n_gold = {label: 0 for label in extractor.labels}
    for ref, pairs in zip(references, candidates):
        gold = Annotations.from_doc(ref).relations
        for rel in gold:
            if rel[4] in n_gold:
                n_gold[rel[4]] += 1
        block = scores[offset : offset + len(pairs)]
        offset += len(pairs)
        for row, (h, c) in enumerate(pairs.pairs):
            head, child = pairs.spans[h], pairs.spans[c]
            for k, label in enumerate(extractor.labels):
                if pairs.allowed[row, k]:
                    per_label_scores[label].append(block[row, k])
                    key = (head.start_char, head.end_char, child.start_char, child.end_char, label)
                    per_label_hits[label].append(key in gold)
    before = extractor.thresholds
    chosen = {}
    for label in extractor.labels:
        threshold, f1 = best_threshold(
            numpy.asarray(per_label_scores[label], dtype="float32"),
            numpy.asarray(per_label_hits[label], dtype=bool),
            n_gold[label],
            before[label],
        )
        chosen[label] = threshold
        results[label] = {"threshold": threshold, "dev_f1_at_threshold": f1, "previous_threshold": before[label], "dev_gold": n_gold[label]}
    extractor.set_thresholds(chosen)
    return results

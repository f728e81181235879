"""Which entity pairs the relation model scores, and the features that describe a pair.

A candidate generator takes a doc's entity spans (sorted, non-overlapping) and the
component's relation labels and returns ``CandidatePairs``: index pairs into the span
list and, per pair, which labels it may take. ``schema_candidates`` keeps only the
label pairs the schema allows, inside one sentence, within ``max_tokens`` of each
other; it visits each head's window only, so cost grows with the number of entities
times the window, never with their square. ``all_pair_candidates`` reproduces the
spaCy relation tutorial (every ordered pair within a distance, any labels, across
sentences) and exists as the evaluation baseline.
"""
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from typing import Callable, List, Sequence

import numpy
from spacy.tokens import Doc, Span
from spacy.util import registry

from ..schema import ENTITY_LABELS, relation_labels_for

DISTANCE_BUCKETS = (0, 1, 2, 3, 4, 6, 9, 13, 21, 36)  # lower edges, in tokens between the spans
COUNT_BUCKETS = 4  # entities of a label between the spans: 0, 1, 2, 3+
N_PAIR_FEATURES = 2 * len(ENTITY_LABELS) + len(DISTANCE_BUCKETS) + 1 + len(ENTITY_LABELS) * COUNT_BUCKETS


@dataclass
class CandidatePairs:
    spans: List[Span]
    pairs: numpy.ndarray  # (n, 2) int32: head and child index into spans
    allowed: numpy.ndarray  # (n, n_labels) float32: 1.0 where the pair may take the label

    def __len__(self) -> int:
        return len(self.pairs)


CandidateGenerator = Callable[[Doc, Sequence[Span], Sequence[str]], CandidatePairs]


def _check_max_tokens(max_tokens: int) -> None:
    if max_tokens < 1:
        raise ValueError(f"max_tokens must be at least 1 (got {max_tokens}); a window of 0 would find no pair")


def _sentence_ids(doc: Doc) -> numpy.ndarray:
    """Sentence index per token; the whole doc is one sentence if it has no boundaries."""
    if not doc.has_annotation("SENT_START"):
        return numpy.zeros(len(doc), dtype="int32")
    starts = numpy.fromiter((1 if t.is_sent_start else 0 for t in doc), dtype="int32", count=len(doc))
    if len(doc):
        starts[0] = 0
    return numpy.cumsum(starts, dtype="int32")


@registry.misc("trial_outcomes.SchemaCandidates.v1")
def schema_candidates(max_tokens: int = 60) -> CandidateGenerator:
    _check_max_tokens(max_tokens)

    def generate(doc: Doc, spans: Sequence[Span], labels: Sequence[str]) -> CandidatePairs:
        spans = sorted(spans, key=lambda s: s.start)
        label_index = {label: i for i, label in enumerate(labels)}
        sentence_of = _sentence_ids(doc)
        starts = [s.start for s in spans]
        ends = [s.end for s in spans]
        pairs, allowed = [], []
        for h, head in enumerate(spans):
            lo = bisect_left(ends, head.start - max_tokens)
            hi = bisect_right(starts, head.end + max_tokens)
            for c in range(lo, hi):
                if c == h:
                    continue
                child = spans[c]
                possible = [label_index[r] for r in relation_labels_for(head.label_, child.label_) if r in label_index]
                if not possible or sentence_of[head.start] != sentence_of[child.start]:
                    continue
                row = numpy.zeros(len(labels), dtype="float32")
                row[possible] = 1.0
                pairs.append((h, c))
                allowed.append(row)
        return _pack(spans, pairs, allowed, len(labels))

    return generate


@registry.misc("trial_outcomes.AllPairCandidates.v1")
def all_pair_candidates(max_tokens: int = 100) -> CandidateGenerator:
    _check_max_tokens(max_tokens)

    def generate(doc: Doc, spans: Sequence[Span], labels: Sequence[str]) -> CandidatePairs:
        spans = sorted(spans, key=lambda s: s.start)
        starts = [s.start for s in spans]
        ends = [s.end for s in spans]
        pairs = []
        for h, head in enumerate(spans):
            lo = bisect_left(ends, head.start - max_tokens)
            hi = bisect_right(starts, head.end + max_tokens)
            pairs.extend((h, c) for c in range(lo, hi) if c != h)
        allowed = [numpy.ones(len(labels), dtype="float32")] * len(pairs)
        return _pack(spans, pairs, allowed, len(labels))

    return generate


def _pack(spans: List[Span], pairs: list, allowed: list, n_labels: int) -> CandidatePairs:
    if not pairs:
        return CandidatePairs(spans, numpy.zeros((0, 2), dtype="int32"), numpy.zeros((0, n_labels), dtype="float32"))
    return CandidatePairs(spans, numpy.asarray(pairs, dtype="int32"), numpy.vstack(allowed))


def pair_geometry(candidates: CandidatePairs) -> numpy.ndarray:
    """Token ranges per pair, (n, 6): head start/end, child start/end, between start/end."""
    out = numpy.zeros((len(candidates), 6), dtype="int32")
    for row, (h, c) in enumerate(candidates.pairs):
        head, child = candidates.spans[h], candidates.spans[c]
        first, second = (head, child) if head.start < child.start else (child, head)
        out[row] = (head.start, head.end, child.start, child.end, first.end, max(first.end, second.start))
    return out


def pair_features(candidates: CandidatePairs) -> numpy.ndarray:
    """Fixed features per pair: entity labels, distance bucket, direction, entities between."""
    n_labels = len(ENTITY_LABELS)
    label_id = {label: i for i, label in enumerate(ENTITY_LABELS)}
    feats = numpy.zeros((len(candidates), N_PAIR_FEATURES), dtype="float32")
    span_labels = [label_id.get(s.label_, -1) for s in candidates.spans]
    starts = [s.start for s in candidates.spans]
    for row, (h, c) in enumerate(candidates.pairs):
        head, child = candidates.spans[h], candidates.spans[c]
        if span_labels[h] >= 0:
            feats[row, span_labels[h]] = 1.0
        if span_labels[c] >= 0:
            feats[row, n_labels + span_labels[c]] = 1.0
        first, second = (head, child) if head.start < child.start else (child, head)
        gap = max(0, second.start - first.end)
        bucket = bisect_right(DISTANCE_BUCKETS, gap) - 1
        offset = 2 * n_labels
        feats[row, offset + bucket] = 1.0
        offset += len(DISTANCE_BUCKETS)
        feats[row, offset] = 1.0 if child.start > head.start else 0.0
        offset += 1
        lo, hi = min(h, c), max(h, c)
        counts = numpy.zeros(n_labels, dtype="int32")
        for between in range(lo + 1, hi):
            if span_labels[between] >= 0 and starts[between] >= first.end:
                counts[span_labels[between]] += 1
        for label, count in enumerate(counts):
            feats[row, offset + label * COUNT_BUCKETS + min(count, COUNT_BUCKETS - 1)] = 1.0
    return feats

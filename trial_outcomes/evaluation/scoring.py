"""Strict and lenient entity scores, relation scores and outcome-triple scores.

Everything is compared by character offsets, so gold from any source (the project's
corpus, ``../shared/eval/``) and predictions from any tokenizer meet on the same terms.
A relation is correct only when both of its spans match gold exactly and the label
agrees: a gold relation whose entities were not predicted is a miss.
"""
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Dict, Iterable, Set, Tuple

from spacy.tokens import Doc

from ..corpus.model import AnnotatedDoc
from ..relations.records import RELATION_DATA

Span3 = Tuple[int, int, str]  # start, end, label
Rel = Tuple[int, int, int, int, str]  # head start, head end, child start, child end, label
Triple = Tuple[Tuple[int, int], Tuple[int, int], Tuple[int, int]]  # statistic, endpoint, drug


@dataclass
class PRF:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: "PRF") -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    def to_dict(self) -> Dict[str, float]:
        return {"p": self.precision, "r": self.recall, "f": self.f1, "tp": self.tp, "fp": self.fp, "fn": self.fn}


@dataclass
class Annotations:
    """What one document says, reduced to offset tuples."""

    spans: Set[Span3] = field(default_factory=set)
    relations: Set[Rel] = field(default_factory=set)

    @classmethod
    def from_gold(cls, doc: AnnotatedDoc) -> "Annotations":
        spans = {(s.start, s.end, s.label) for s in doc.spans}
        rels = set()
        for r in doc.relations:
            h, c = doc.spans[r.head], doc.spans[r.child]
            rels.add((h.start, h.end, c.start, c.end, r.label))
        return cls(spans, rels)

    @classmethod
    def from_doc(cls, doc: Doc) -> "Annotations":
        spans = {(e.start_char, e.end_char, e.label_) for e in doc.ents}
        rels = set()
        for record in doc._.get(RELATION_DATA) or ():
            h, c = record["head"], record["child"]
            rels.add((int(h["start"]), int(h["end"]), int(c["start"]), int(c["end"]), record["label"]))
        return cls(spans, rels)

    def triples(self) -> Set[Triple]:
        labels = {(s, e): label for s, e, label in self.spans}
        endpoints, drugs = defaultdict(set), defaultdict(set)
        for hs, he, cs, ce, label in self.relations:
            if label == "MEASURES":
                endpoints[(hs, he)].add((cs, ce))
            elif label == "ARM" and labels.get((cs, ce)) == "DRUG":
                drugs[(hs, he)].add((cs, ce))
        return {(stat, e, d) for stat in endpoints for e in endpoints[stat] for d in drugs.get(stat, ())}


def score_sets(gold: Set, predicted: Set) -> PRF:
    tp = len(gold & predicted)
    return PRF(tp, len(predicted) - tp, len(gold) - tp)


def _overlaps(a: Span3, b: Span3) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def entity_scores(pairs: Iterable[Tuple[Annotations, Annotations]]) -> Dict[str, Dict[str, PRF]]:
    """Per label and micro ("ALL") scores, ``strict`` (exact offsets) and ``lenient`` (overlap).

    Lenient precision counts a prediction right when it overlaps a gold span of its
    label; lenient recall counts a gold span found when a prediction of its label
    overlaps it.
    """
    strict: Dict[str, PRF] = defaultdict(PRF)
    lenient: Dict[str, PRF] = defaultdict(PRF)
    for gold, pred in pairs:
        labels = {s[2] for s in gold.spans | pred.spans}
        for label in labels:
            g = {s for s in gold.spans if s[2] == label}
            p = {s for s in pred.spans if s[2] == label}
            result = score_sets(g, p)
            strict[label].add(result)
            strict["ALL"].add(result)
            found = sum(1 for s in g if any(_overlaps(s, t) for t in p))
            right = sum(1 for t in p if any(_overlaps(s, t) for s in g))
            loose = PRF(tp=found, fp=len(p) - right, fn=len(g) - found)
            lenient[label].add(loose)
            lenient["ALL"].add(loose)
    return {"strict": dict(strict), "lenient": dict(lenient)}


def relation_scores(pairs: Iterable[Tuple[Annotations, Annotations]]) -> Dict[str, PRF]:
    scores: Dict[str, PRF] = defaultdict(PRF)
    scores["ALL"] = PRF()
    for gold, pred in pairs:
        for label in {r[4] for r in gold.relations | pred.relations}:
            result = score_sets({r for r in gold.relations if r[4] == label}, {r for r in pred.relations if r[4] == label})
            scores[label].add(result)
            scores["ALL"].add(result)
    return dict(scores)


def triple_scores(pairs: Iterable[Tuple[Annotations, Annotations]]) -> PRF:
    total = PRF()
    for gold, pred in pairs:
        total.add(score_sets(gold.triples(), pred.triples()))
    return total


def confusion(pairs: Iterable[Tuple[Annotations, Annotations]]) -> Dict[str, Dict[str, int]]:
    """Gold label -> predicted label counts for spans with the same offsets (``O`` = missed/spurious)."""
    table: Dict[str, Dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for gold, pred in pairs:
        pred_by_offsets = {(s, e): label for s, e, label in pred.spans}
        gold_by_offsets = {(s, e): label for s, e, label in gold.spans}
        for (s, e), label in gold_by_offsets.items():
            table[label][pred_by_offsets.get((s, e), "O")] += 1
        for (s, e), label in pred_by_offsets.items():
            if (s, e) not in gold_by_offsets:
                table["O"][label] += 1
    return {k: dict(v) for k, v in table.items()}


"""Counts that describe the corpus: labels, relations, splits, styles, sentence splitting."""
from bisect import bisect_right
from collections import Counter, defaultdict
from typing import Dict, List

from spacy.language import Language

from .convert import sentence_boundary_scores
from .model import AnnotatedDoc


def corpus_stats(docs: List[AnnotatedDoc], splits: Dict[str, str], nlp_with_sentences: Language) -> Dict:
    per_split: Dict[str, Dict[str, Counter]] = defaultdict(lambda: defaultdict(Counter))
    for doc in docs:
        split = splits.get(doc.meta["trial"], "unassigned")
        counts = per_split[split]
        counts["documents"]["all"] += 1
        counts["words"]["all"] += len(doc.text.split())
        counts["domain"][doc.meta.get("domain", "?")] += 1
        counts["style"][doc.meta.get("style", "?")] += 1
        counts["figures"][doc.meta.get("figures", "?")] += 1
        counts["entities"].update(s.label for s in doc.spans)
        counts["relations"].update(r.label for r in doc.relations)
        counts["trials"][doc.meta["trial"]] += 1
    tp, predicted, gold = sentence_boundary_scores(nlp_with_sentences, docs)
    kept = total = 0
    for doc in docs:
        sentences = list(nlp_with_sentences(doc.text).sents)
        sentence_of = {}
        for k, sent in enumerate(sentences):
            for token in sent:
                sentence_of[token.idx] = k
        starts = sorted(sentence_of)
        for rel in doc.relations:
            head, child = doc.spans[rel.head], doc.spans[rel.child]
            total += 1
            kept += _sentence(sentence_of, starts, head.start) == _sentence(sentence_of, starts, child.start)
    return {
        "splits": {
            split: {kind: dict(counter) if kind != "trials" else len(counter) for kind, counter in counts.items()}
            for split, counts in sorted(per_split.items())
        },
        "sentence_boundaries": {
            "precision": tp / predicted if predicted else 0.0,
            "recall": tp / gold if gold else 0.0,
            "gold_boundaries": gold,
            "relations_within_predicted_sentence": kept,
            "relations": total,
        },
    }


def _sentence(sentence_of: Dict[int, int], starts: List[int], char: int) -> int:
    return sentence_of[starts[max(0, bisect_right(starts, char) - 1)]]

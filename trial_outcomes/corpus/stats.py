"""Counts that describe the corpus: labels, relations, splits, styles, sentence splitting."""
from bisect import bisect_right
from collections import Counter, defaultdict
from typing import Dict, List

from spacy.language import Language

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
    tp = predicted = gold = kept = total = 0
    for doc in docs:
        # one parse per document serves the boundary scores and the relation count
        starts = [sent[0].idx for sent in nlp_with_sentences(doc.text).sents]
        if doc.sentences is not None:
            gold_starts = {start for start, _ in doc.sentences[1:]}
            predicted_starts = set(starts[1:])
            tp += len(gold_starts & predicted_starts)
            predicted += len(predicted_starts)
            gold += len(gold_starts)
        for rel in doc.relations:
            total += 1
            kept += bisect_right(starts, doc.spans[rel.head].start) == bisect_right(starts, doc.spans[rel.child].start)
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


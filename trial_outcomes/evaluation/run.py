"""Run a pipeline over gold documents and collect every score and error the report shows."""
import time
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence, Tuple

from spacy.language import Language
from spacy.tokens import Doc

from ..corpus.jsonl import read_jsonl
from ..corpus.model import AnnotatedDoc
from ..rules import rule_entities
from .scoring import Annotations, confusion, entity_scores, relation_scores, triple_scores

RELATION_COMPONENT = "relation_extractor"
ENTITY_COMPONENTS = ("ner", "abbreviations")


def load_dataset(path: Path) -> List[AnnotatedDoc]:
    return list(read_jsonl(path))


def run_end_to_end(nlp: Language, docs: Sequence[AnnotatedDoc], batch_size: int = 32) -> Tuple[List[Doc], float]:
    """Predicted docs and words per second over the whole pipeline."""
    start = time.perf_counter()
    predicted = list(nlp.pipe((d.text for d in docs), batch_size=batch_size))
    seconds = time.perf_counter() - start
    words = sum(len(d.text.split()) for d in docs)
    return predicted, words / seconds if seconds > 0 else 0.0


def run_with_entities(nlp: Language, texts_and_entities: Sequence[Tuple[str, Sequence[Tuple[int, int, str]]]]) -> List[Doc]:
    """Run the relation part of ``nlp`` on docs whose entities are given (gold, or another model's)."""
    docs = []
    for text, spans in texts_and_entities:
        doc = nlp.make_doc(text)
        ents = [doc.char_span(s, e, label=label) for s, e, label in spans]
        doc.ents = [ent for ent in ents if ent is not None]
        docs.append(doc)
    disabled = [name for name in ENTITY_COMPONENTS if name in nlp.pipe_names]
    with nlp.select_pipes(disable=disabled):
        return list(nlp.pipe(docs))


def _sentence_of(doc: Doc, start: int) -> str:
    span = doc.char_span(start, start + 1, alignment_mode="expand")
    if span is None or not doc.has_annotation("SENT_START"):
        return doc.text
    return span.sent.text


def entity_errors(gold: AnnotatedDoc, predicted: Doc) -> List[Dict[str, Any]]:
    g = {(s.start, s.end): s.label for s in gold.spans}
    p = {(e.start_char, e.end_char): e.label_ for e in predicted.ents}
    errors = []
    for (start, end), label in sorted(g.items()):
        if (start, end) in p:
            if p[(start, end)] != label:
                errors.append(("wrong label", label, p[(start, end)], start, end))
            continue
        overlap = [(s, e) for s, e in p if s < end and start < e and p[(s, e)] == label]
        if overlap:
            s, e = overlap[0]
            errors.append(("boundary", label, f"{predicted.text[s:e]!r}", start, end))
        else:
            errors.append(("missed", label, "", start, end))
    for (start, end), label in sorted(p.items()):
        if (start, end) not in g and not any(s < end and start < e and g[(s, e)] == label for s, e in g):
            errors.append(("spurious", label, "", start, end))
    return [
        {"doc": gold.id, "kind": kind, "label": label, "predicted": other, "text": gold.text[start:end], "sentence": _sentence_of(predicted, start)}
        for kind, label, other, start, end in errors
    ]


def relation_errors(gold: AnnotatedDoc, predicted: Doc, gold_ann: Annotations, pred_ann: Annotations) -> List[Dict[str, Any]]:
    out = []
    text = gold.text
    for kind, rels in (("missed", gold_ann.relations - pred_ann.relations), ("spurious", pred_ann.relations - gold_ann.relations)):
        for hs, he, cs, ce, label in sorted(rels):
            out.append(
                {"doc": gold.id, "kind": kind, "label": label, "head": text[hs:he], "child": text[cs:ce], "sentence": _sentence_of(predicted, hs)}
            )
    return out


def _scores_dict(pairs: List[Tuple[Annotations, Annotations]]) -> Dict[str, Any]:
    ents = entity_scores(pairs)
    return {
        "entities": {mode: {label: prf.to_dict() for label, prf in per.items()} for mode, per in ents.items()},
        "relations": {label: prf.to_dict() for label, prf in relation_scores(pairs).items()},
        "triples": triple_scores(pairs).to_dict(),
    }


def evaluate_dataset(
    nlp: Language, docs: Sequence[AnnotatedDoc], baseline_rel: Optional[Language] = None
) -> Dict[str, Any]:
    golds = [Annotations.from_gold(d) for d in docs]
    predicted, words_per_second = run_end_to_end(nlp, docs)
    end_to_end = list(zip(golds, [Annotations.from_doc(d) for d in predicted]))
    gold_entity_docs = run_with_entities(nlp, [(d.text, sorted(g.spans)) for d, g in zip(docs, golds)])
    with_gold_entities = list(zip(golds, [Annotations.from_doc(d) for d in gold_entity_docs]))
    rules = [(g, Annotations(set(rule_entities(d.text)), set())) for d, g in zip(docs, golds)]
    result: Dict[str, Any] = {
        "documents": len(docs),
        "words": sum(len(d.text.split()) for d in docs),
        "words_per_second": words_per_second,
        "end_to_end": _scores_dict(end_to_end),
        "gold_entities": {key: value for key, value in _scores_dict(with_gold_entities).items() if key != "entities"},
        "rule_baseline": {"entities": _scores_dict(rules)["entities"]},
        "confusion": confusion(end_to_end),
        "errors": {
            "entities": [e for d, p in zip(docs, predicted) for e in entity_errors(d, p)],
            "relations": [
                e for d, p, (g, a) in zip(docs, predicted, end_to_end) for e in relation_errors(d, p, g, a)
            ],
        },
        "_predicted": predicted,
    }
    if baseline_rel is not None:
        base_gold = run_with_entities(baseline_rel, [(d.text, sorted(g.spans)) for d, g in zip(docs, golds)])
        base_e2e = run_with_entities(baseline_rel, [(d.text, sorted(a.spans)) for d, (_, a) in zip(docs, end_to_end)])
        base_e2e_scores = _scores_dict(list(zip(golds, [Annotations.from_doc(d) for d in base_e2e])))
        result["relation_baseline"] = {
            "gold_entities": _scores_dict(list(zip(golds, [Annotations.from_doc(d) for d in base_gold])))["relations"],
            "end_to_end": base_e2e_scores["relations"],
            "triples_end_to_end": base_e2e_scores["triples"],
        }
    return result

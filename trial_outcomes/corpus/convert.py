"""Annotated documents to spaCy ``Doc`` objects, and the tokenizer check on the way."""
from typing import List

from spacy.language import Language
from spacy.tokens import Doc

from ..relations.records import RELATION_DATA
from .model import AnnotatedDoc, CorpusError

DOC_ID = "doc_id"  # key in Doc.user_data naming the source document


def unreachable_boundaries(doc: Doc, annotated: AnnotatedDoc) -> List[CorpusError]:
    """One error per span whose start or end falls inside a token of ``doc``."""
    errors = []
    for i, span in enumerate(annotated.spans):
        if doc.char_span(span.start, span.end) is None:
            tokens = [t.text for t in doc if t.idx < span.end and t.idx + len(t) > span.start]
            errors.append(
                CorpusError(
                    annotated.path,
                    annotated.span_line(i),
                    f"the tokenizer cannot produce the boundaries of {span.label} "
                    f"{annotated.text[span.start:span.end]!r} (tokens {tokens})",
                )
            )
    return errors


def to_doc(nlp: Language, annotated: AnnotatedDoc) -> Doc:
    """Tokenize with the pipeline's tokenizer and set gold entities and relations.

    Raises :class:`CorpusError` for a boundary the tokenizer cannot produce.
    """
    doc = nlp.make_doc(annotated.text)
    errors = unreachable_boundaries(doc, annotated)
    if errors:
        raise errors[0]
    doc.ents = [doc.char_span(s.start, s.end, label=s.label) for s in annotated.spans]
    records = []
    for rel in annotated.relations:
        head, child = annotated.spans[rel.head], annotated.spans[rel.child]
        records.append(
            {
                "head": {"start": head.start, "end": head.end, "label": head.label},
                "child": {"start": child.start, "end": child.end, "label": child.label},
                "label": rel.label,
                "score": 1.0,
            }
        )
    doc._.set(RELATION_DATA, records)
    doc.user_data[DOC_ID] = annotated.id
    return doc


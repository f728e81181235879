"""Abbreviations: scispacy's detector, plus carrying an entity's label to every recurrence.

``trial_outcomes_abbreviations`` runs after the NER. It calls scispacy's
``AbbreviationDetector`` (Schwartz & Hearst) in its serializable mode, so
``doc._.abbreviations`` holds plain dicts and ``nlp.pipe(n_process=2)`` works, and
each short form gets ``span._.long_form`` (the long form's text). Then, where a
definition ``long form (SHORT)`` has an entity on either side, every other mention of
``SHORT`` that no entity covers gets that entity's label: ``BICLA`` defined once is
recognised wherever it recurs.
"""
import warnings
from typing import Dict, List

from scispacy.abbreviation import AbbreviationDetector
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans


@Language.factory("trial_outcomes_abbreviations", default_config={"propagate_labels": True}, requires=["doc.ents"], assigns=["doc.ents", "doc._.abbreviations", "span._.long_form"])
def make_abbreviations(nlp: Language, name: str, propagate_labels: bool) -> "AbbreviationLinker":
    return AbbreviationLinker(nlp, name, propagate_labels)


class AbbreviationLinker:
    def __init__(self, nlp: Language, name: str, propagate_labels: bool = True):
        self.name = name
        self.detector = AbbreviationDetector(nlp, make_serializable=True)
        self.propagate_labels = propagate_labels

    def __call__(self, doc: Doc) -> Doc:
        with warnings.catch_warnings():
            # scispacy runs a matcher with no patterns on docs without definitions (W036)
            warnings.filterwarnings("ignore", message=r"\[W036\]")
            self.detector(doc)
        if self.propagate_labels and doc._.abbreviations:
            doc.ents = propagate(doc, doc._.abbreviations)
        return doc


def propagate(doc: Doc, abbreviations: List[Dict]) -> List[Span]:
    """Entities plus a labelled span for each uncovered mention of a defined short form."""
    label_at = {}
    for ent in doc.ents:
        for i in range(ent.start, ent.end):
            label_at[i] = ent
    labels: Dict[str, str] = {}
    for abbr in abbreviations:
        short_ent = _exact_entity(doc, abbr["short_start"], abbr["short_end"], label_at)
        long_ent = _exact_entity(doc, abbr["long_start"], abbr["long_end"], label_at)
        label = (short_ent or long_ent).label_ if (short_ent or long_ent) else None
        if label and abbr["short_text"] not in labels:
            labels[abbr["short_text"]] = label
    added = [
        Span(doc, a["short_start"], a["short_end"], label=labels[a["short_text"]])
        for a in abbreviations
        if a["short_text"] in labels and not any(i in label_at for i in range(a["short_start"], a["short_end"]))
    ]
    if not added:
        return list(doc.ents)
    return filter_spans(list(doc.ents) + added)


def _exact_entity(doc: Doc, start: int, end: int, label_at: Dict[int, Span]):
    ent = label_at.get(start)
    return ent if ent is not None and ent.start == start and ent.end == end else None

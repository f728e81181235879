"""Abbreviations: scispacy's Schwartz & Hearst detection, linear in document length,
plus carrying an entity's label to every recurrence of its abbreviation.

``trial_outcomes_abbreviations`` runs after the NER. It finds definitions with
scispacy's ``filter_matches`` and ``find_abbreviation`` and sets what scispacy's
``AbbreviationDetector(make_serializable=True)`` sets: ``doc._.abbreviations`` as plain
dicts (so ``nlp.pipe(n_process=2)`` works) and ``span._.long_form`` (the long form's
text) on every mention of a short form. Two steps are our own because scispacy's are
quadratic in long documents (measured by ``scripts/benchmark.py``): its Matcher pairs
every ``(`` with every later ``)``, and it finds recurrences by running one Matcher
pattern per definition over the whole doc. Here brackets are paired within scispacy's
own 8-token limit and recurrences are looked up by their first token.

Where a definition ``long form (SHORT)`` has an entity on either side, every mention of
``SHORT`` gets one label, the long form's first (the schema's rule for a bracketed
abbreviation): ``BICLA`` defined once is recognised wherever it recurs, and a short
form the NER tags inconsistently is made consistent.
"""
from collections import Counter, defaultdict
from typing import Dict, Iterator, List, Optional, Tuple

from scispacy.abbreviation import filter_matches, find_abbreviation
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

MAX_BRACKET_TOKENS = 8  # scispacy's filter_matches drops longer bracket contents


def register_extensions() -> None:
    # the same attributes, with the same defaults, as scispacy's AbbreviationDetector
    if not Doc.has_extension("abbreviations"):
        Doc.set_extension("abbreviations", default=[])
    if not Span.has_extension("long_form"):
        Span.set_extension("long_form", default=None)


@Language.factory(
    "trial_outcomes_abbreviations",
    default_config={"propagate_labels": True},
    requires=["doc.ents"],
    assigns=["doc.ents", "doc._.abbreviations", "span._.long_form"],
)
def make_abbreviations(nlp: Language, name: str, propagate_labels: bool) -> "AbbreviationLinker":
    return AbbreviationLinker(name, propagate_labels)


class AbbreviationLinker:
    def __init__(self, name: str, propagate_labels: bool = True):
        register_extensions()
        self.name = name
        self.propagate_labels = propagate_labels

    def __call__(self, doc: Doc) -> Doc:
        found = []
        for long_form, short in find_abbreviations(doc):
            short._.long_form = long_form.text
            found.append(
                {
                    "short_text": short.text, "short_start": short.start, "short_end": short.end,
                    "long_text": long_form.text, "long_start": long_form.start, "long_end": long_form.end,
                }
            )
        doc._.abbreviations = found
        if self.propagate_labels and found:
            doc.ents = propagate(doc, found)
        return doc


def _bracket_contents(doc: Doc, max_tokens: int) -> Iterator[Tuple[int, int, int]]:
    """(match id, start, end) of the tokens inside "( ... )", as scispacy's matcher gives them."""
    for i, token in enumerate(doc):
        if token.text != "(":
            continue
        for j in range(i + 2, min(len(doc), i + max_tokens + 2)):
            if doc[j].text == ")":
                yield 0, i + 1, j


def find_abbreviations(doc: Doc) -> List[Tuple[Span, Span]]:
    """(long form, mention) for every mention of every short form defined in ``doc``."""
    definitions: List[Tuple[Span, Span]] = []
    seen_long, seen_short = set(), set()
    for long_candidate, short_candidate in filter_matches(list(_bracket_contents(doc, MAX_BRACKET_TOKENS)), doc):
        short, long_form = find_abbreviation(long_candidate, short_candidate)
        # one definition per long form and per short form, as scispacy keeps them
        if long_form is None or long_form.text in seen_long or short.text in seen_short:
            continue
        seen_long.add(long_form.text)
        seen_short.add(short.text)
        definitions.append((long_form, short))
    if not definitions:
        return []
    by_first_token: Dict[str, List[Tuple[List[str], Span]]] = defaultdict(list)
    for long_form, short in definitions:
        by_first_token[short[0].text].append(([t.text for t in short], long_form))
    mentions = []
    for i, token in enumerate(doc):
        for words, long_form in by_first_token.get(token.text, ()):
            end = i + len(words)
            if end <= len(doc) and [t.text for t in doc[i:end]] == words:
                mentions.append((long_form, doc[i:end]))
    return mentions


def propagate(doc: Doc, abbreviations: List[Dict]) -> List[Span]:
    """Entities with every mention of a defined short form labelled as the short form is.

    The schema gives a bracketed abbreviation the label of its long form, so the label
    is the long form's where an entity ends with it, else the one that the NER gave
    the short form most often. Mentions the NER labelled otherwise are relabelled,
    uncovered ones are added; entities that are longer than a mention are kept as
    they are.
    """
    entity_at = {i: ent for ent in doc.ents for i in range(ent.start, ent.end)}

    def exact(start: int, end: int) -> Optional[Span]:
        ent = entity_at.get(start)
        return ent if ent is not None and ent.start == start and ent.end == end else None

    long_labels: Dict[str, str] = {}
    short_votes: Dict[str, Counter] = defaultdict(Counter)
    for abbr in abbreviations:
        head = entity_at.get(abbr["long_end"] - 1)
        if head is not None and head.end == abbr["long_end"] and head.start >= abbr["long_start"]:
            long_labels.setdefault(abbr["short_text"], head.label_)
        short = exact(abbr["short_start"], abbr["short_end"])
        if short is not None:
            short_votes[abbr["short_text"]][short.label_] += 1

    def label_of(short_text: str) -> Optional[str]:
        if short_text in long_labels:
            return long_labels[short_text]
        votes = short_votes.get(short_text)
        return votes.most_common(1)[0][0] if votes else None

    replaced, added = set(), []
    for abbr in abbreviations:
        label = label_of(abbr["short_text"])
        if label is None:
            continue
        start, end = abbr["short_start"], abbr["short_end"]
        current = exact(start, end)
        if current is not None and current.label_ != label:
            replaced.add((start, end))
            added.append(Span(doc, start, end, label=label))
        elif current is None and not any(i in entity_at for i in range(start, end)):
            added.append(Span(doc, start, end, label=label))
    if not added:
        return list(doc.ents)
    kept = [ent for ent in doc.ents if (ent.start, ent.end) not in replaced]
    return filter_spans(kept + added)

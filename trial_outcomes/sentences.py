"""Rule-based sentence boundaries for trial reports.

Relations are annotated within one sentence, so a wrong split loses them. spaCy's
``sentencizer`` splits after every full stop, including ``vs.`` and ``Fig.``; this
component splits at ``.``, ``!`` or ``?`` only when the next token can open a sentence
(a capital letter, a digit, an opening quote or bracket), never after a known
abbreviation, never inside brackets, and always at a line break.
"""
from typing import Iterable, Sequence

import numpy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc

SENTENCE_FINAL = frozenset({".", "!", "?"})
NO_SPLIT_AFTER = (
    "vs", "v", "e.g", "i.e", "approx", "fig", "figs", "no", "nos", "ref", "refs",
    "al", "cf", "resp", "incl", "ca", "vol", "suppl", "tab", "eq",
)
OPENING = frozenset({"(", "["})
CLOSING = frozenset({")", "]"})


@Language.factory(
    "trial_outcomes_sentences",
    default_config={"no_split_after": list(NO_SPLIT_AFTER)},
)
def make_sentence_splitter(nlp: Language, name: str, no_split_after: Sequence[str]) -> "TrialSentenceSplitter":
    return TrialSentenceSplitter(name, no_split_after)


class TrialSentenceSplitter:
    def __init__(self, name: str, no_split_after: Iterable[str] = NO_SPLIT_AFTER):
        self.name = name
        self.no_split_after = frozenset(a.lower().rstrip(".") for a in no_split_after)

    def __call__(self, doc: Doc) -> Doc:
        # Collect every boundary, then set them in one call: assigning token.is_sent_start
        # one token at a time makes spaCy re-check the whole doc each time (quadratic).
        starts = numpy.full(len(doc), -1, dtype="int32")
        depth = 0
        pending = False  # a boundary waits for the next token that is not whitespace
        for i, token in enumerate(doc):
            if token.is_space:
                if "\n" in token.text:
                    pending, depth = True, 0
                continue
            if pending:
                starts[i] = 1
            pending = False
            text = token.text
            if text in OPENING:
                depth += 1
            elif text in CLOSING:
                depth = max(0, depth - 1)
            elif not depth and i + 1 < len(doc) and self._ends_sentence(doc, i):
                following = next((t for t in doc[i + 1 :] if not t.is_space), None)
                pending = following is not None and _can_open_sentence(following.text)
        if len(doc):
            starts[0] = 1
            # from_array reads uint64 (-1 wraps and is read back as "not a start"); int32 is misread
            doc.from_array([SENT_START], starts.astype("uint64"))
        return doc

    def _ends_sentence(self, doc: Doc, i: int) -> bool:
        token = doc[i]
        text = token.text
        if text in SENTENCE_FINAL:
            if text == "." and i and not doc[i - 1].whitespace_:
                return doc[i - 1].text.lower() not in self.no_split_after
            return True
        # tokenizer exceptions keep some abbreviations with their stop ("vs.", "e.g.")
        if text.endswith(".") and len(text) > 1:
            return text.lower().rstrip(".") not in self.no_split_after
        return False


def _can_open_sentence(text: str) -> bool:
    first = text[0]
    return first.isupper() or first.isdigit() or first in "\"'“‘([*"

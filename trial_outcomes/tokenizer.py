"""A tokenizer for trial-result notation, built on spaCy's English rules.

spaCy's English tokenizer already reaches most boundaries the schema needs; these
additions make the same statistic tokenize the same way however it is spaced, so the
NER sees one pattern, not several:

- comparison operators and ``±`` are split wherever they sit (``p<0.001`` and
  ``p < 0.001`` both give ``p``, ``<``, ``0.001``);
- en dash, em dash and unicode minus between digits split like the ASCII hyphen
  already does (``12.7–21.5`` as ``12.7``, ``–``, ``21.5``);
- brackets glued inside a word are split (``SRI(4)``, ``SRI[4]``), and so are a closing
  bracket and the punctuation glued after it (``(n=1).Anifrolumab``);
- a full stop after a unit that ends in a capital, after a lone capital or after ``∞`` is
  split off (``mg/dL.``, ``−0.55 D.``, ``Engerix-B.``, ``AUC0–∞.``);
- a ``+`` between letters splits a combination into its drugs (``MTX+HCQ``);
- a unit letter keeps no full stop (``24 h.``, ``5 g.``), which spaCy keeps as an initial;
- the unicode hyphens U+2010 and U+2011 split words as ``-`` does (``placebo‐treated``);
- index names that spaCy's unit rules would cut are kept whole (``SLEDAI-2K``).

scispacy's ``combined_rule_tokenizer`` was the other candidate base; it keeps
``CLASI-A/CLASI-D`` as one token, which no gold boundary can cross, so we build on
spaCy's rules instead (see ``scripts/compare_tokenizers.py`` for the measured
difference on the corpus).
"""
from typing import Callable, Iterable

from spacy.lang.en import English
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex, registry

EXTRA_INFIXES = (
    r"[<>=≤≥≦≧±]",
    r"(?<=[0-9])[–—−](?=[0-9])",
    r"(?<=[A-Za-z])[‐‑](?=[A-Za-z])",  # U+2010/U+2011 hyphens, as spaCy already does for "-"
    r"(?<=[A-Za-z0-9])[\(\[\{](?=[A-Za-z0-9])",
    r"(?<=[A-Za-z0-9%])[\)\]\}](?=\S)",
    r"(?<=[\)\]\}])[.,;:](?=[A-Za-z])",  # "...(n=1).Anifrolumab": missing space after a bracket
    r"(?<=[A-Za-z])\+(?=[A-Za-z])",  # combinations written "MTX+HCQ" (but "CD4+CD25+" stays)
)
# a sentence-final stop after a unit ending in a capital ("30 mg/dL.", "5 mmol/L.") or
# after a lone capital ("−0.55 D.", "Engerix-B.", "vitamin D.") or after "∞" ("AUC0–∞.")
EXTRA_SUFFIXES = (r"(?<=[a-zμµ/][A-Z])\.", r"(?<=^[A-Z])\.", r"(?<=[-‐][A-Z])\.", r"(?<=∞)\.")
# strings spaCy's suffix rules would split that name one thing in this domain
# spaCy keeps "h." whole as an initial; after a number it is a unit ending a sentence
UNIT_LETTERS = ("h.", "d.", "g.", "m.", "s.")
KEEP_WHOLE = ("SLEDAI-2K", "SELENA-SLEDAI-2K", "SLICC/ACR", "MEX-SLEDAI", "BILAG-2004")


def build_tokenizer(nlp: Language, extra_infixes: Iterable[str] = EXTRA_INFIXES) -> Tokenizer:
    defaults = English.Defaults
    infixes = list(defaults.infixes) + list(extra_infixes)
    suffixes = list(defaults.suffixes) + list(EXTRA_SUFFIXES)
    tokenizer = Tokenizer(
        nlp.vocab,
        rules={k: v for k, v in defaults.tokenizer_exceptions.items() if k not in UNIT_LETTERS},
        prefix_search=compile_prefix_regex(defaults.prefixes).search,
        suffix_search=compile_suffix_regex(suffixes).search,
        infix_finditer=compile_infix_regex(infixes).finditer,
        token_match=defaults.token_match,
        url_match=defaults.url_match,
    )
    for text in KEEP_WHOLE:
        tokenizer.add_special_case(text, [{"ORTH": text}])
    return tokenizer


@registry.tokenizers("trial_outcomes.Tokenizer.v1")
def create_tokenizer() -> Callable[[Language], Tokenizer]:
    return build_tokenizer


def blank_pipeline() -> Language:
    """An English pipeline with only this tokenizer: what the corpus is tokenized with."""
    nlp = English()
    nlp.tokenizer = build_tokenizer(nlp)
    return nlp

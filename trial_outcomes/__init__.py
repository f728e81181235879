"""trial_outcomes: a spaCy pipeline that reads clinical-trial text and extracts outcome records.

Importing the package registers its tokenizer, components, architectures, readers and
scorers; spaCy finds them through the package's entry points, so ``spacy.load`` works
in a fresh process without importing anything first.
"""
from . import abbreviations, outcomes, readers, relations, sentences, tokenizer  # noqa: F401  (registrations)

__version__ = "0.1.0"

"""The rule-only entity baseline: regular expressions and small lexicons, no learning.

It answers "how far do patterns get?" in the evaluation report, beside the trained
NER. It knows the lupus field's drugs and endpoints by name, common drug-name stems,
and the notation of statistics and doses; it knows nothing of context.
"""
import re
from typing import List, Tuple

_NUM = r"[-−+]?\d+(?:,\d{3})*(?:\.\d+)?|[-−]?\.\d+"
_RANGE = rf"(?:{_NUM})\s*(?:–|—|-|to)\s*(?:{_NUM})"
_UNIT = r"(?:mg|g|µg|μg|mcg|mL|ml|IU|U|kcal|mmol)(?:\s*/\s*(?:kg|m2|m²|day|d|dL|ml|mL|week|wk))*"

STATISTIC_PATTERNS = [
    rf"\*?[pP]\*?\s*(?:<=|>=|[<>=≤≥])\s*(?:{_NUM})",
    rf"95\s*%\s*(?:CI|confidence interval)[:,]?\s*[\[(]?\s*(?:{_NUM})\s*(?:–|—|-|to|,)\s*(?:{_NUM})",
    rf"\b(?:a?HR|a?OR|a?RR|IRR|hazard ratio|odds ratio|relative risk)\b[\s,:=]*(?:{_NUM})",
    rf"\b(?:mean |risk |absolute )?difference[\s,:=]*(?:of\s*)?(?:{_NUM})\s*%?",
    rf"(?:{_NUM})\s*±\s*(?:{_NUM})(?:\s*(?:months|years|days|weeks|mg/dL|points|%))?",
    rf"(?:{_NUM})\s*[\[(](?:IQR\s*)?(?:{_RANGE})[\])]",
    rf"(?:{_NUM})(?:\s*/\s*(?:{_NUM}))?\s*\(\s*(?:{_NUM})\s*%\s*\)",
    rf"\b[nN]\s*=\s*\d[\d,]*",
    rf"\b\d+\s*(?:/|of)\s*\d+\b",
    rf"(?:{_RANGE})\s*%",
    rf"(?:{_NUM})\s*%",
]
DOSE_PATTERNS = [rf"(?:{_NUM})(?:\s*(?:–|—|-|to)\s*(?:{_NUM}))?\s*-?{_UNIT}\b"]
DRUGS = (
    "anifrolumab belimumab voclosporin obinutuzumab rituximab mycophenolate mofetil mycophenolic acid "
    "mycophenolate cyclophosphamide tacrolimus hydroxychloroquine baricitinib deucravacitinib ustekinumab "
    "litifilimab dapirolizumab pegol telitacicept atacicept cenerimod iberdomide azathioprine methotrexate "
    "prednisone prednisolone methylprednisolone glucocorticoids corticosteroids abatacept epratuzumab "
    "sifalimumab tabalumab upadacitinib secukinumab chloroquine thalidomide enpatoran placebo"
).split()
DRUG_PHRASES = ["mycophenolate mofetil", "dapirolizumab pegol", "standard of care", "standard therapy", "usual care", "MMF", "HCQ", "CYC"]
DRUG_STEMS = r"\b[A-Za-z]+(?:mab|nib|tinib|cept|limus|sporin|pril|sartan|statin|gliflozin|glutide|prazole|mycin|cillin|floxacin|olol|dipine|parin|azole|vir)\b"
ENDPOINTS = [
    "SLE Responder Index-4", "SLE Responder Index", "SRI-4", "SRI-5", "SRI-6", "SRI(4)", "SRI[4]", "SRI",
    "BILAG-Based Composite Lupus Assessment", "BICLA", "BILAG", "SLEDAI-2K", "SELENA-SLEDAI", "SLEDAI",
    "CLASI-A", "CLASI-D", "CLASI", "UPCR", "urine protein-creatinine ratio", "eGFR", "LLDAS", "DORIS remission",
    "PGA", "Physician Global Assessment", "complete renal response", "partial renal response", "renal response",
    "adverse events", "serious adverse events", "serious infections", "infections", "herpes zoster",
    "infusion reactions", "flares", "severe flares", "overall survival", "progression-free survival",
    "objective response rate", "HbA1c", "proteinuria", "serum creatinine", "mortality", "death",
]
POPULATION_PATTERNS = [
    r"\b(?:patients|adults|participants|women|men|children) with (?:active |refractory |moderate(?:-| to )severe |severe |mild(?:-| to )moderate )?"
    r"(?:SLE|systemic lupus erythematosus|lupus nephritis|LN|cutaneous lupus(?: erythematosus)?|discoid lupus|[a-z]+ (?:disease|cancer|failure|diabetes))",
    r"\b(?:IFN-high|IFN-low) patients\b",
    r"\bhealthy volunteers\b",
]


def _lexicon_pattern(words: List[str]) -> str:
    ordered = sorted(set(words), key=len, reverse=True)
    return r"(?<![\w-])(?:" + "|".join(re.escape(w) for w in ordered) + r")(?![\w])"


_COMPILED: List[Tuple[str, "re.Pattern[str]"]] = (
    [("STATISTIC", re.compile(p)) for p in STATISTIC_PATTERNS]
    + [("DOSE", re.compile(p)) for p in DOSE_PATTERNS]
    + [("DRUG", re.compile(_lexicon_pattern(DRUGS + DRUG_PHRASES), re.I)), ("DRUG", re.compile(DRUG_STEMS))]
    + [("ENDPOINT", re.compile(_lexicon_pattern(ENDPOINTS), re.I))]
    + [("POPULATION", re.compile(p, re.I)) for p in POPULATION_PATTERNS]
)


def rule_entities(text: str) -> List[Tuple[int, int, str]]:
    """Non-overlapping (start, end, label) spans: longest match first, then earliest."""
    found = [(m.start(), m.end(), label) for label, pattern in _COMPILED for m in pattern.finditer(text) if m.end() > m.start()]
    found.sort(key=lambda s: (-(s[1] - s[0]), s[0]))
    taken: List[Tuple[int, int]] = []
    kept = []
    for start, end, label in found:
        if any(start < e and s < end for s, e in taken):
            continue
        taken.append((start, end))
        kept.append((start, end, label))
    return sorted(kept)

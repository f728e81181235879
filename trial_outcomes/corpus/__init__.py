"""Reading, checking and converting annotated documents."""
from .inline import format_ann, iter_ann_files, parse_ann, read_ann_file
from .model import AnnotatedDoc, CorpusError, RelationAnnotation, SpanAnnotation

__all__ = [
    "AnnotatedDoc",
    "CorpusError",
    "RelationAnnotation",
    "SpanAnnotation",
    "format_ann",
    "iter_ann_files",
    "parse_ann",
    "read_ann_file",
]

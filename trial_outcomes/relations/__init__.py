"""Relation extraction: candidates, model, component and the records on the Doc."""
from . import candidates, model  # noqa: F401  (registers architectures and generators)
from .component import RelationExtractor, make_relation_extractor
from .records import Relation, get_relations, set_relations

__all__ = ["Relation", "RelationExtractor", "get_relations", "make_relation_extractor", "set_relations"]

"""Dispatch (công văn) parsing: text in, Decree 30/2020 fields with spans out."""

from lantoa.core.dispatch.graph import Cascade, Node, cascade_link
from lantoa.core.dispatch.model import (
    SCHEMA_VERSION,
    Appendix,
    Dispatch,
    Reference,
    Signer,
    Span,
    Task,
    dispatch_to_data,
)
from lantoa.core.dispatch.parser import code_key, diacritic_ratio, parse_dispatch, prepare

__all__ = [
    "SCHEMA_VERSION",
    "Appendix",
    "Cascade",
    "Dispatch",
    "Node",
    "Reference",
    "Signer",
    "Span",
    "Task",
    "cascade_link",
    "code_key",
    "diacritic_ratio",
    "dispatch_to_data",
    "parse_dispatch",
    "prepare",
]

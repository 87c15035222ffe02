"""Link dispatches into the cascade they belong to, by the documents they cite.

A dispatch that cites "Công văn số 244/CĐSQG-CSS" was issued *because of* 244: in
the cascade, 244 is its parent. Cited documents that were not loaded still appear
as nodes (marked ``loaded=False``), so a lone provincial dispatch shows where its
instruction came from.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from lantoa.core.dispatch.model import Dispatch
from lantoa.core.dispatch.parser import code_key


@dataclass(slots=True)
class Node:
    key: str
    code: str
    name: str | None = None  # the file name of a loaded dispatch
    issuer: str | None = None
    date: str | None = None
    subject: str | None = None
    loaded: bool = False
    parents: list[str] = field(default_factory=list)
    children: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Cascade:
    nodes: dict[str, Node]

    @property
    def edges(self) -> list[tuple[str, str]]:
        """(cited code, citing code) pairs, in load order."""
        return [
            (self.nodes[parent].code, node.code)
            for node in self.nodes.values()
            for parent in node.parents
        ]

    @property
    def roots(self) -> list[Node]:
        return [n for n in self.nodes.values() if not n.parents]

    def render(self) -> list[str]:
        """The cascade as an indented tree, one line a document."""
        out: list[str] = []

        def label(node: Node) -> str:
            bits = [node.code]
            if node.name and node.name != node.code:
                bits.append(f"[{node.name}]")
            if node.issuer:
                bits.append(f"— {node.issuer}")
            if node.date:
                bits.append(f"({node.date})")
            if not node.loaded:
                bits.append("· được trích dẫn, chưa nạp / cited, not loaded")
            return " ".join(bits)

        def walk(key: str, prefix: str, last: bool, top: bool, seen: frozenset[str]) -> None:
            node = self.nodes[key]
            branch = "" if top else ("└── " if last else "├── ")
            out.append(prefix + branch + label(node))
            if key in seen:
                return
            kids = node.children
            for i, kid in enumerate(kids):
                extension = "" if top else ("    " if last else "│   ")
                walk(kid, prefix + extension, i == len(kids) - 1, False, seen | {key})

        for root in sorted(self.roots, key=lambda n: not n.children):
            walk(root.key, "", True, True, frozenset())
        return out


def cascade_link(documents: Sequence[tuple[str, Dispatch]]) -> Cascade:
    """Build the cascade of ``(name, dispatch)`` pairs; each cited number becomes a parent."""
    nodes: dict[str, Node] = {}
    for name, d in documents:
        key = code_key(d.number, d.symbol) if d.number else f"file:{name}"
        code = d.code or name
        node = nodes.setdefault(key, Node(key=key, code=code))
        node.code, node.name, node.loaded = code, name, True
        node.issuer, node.date, node.subject = d.issuer, d.date, d.subject
    for name, d in documents:
        key = code_key(d.number, d.symbol) if d.number else f"file:{name}"
        for ref in d.references:
            rkey = code_key(ref.number, ref.symbol)
            if rkey == key:
                continue
            parent = nodes.setdefault(
                rkey, Node(key=rkey, code=ref.code, issuer=ref.issuer, date=ref.date)
            )
            if rkey not in nodes[key].parents:
                nodes[key].parents.append(rkey)
                parent.children.append(key)
    return Cascade(nodes)

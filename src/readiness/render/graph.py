"""The task graph as Graphviz DOT or Mermaid: nodes grouped (by wave or by area), edges from
a dependency to its dependent."""
from __future__ import annotations

from typing import Any


def _dot_id(text: str) -> str:
    """A DOT quoted string: the text exactly (so distinct ids stay distinct), on one line;
    a backslash is escaped, so ``\\n`` or ``\\l`` in a title is text, not DOT's line break."""
    return '"' + " ".join(text.splitlines()).replace("\\", "\\\\").replace('"', '\\"') + '"'


def _grouped(nodes: list[tuple[str, str, str]]) -> dict[str, list[tuple[str, str]]]:
    """Nodes (id, label, group) by group, groups in order of first appearance."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for node_id, label, group in nodes:
        groups.setdefault(group, []).append((node_id, label))
    return groups


def to_dot(data: dict[str, Any]) -> str:
    """Graphviz DOT: one cluster per group (wave or area), edges from dependency to dependent."""
    nodes, edges, group_label = data["nodes"], data["edges"], data["group"]
    lines = ["digraph readiness {", "  rankdir=LR;", '  node [shape=box, style="rounded", fontname="sans-serif"];']
    for i, (group, members) in enumerate(_grouped(nodes).items()):
        lines.append(f"  subgraph cluster_{i} {{")
        lines.append(f"    label={_dot_id(f'{group_label} {group}')};")
        for node_id, label in members:
            lines.append(f"    {_dot_id(node_id)} [label={_dot_id(label)}];")
        lines.append("  }")
    for src, dst in edges:
        lines.append(f"  {_dot_id(src)} -> {_dot_id(dst)};")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _mermaid_id(text: str) -> str:
    """A Mermaid node id that no other text gives: ASCII letters and digits as they are, any other
    character as ``_<hex>_`` (``hr.a-b``, ``hr.a.b`` and ``hr.a_b`` stay three nodes)."""
    return "t_" + "".join(c if c.isascii() and c.isalnum() else f"_{ord(c):x}_" for c in text)


def _mermaid_label(text: str) -> str:
    """A quoted Mermaid label: its entity codes for the characters Mermaid reads as markup."""
    text = " ".join(text.splitlines()).replace("#", "#35;")
    for char, code in (('"', "#quot;"), ("<", "#lt;"), (">", "#gt;"), ("`", "#96;")):
        text = text.replace(char, code)
    return text


def to_mermaid(data: dict[str, Any]) -> str:
    """Mermaid flowchart (renders in GitHub and GitLab Markdown)."""
    nodes, edges, group_label = data["nodes"], data["edges"], data["group"]
    lines = ["flowchart LR"]
    for i, (group, members) in enumerate(_grouped(nodes).items()):
        lines.append(f'  subgraph g{i}["{_mermaid_label(f"{group_label} {group}")}"]')
        for node_id, label in members:
            lines.append(f'    {_mermaid_id(node_id)}["{_mermaid_label(label)}"]')
        lines.append("  end")
    for src, dst in edges:
        lines.append(f"  {_mermaid_id(src)} --> {_mermaid_id(dst)}")
    return "\n".join(lines) + "\n"

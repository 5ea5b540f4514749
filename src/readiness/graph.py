"""Graph checks and exports of the task graph (the only module that imports networkx)."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Iterable

from .errors import Diagnostic

if TYPE_CHECKING:
    from .model import Task


def task_graph(tasks: Iterable["Task"]) -> Any:
    import networkx as nx

    graph = nx.DiGraph()
    for task in tasks:
        graph.add_node(task.id)
    for task in tasks:
        for dep in task.depends_on:
            if dep in graph:
                graph.add_edge(dep, task.id)
    return graph


def cycle_diagnostics(tasks: list["Task"], elements: dict[str, Any]) -> list[Diagnostic]:
    """One finding per strongly connected set of tasks, naming every task on it."""
    import networkx as nx

    graph = task_graph(tasks)
    out = []
    for component in nx.strongly_connected_components(graph):
        members = sorted(component)
        if len(members) == 1 and not graph.has_edge(members[0], members[0]):
            continue
        sub = graph.subgraph(members)
        cycle = [edge[0] for edge in nx.find_cycle(sub, source=members[0])]
        loop = " → ".join(cycle + [cycle[0]])
        first = elements[members[0]]
        extra = f"; tasks on the cycle: {', '.join(members)}" if len(members) > len(cycle) else ""
        message = f"dependency cycle: {loop}{extra}"
        if len(members) == 1:
            message = f"task '{members[0]}' depends on itself"
        out.append(first.diag("G001", message, "remove one of these depends_on entries so the tasks can be ordered", key="depends_on"))
    return out


def _dot_id(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _grouped(nodes: list[tuple[str, str, str]]) -> dict[str, list[tuple[str, str]]]:
    """Nodes (id, label, group) by group, groups in order of first appearance."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for node_id, label, group in nodes:
        groups.setdefault(group, []).append((node_id, label))
    return groups


def to_dot(nodes: list[tuple[str, str, str]], edges: list[tuple[str, str]], group_label: str) -> str:
    """Graphviz DOT: one cluster per group (wave or area), edges from dependency to dependent."""
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
    return "t_" + "".join(c if c.isalnum() else "_" for c in text)


def _mermaid_label(text: str) -> str:
    return text.replace('"', "#quot;").replace("\n", " ")


def to_mermaid(nodes: list[tuple[str, str, str]], edges: list[tuple[str, str]], group_label: str) -> str:
    """Mermaid flowchart (renders in GitHub and GitLab Markdown)."""
    lines = ["flowchart LR"]
    for i, (group, members) in enumerate(_grouped(nodes).items()):
        lines.append(f'  subgraph g{i}["{_mermaid_label(f"{group_label} {group}")}"]')
        for node_id, label in members:
            lines.append(f'    {_mermaid_id(node_id)}["{_mermaid_label(label)}"]')
        lines.append("  end")
    for src, dst in edges:
        lines.append(f"  {_mermaid_id(src)} --> {_mermaid_id(dst)}")
    return "\n".join(lines) + "\n"

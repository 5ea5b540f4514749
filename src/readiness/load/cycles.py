"""Dependency cycles in a set's task graph (the only module that imports networkx)."""
from __future__ import annotations

from typing import Any, Iterable

from ..errors import Diagnostic
from ..findings import Msg
from ..model import Task


def task_graph(tasks: Iterable[Task]) -> Any:
    import networkx as nx  # lazy: 70 ms of start-up, needed only when a set is compiled

    graph = nx.DiGraph()
    for task in tasks:
        graph.add_node(task.id)
    for task in tasks:
        for dep in task.depends_on:
            if dep in graph:
                graph.add_edge(dep, task.id)
    return graph


def cycle_diagnostics(tasks: list[Task], elements: dict[str, Any]) -> list[Diagnostic]:
    """One finding per strongly connected set of tasks, naming every task on it."""
    import networkx as nx  # lazy: 70 ms of start-up, needed only when a set is compiled

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
        message = Msg("G001.cycle", loop=loop)
        if len(members) > len(cycle):
            message = Msg("G001.cycle_with_more", loop=loop, tasks=", ".join(members))
        if len(members) == 1:
            message = Msg("G001.depends_on_itself", task=members[0])
        out.append(first.diag("G001", message, Msg("hint.remove_dependency"), key="depends_on"))
    return out

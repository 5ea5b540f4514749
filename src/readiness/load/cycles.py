"""Dependency cycles in a set's task graph: found with the standard library, described with
networkx (the only module that imports it)."""
from __future__ import annotations

from graphlib import CycleError, TopologicalSorter
from typing import Any, Iterable

from ..errors import Diagnostic
from ..findings import Msg
from ..model import Task


def task_graph(tasks: Iterable[Task]) -> Any:
    import networkx as nx  # lazy: 200 ms of start-up, needed only to describe cycles

    graph = nx.DiGraph()
    for task in tasks:
        graph.add_node(task.id)
    for task in tasks:
        for dep in task.depends_on:
            if dep in graph:
                graph.add_edge(dep, task.id)
    return graph


def has_cycle(tasks: list[Task]) -> bool:
    """Whether the task graph has a cycle: the standard library answers at once; networkx is
    needed only to describe the cycles (200 ms of start-up that a clean set never pays)."""
    known = {t.id for t in tasks}
    try:
        TopologicalSorter({t.id: [d for d in t.depends_on if d in known] for t in tasks}).prepare()
    except CycleError:
        return True
    return False


def cycle_diagnostics(tasks: list[Task], elements: dict[str, Any]) -> list[Diagnostic]:
    """One finding per strongly connected set of tasks, naming every task on it."""
    if not has_cycle(tasks):
        return []
    import networkx as nx  # lazy: 200 ms of start-up, needed only to describe cycles

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

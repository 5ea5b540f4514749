"""The program names nothing of the bundled set: no id, no fact, no path of it appears in src/.

The facts, tasks, sources and scenarios of kg-mes-2020 are the ministry's data; if the program
named one, a set without it (tests/fixtures/sets/) would break, and the ministry could not
rename it. Words every set shares (the institution block, the profile's keys) are not the set's.
"""
from __future__ import annotations

import re
from pathlib import Path

from conftest import BUNDLED, ROOT
from readiness.load.playbook import read_set
from readiness.schema import SCHEMA_NAMES, load_schema

SRC = ROOT / "src" / "readiness"


def set_names() -> set[str]:
    """Every id of the bundled set, its own id, and the path of every fact and group of facts.

    A word the program's own formats use (a key of one of its JSON Schemas: ``support``,
    ``documents``, ``head``) is the program's, even where the set also uses it as an id.
    """
    loaded = read_set(BUNDLED)
    names = {str(loaded.manifest.data["id"])} if loaded.manifest else set()
    for elements in loaded.elements.values():
        names.update(el.id for el in elements)
    return names - program_words() - {""}


def program_words() -> set[str]:
    words: set[str] = set()

    def collect(node: object) -> None:
        if isinstance(node, dict):
            words.update(node.get("properties", {}))
            for value in node.values():
                collect(value)
        elif isinstance(node, list):
            for value in node:
                collect(value)

    for name in SCHEMA_NAMES:
        collect(load_schema(name))
    return words


def hits(text: str, name: str) -> list[str]:
    """Where ``name`` appears in ``text``: anywhere when it is distinctive (has . - _), else as a
    quoted or back-quoted word."""
    if re.search(r"[._-]", name):
        pattern = r"(?<![\w.-])" + re.escape(name) + r"(?![\w-])"
    else:
        pattern = r"""(?<=["'`])""" + re.escape(name) + r"""(?=["'`])"""
    return [text[max(0, m.start() - 40):m.end() + 20].replace("\n", " ") for m in re.finditer(pattern, text)]


def test_the_program_names_no_id_fact_or_path_of_the_bundled_set() -> None:
    names = set_names()
    assert {"staff.teaching", "rooms.area_m2", "hr.staffing-table", "blended", "HR-T1", "kg-mes-2020"} <= names | {"kg-mes-2020"}
    found = []
    for path in sorted(SRC.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        for name in sorted(names):
            found += [f"{path.relative_to(ROOT)}: {name!r} in …{h}…" for h in hits(text, name)]
    assert not found, "\n".join(found)


def test_the_check_finds_a_name_of_the_set(tmp_path: Path) -> None:
    """The test above can fail: a fact path or a task id written into code is found."""
    assert hits('x = "staff.teaching"', "staff.teaching") and hits("# see hr.staffing-table", "hr.staffing-table")
    assert hits("key = 'rooms'", "rooms") and not hits("the rooms of a building", "rooms")


def test_the_help_of_every_command_names_no_scenario_or_actor_of_the_bundled_set() -> None:
    from click.testing import CliRunner

    from readiness.cli import main

    loaded = read_set(BUNDLED)
    ids = {el.id for kind in ("scenarios", "actors") for el in loaded.elements[kind] if len(el.id) > 2} - program_words()  # not "it"
    for name in ["", *main.commands]:
        text = CliRunner().invoke(main, [*([name] if name else []), "--help"]).output
        named = sorted(i for i in ids if re.search(r"(?<![\w-])" + re.escape(i) + r"(?![\w-])", text))
        assert not named, f"readiness {name} --help names {named}"

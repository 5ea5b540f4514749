"""A set's fact declarations: compiled into the set's profile schema, the rules' types and the
fields a form asks for (``profile_fields``, for the browser form)."""
from __future__ import annotations

import json

from conftest import BUNDLED, FIXTURES, ROOT
from readiness.load.facts import profile_fields, type_env
from readiness.load.playbook import load_playbook
from readiness.rules import BOOL, NUMBER, STRING, listof

LIBRARY = FIXTURES / "sets" / "library"


def test_the_bundled_sets_profile_schema_is_the_one_the_program_had(bundled_playbook) -> None:
    """The 2020 facts moved from schemas/profile.schema.json into the set: generated back, the schema
    is the program's last one (kept in tests/data), save the playbook and lang keys and the examples of init."""
    old = json.loads((ROOT / "tests" / "data" / "profile.schema.2020.json").read_text(encoding="utf-8"))
    new = json.loads(json.dumps(bundled_playbook.profile_schema))

    def strip(node: object) -> object:
        if isinstance(node, dict):
            return {k: strip(v) for k, v in node.items() if k not in ("title", "description", "$id", "examples", "pattern")}
        return [strip(v) for v in node] if isinstance(node, list) else node

    added = new["properties"].pop("playbook")
    assert added["required"] == ["id"]
    assert new["properties"].pop("lang")["enum"] == ["ky", "ru", "en"]  # the reader's language (issue 13)
    assert strip(new) == strip(old)
    assert new["properties"]["facts"]["properties"]["rooms"]["maxItems"] == 5000


def test_rules_see_the_types_the_set_declares() -> None:
    env = type_env(load_playbook(LIBRARY).profile_schema)
    assert env["collection.books"].type == NUMBER and env["collection.catalogue"].enum == ("none", "card", "electronic")
    assert env["terminals.working"].type == listof(BOOL) and env["institution.region"].type == STRING
    assert "staff.teaching" not in env and "reading_room.heating" not in env  # the 2020 facts, a retired one


def test_profile_fields_give_a_form_everything_it_asks_with() -> None:
    fields = {f.path: f for f in profile_fields(load_playbook(BUNDLED))}
    teaching = fields["facts.staff.teaching"]
    assert (teaching.type, teaching.minimum, teaching.nullable, teaching.group, teaching.fact) == ("integer", 0, True, "facts.staff", "staff.teaching")
    assert teaching.title["ky"] == "Окутуучулар курамы (ПОК/ИПК)" and teaching.help["ru"].startswith("Численность преподавателей")
    share = fields["facts.staff.low_ict_skills_share"]
    assert (share.unit, share.minimum, share.maximum) == ("share", 0, 1)
    rooms = fields["facts.rooms"]
    items = {i.path: i for i in rooms.items}
    assert rooms.type == "list" and rooms.max_items == 5000 and "facts.rooms.area_m2" not in fields
    assert items["facts.rooms.count"].default == 1 and items["facts.rooms.count"].has_default
    assert items["facts.rooms.id"].required and not items["facts.rooms.area_m2"].nullable
    assert items["facts.rooms.kind"].choices[:2] == ("classroom", "lecture_hall")
    kind = fields["institution.type"]
    assert kind.shared and kind.required and kind.choices == ("primary", "secondary", "higher") and kind.title["ru"] == "Тип учебного заведения"
    assert fields["scenarios"].type == "choices" and fields["scenarios"].choice_titles["blended"]["en"].startswith("Scenario 2")
    assert fields["term_start"].type == "date" and fields["profile_version"].type == "integer"
    assert fields["progress"].type == "map" and [i.path for i in fields["progress"].items][0] == "progress.status"
    assert fields["waivers"].type == "list" and {i.path for i in fields["waivers"].items if i.required} == {"waivers.task", "waivers.reason"}


def test_profile_fields_of_another_set_are_its_own() -> None:
    fields = [f.path for f in profile_fields(load_playbook(LIBRARY)) if f.path.startswith("facts.")]
    assert fields == ["facts.collection", "facts.collection.books", "facts.collection.catalogue", "facts.collection.ebooks_licensed",
                      "facts.reading_room", "facts.reading_room.area_m2", "facts.readers", "facts.readers.registered",
                      "facts.readers.remote_share", "facts.terminals"]

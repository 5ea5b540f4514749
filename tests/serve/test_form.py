"""The profile form: generated from the set's declared facts and the shared profile fields, every fact type in and
out, "I don't know", the tables, and a file saved back as it was opened."""
from __future__ import annotations

import difflib
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import BUNDLED
from readiness.i18n import LANGUAGES
from readiness.load.facts import profile_fields
from readiness.load.playbook import load_playbook
from readiness.serve.form import (BOOLEAN, CHOICE, CHOICES, DATE, FIELDS, INTEGER, LIST, MAP, NUMBER, SHARE, TEXT,
                                  field_for_fact, key_order, sections)
from serve_helpers import EXAMPLES, LYCEUM, Client, app, client, profiles, shown, slot, value_of  # noqa: F401

ALL_KINDS = {INTEGER, NUMBER, SHARE, BOOLEAN, CHOICE, CHOICES, DATE, TEXT}
PB = load_playbook(BUNDLED)
NOT_ASKED = ("profile_version", "playbook", "lang")


def _paths(lang: str = "en") -> set[str]:
    out = set()
    for s in sections(PB, lang):
        prefix = "" if s.kind == FIELDS else ".".join(s.path) + "."
        out |= {prefix + f.name for f in s.fields}
    return out


def test_every_field_of_the_profile_is_in_the_form_once() -> None:
    """Every field profile_fields gives (the shared ones and the set's facts, tables' columns
    included), save the three the form does not ask for."""
    declared = profile_fields(PB)
    expected = {f.path for f in declared if f.type not in ("group", "list", "map") and f.path.split(".")[0] not in NOT_ASKED}
    expected |= {item.path for f in declared for item in f.items}
    fields = [f for s in sections(PB, "en") for f in s.fields]
    assert _paths() == expected
    assert len(fields) == len(expected)


def test_sections_are_the_groups_of_facts_and_the_tables() -> None:
    kinds = {s.id: s.kind for s in sections(PB, "en")}
    assert kinds["institution"] == FIELDS and kinds["staff"] == FIELDS and kinds["sanitary"] == FIELDS
    assert kinds["rooms"] == LIST and kinds["groups"] == LIST and kinds["waivers"] == LIST and kinds["progress"] == MAP
    groups = next(s for s in sections(PB, "en") if s.id == "groups")
    assert [f.name for f in groups.fields] == ["name", "size", "count", "on_site"]


def test_every_fact_type_has_a_kind_and_the_right_details() -> None:
    fields = {f.name: f for s in sections(PB, "ru") for f in s.fields if s.kind == FIELDS}
    assert {f.kind for s in sections(PB, "en") for f in s.fields} == ALL_KINDS
    assert fields["facts.staff.teaching"].kind == INTEGER and fields["facts.staff.teaching"].minimum == 0
    share = fields["facts.students.without_device_share"]
    assert share.kind == SHARE and share.unit == "%" and share.maximum is None   # shown 0-100, stored 0-1
    assert fields["facts.students.blended_days_per_week"].kind == NUMBER and fields["facts.students.blended_days_per_week"].maximum == 5
    assert fields["facts.digital.avn"].kind == BOOLEAN and fields["facts.digital.avn"].unknown
    lms = fields["facts.digital.lms"]
    assert lms.kind == CHOICE and [c for c, _ in lms.choices] == ["none", "moodle", "avn", "google_classroom", "other"]
    assert dict(fields["institution.settlement"].choices)["rural"] == "село (rural)"
    assert fields["term_start"].kind == DATE and fields["term_start"].required
    assert fields["scenarios"].kind == CHOICES and fields["institution.name"].kind == TEXT
    assert fields["facts.sanitary.desk_spacing_m"].unit == "м" and fields["facts.finance.budget_kgs"].unit == "сом"
    assert fields["facts.sanitary.airing_minutes"].unit == "мин"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_labels_and_help_come_from_the_set_and_the_catalogue(lang: str) -> None:
    for s in sections(PB, lang):
        for f in s.fields:
            key = (f.name if s.kind == FIELDS else ".".join(s.path) + "." + f.name).removeprefix("facts.")
            assert f.label == PB.fact_text(key, lang), key
            assert f.help == PB.fact_text(key, lang, "help"), key


def test_new_keys_go_where_the_schema_declares_them() -> None:
    order = key_order(sections(PB, "en"))
    assert order[()][:6] == ["profile_version", "institution", "updated", "term_start", "scenarios", "facts"]
    assert order[("facts", "staff")][:3] == ["admin", "teaching", "support"]
    assert order[("facts", "rooms", "*")][0] == "id"


def test_a_question_of_the_plan_finds_its_field() -> None:
    assert field_for_fact(PB, "staff.teaching") == "facts.staff.teaching"
    assert field_for_fact(PB, "institution.settlement") == "institution.settlement"
    assert field_for_fact(PB, "rooms.area_m2") == "section:rooms"
    assert field_for_fact(PB, "derived.capacity") is None


# -- through the pages ---------------------------------------------------------------
def test_the_page_draws_every_fact_with_a_label_in_the_chosen_language(client: Client) -> None:
    client.new()
    page = client.get("/profile?lang=ru").data.decode("utf-8")
    for s in sections(PB, "ru"):
        assert f'id="s-{s.id}"' in page and s.label in page
        if s.kind == FIELDS:
            for f in s.fields:
                assert f.label in page, f.name
    assert "Преподавательский состав (ППС/ИПР)" in page and "Teaching staff" not in page
    assert 'type="date"' in page and 'type="number"' in page and 'type="radio"' in page and "<select" in page


@pytest.mark.parametrize("example", EXAMPLES, ids=[e.stem for e in EXAMPLES])
def test_an_untouched_form_saves_the_file_as_it_was(client: Client, example: Path) -> None:
    assert client.open_example(example).status_code == 303
    assert client.submit().status_code == 303
    assert client.yaml() == example.read_text(encoding="utf-8")


def _edited(client: Client, changes: dict[str, Any], action: str = "check") -> str:
    client.submit(changes, action)
    return client.yaml()


def test_a_changed_value_changes_one_line(client: Client) -> None:
    client.open_example()
    before = LYCEUM.read_text(encoding="utf-8")
    after = _edited(client, {"facts.staff.teaching": "40"})
    diff = [d for d in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0) if d[:1] in "+-"]
    assert diff[2:] == ["-    teaching: 38", "+    teaching: 40"]


def test_a_new_value_goes_after_its_schema_neighbour(client: Client) -> None:
    client.open_example()
    after = _edited(client, {"facts.staff.over_60_share": None, "facts.staff.over_60_share~": None})
    assert "over_60_share" in after
    after = _edited(client, {"facts.digital.lms_integrates_video": "false"})
    lines = after.splitlines()
    assert lines[lines.index("    lms: none") + 1] == "    lms_integrates_video: false"


@pytest.mark.parametrize("name, typed, written", [
    ("facts.staff.teaching", "41", "teaching: 41"),
    ("facts.staff.teaching", " 1 200 ", "teaching: 1200"),
    ("facts.digital.internet_mbps", "12,5", "internet_mbps: 12.5"),
    ("facts.students.without_device_share", "45", "without_device_share: 0.45"),
    ("facts.students.without_device_share", "100", "without_device_share: 1"),
    ("facts.students.without_device_share", "12,5", "without_device_share: 0.125"),
    ("facts.digital.avn", "true", "avn: true"),
    ("facts.digital.avn", "false", "avn: false"),
    ("facts.digital.lms", "moodle", "lms: moodle"),
    ("term_start", "2020-09-14", "term_start: 2020-09-14"),
    ("updated", "2020-08-20", "updated: 2020-08-20"),
    ("institution.region", "Чүй", "region: Чүй"),
    ("scenarios", ["distance", "traditional"], "scenarios: [distance, traditional]"),
])
def test_every_fact_type_is_written_as_the_profile_format_says(client: Client, name: str, typed: Any, written: str) -> None:
    client.open_example()
    text = _edited(client, {name: typed})
    assert written in text.splitlines() or f"  {written}" in text or f"    {written}" in text, text
    assert client.get("/results").status_code == 200   # still a valid profile


def test_shares_are_shown_as_percentages(client: Client) -> None:
    client.open_example()
    page = client.get("/profile").data
    assert value_of(page, "f-facts-students-without-device-share") == "45"
    assert value_of(page, "f-facts-staff-low-ict-skills-share") == "60"


def test_unknown_for_every_kind(client: Client) -> None:
    client.open_example()
    text = _edited(client, {
        "facts.staff.teaching~": "1",                     # the box ticked on a known number
        "facts.digital.avn": "",                          # yes / no / I don't know
        "facts.digital.lms": "",                          # a choice's "I don't know"
        "institution.region~": "1",                       # text
    })
    data = yaml.safe_load(text)
    # a value that was there says "not known" (~) on its own line, comments and all
    assert data["facts"]["staff"]["teaching"] is None and data["facts"]["digital"]["avn"] is None
    assert data["facts"]["digital"]["lms"] is None and data["institution"]["region"] is None
    assert "    teaching: ~" in text.splitlines()
    plan = client.get("/plan/blended").data.decode("utf-8")
    assert "#f-facts-staff-teaching" in plan    # the plan now asks for it, with a link to the field


def test_a_value_typed_into_a_field_shown_as_unknown_counts(client: Client) -> None:
    client.open_example()
    page = client.get("/profile").data.decode("utf-8")
    assert 'name="facts.students.split_groups"' in page
    assert 'name="facts.staff.it_specialists~"' in page
    form = client.form()
    assert form.values.get("institution.contact~") == ["1"] and form.values.get("institution.contact~was") == ["1"]
    text = _edited(client, {"institution.contact": "А. Асанова"})   # the box stays ticked: the value wins
    assert "contact: А. Асанова" in text


def test_unknown_keeps_a_tilde_that_was_written(client: Client, tmp_path: Path) -> None:
    source = LYCEUM.read_text(encoding="utf-8").replace("    server: false\n", "    server: ~\n")
    path = tmp_path / "tilde.yaml"
    path.write_text(source, encoding="utf-8")
    client.open_example(path)
    assert client.yaml() == source
    text = _edited(client, {"facts.digital.internet_mbps~": "1"})
    assert "    server: ~" in text and "    internet_mbps: ~" in text   # the line stays, saying "not known"


def test_invalid_input_shows_the_engines_finding_and_keeps_what_was_typed(client: Client) -> None:
    client.open_example()
    client.get("/profile?lang=ru")
    client.submit({"facts.staff.teaching": "сорок", "institution.id": "Мой колледж", "term_start": "2020-02-30",
                   "facts.students.without_device_share": "150"})
    page = client.get("/profile").data
    assert value_of(page, "f-facts-staff-teaching") == "сорок"
    assert "ожидается целое число" in slot(page, "f-facts-staff-teaching")
    assert value_of(page, "f-institution-id") == "Мой колледж"
    assert "S001" in slot(page, "f-institution-id")
    assert value_of(page, "f-term-start") == "2020-02-30" and "2020-02-30" in slot(page, "f-term-start")
    assert value_of(page, "f-facts-students-without-device-share") == "150"
    assert slot(page, "f-facts-students-without-device-share")
    assert "Ошибок: 4." in shown(page)
    assert client.get("/results").status_code == 303       # no results while it has errors
    client.submit({"facts.staff.teaching": "40", "institution.id": "moy-college", "term_start": "2020-09-01",
                   "facts.students.without_device_share": "15"})
    page = client.get("/profile").data
    assert "В профиле нет ошибок." in shown(page)


def test_a_missing_required_value_is_shown_at_its_field(client: Client) -> None:
    client.new()
    client.get("/profile?lang=en")
    client.submit({"institution.name": "Test college"})
    page = client.get("/profile").data
    assert "missing" in slot(page, "f-institution-id") or "id" in slot(page, "f-institution-id")
    assert slot(page, "f-term-start") and slot(page, "f-scenarios")
    assert value_of(page, "f-institution-name") == "Test college"


def test_a_profile_from_scratch_is_valid_and_validates_with_the_cli(client: Client, profiles: Path) -> None:
    from click.testing import CliRunner
    from readiness.cli import main

    client.new()
    client.submit({"institution.id": "chui-agrarian-college", "institution.name": "Чүй агрардык колледжи",
                   "institution.type": "secondary", "term_start": "2020-09-01", "scenarios": ["blended"],
                   "facts.staff.teaching": "52", "facts.students.without_internet_share": "30",
                   "facts.digital.avn": "false", "facts.documents.timetable": "true"})
    assert client.submit(action="save").status_code == 303
    saved = profiles / "chui-agrarian-college.yaml"
    text = saved.read_text(encoding="utf-8")
    assert text.startswith("profile_version: 1\ninstitution:\n  id: chui-agrarian-college\n")
    assert "without_internet_share: 0.3" in text
    result = CliRunner().invoke(main, ["validate", str(saved)])
    assert result.exit_code == 0, result.output


# -- tables -------------------------------------------------------------------------------
def test_rooms_add_fill_and_remove_rows_without_script(client: Client) -> None:
    client.open_example()
    form = client.form()
    rows = int(form.values["rooms.rows"][0])
    client.submit(action="add:rooms")
    page = client.get("/profile").data.decode("utf-8")
    assert f'name="rooms.{rows}.area_m2"' in page   # a blank row to type into
    client.submit({f"rooms.{rows}.id": "7", f"rooms.{rows}.kind": "computer_lab", f"rooms.{rows}.area_m2": "54",
                   f"rooms.{rows}.workstations": "12", f"rooms.{rows}.windows_open": "true"})
    text = client.yaml()
    assert "- {id: '7', kind: computer_lab, area_m2: 54, workstations: 12, windows_open: true}" in text
    client.submit(action="remove:rooms:0")
    rooms = yaml.safe_load(client.yaml())["facts"]["rooms"]
    assert [r["id"] for r in rooms] == ["2", "3", "4", "5", "workshop", "7"]


def test_a_row_with_a_missing_required_cell_shows_the_finding_in_the_cell(client: Client) -> None:
    client.open_example()
    rows = int(client.form().values["rooms.rows"][0])
    client.submit(action="add:rooms")
    client.submit({f"rooms.{rows}.id": "8"})
    page = client.get("/profile?lang=en").data
    assert "area_m2" in slot(page, f"f-rooms-{rows}-area-m2")
    assert value_of(page, f"f-rooms-{rows}-id") == "8"


def test_groups_table(client: Client) -> None:
    client.open_example()
    client.submit(action="add:groups")
    client.submit({"groups.0.name": "Тракторист, 1-курс", "groups.0.size": "25", "groups.0.count": "6", "groups.0.on_site": "true"})
    client.submit(action="add:groups")
    client.submit({"groups.1.name": "Сырттан окуу", "groups.1.size": "20", "groups.1.on_site": "false"})
    groups = yaml.safe_load(client.yaml())["facts"]["groups"]
    assert groups == [{"name": "Тракторист, 1-курс", "size": 25, "count": 6, "on_site": True},
                      {"name": "Сырттан окуу", "size": 20, "on_site": False}]
    assert client.get("/results").status_code == 200


def test_progress_per_task_and_waivers(client: Client) -> None:
    client.open_example()
    client.submit(action="add:progress")
    client.submit({"progress.0.task": "hr.staffing-table", "progress.0.status": "done", "progress.0.date": "2020-07-20",
                   "progress.0.responsible": "А. Асанова", "progress.0.evidence": "Буйрук № 41"})
    client.submit(action="add:waivers")
    client.submit({"waivers.0.task": "hr.development-plan", "waivers.0.reason": "Колледж AVN колдонбойт",
                   "waivers.0.approved_by": "Директор"})
    data = yaml.load(client.yaml(), Loader=yaml.BaseLoader)
    assert data["progress"] == {"hr.staffing-table": {"status": "done", "date": "2020-07-20", "evidence": "Буйрук № 41",
                                                      "responsible": "А. Асанова"}}
    assert data["waivers"] == [{"task": "hr.development-plan", "reason": "Колледж AVN колдонбойт", "approved_by": "Директор"}]
    assert "  hr.staffing-table: {status: done, date: 2020-07-20, evidence: Буйрук № 41, responsible: А. Асанова}" in client.yaml()
    explain = client.get("/explain/blended/hr.development-plan").data.decode("utf-8")
    assert "Колледж AVN колдонбойт" in explain and "бошотулган" in explain


def test_progress_rows_that_cannot_be_keyed_stay_on_the_page(client: Client) -> None:
    client.open_example()
    client.submit(action="add:progress")
    client.submit({"progress.0.task": "hr.staffing-table", "progress.0.status": "done"})
    client.submit(action="add:progress")
    client.submit({"progress.1.task": "hr.staffing-table", "progress.1.status": "in_progress", "progress.1.note": "двойной"})
    page = client.get("/profile?lang=ru").data
    assert "уже указана выше" in slot(page, "f-progress-1-task")
    assert value_of(page, "f-progress-1-note") == "двойной"
    client.submit(action="add:progress")
    client.submit({"progress.2.status": "done", "progress.2.evidence": "без задачи"})
    page = client.get("/profile?lang=ru").data
    assert "Выберите задачу" in slot(page, "f-progress-2-task")
    assert value_of(page, "f-progress-2-evidence") == "без задачи"


def test_an_unknown_task_in_progress_is_a_warning_at_its_row(client: Client) -> None:
    client.open_example()
    client.submit(action="add:progress")
    client.submit({"progress.0.task": "hr.stafing-table", "progress.0.status": "done"})
    page = client.get("/profile?lang=en").data
    assert "hr.staffing-table" in slot(page, "f-progress-0-task")   # did you mean
    assert client.get("/results").status_code == 200               # a warning does not block


def test_posting_one_field_changes_one_field(client: Client) -> None:
    client.open_example()
    client.post("/profile", {"facts.staff.admin": "10"})
    text = client.yaml()
    assert "    admin: 10" in text
    assert text.replace("    admin: 10", "    admin: 9") == LYCEUM.read_text(encoding="utf-8")


def test_a_byte_order_mark_and_empty_nulls_are_kept(client: Client, tmp_path: Path) -> None:
    source = "\ufeff" + LYCEUM.read_text(encoding="utf-8").replace("    server: false\n", "    server:\n")
    path = tmp_path / "bom.yaml"
    path.write_bytes(source.encode("utf-8"))
    client.open_example(path)
    client.submit({"facts.digital.internet_mbps~": "1"})
    text = client.get("/profile.yaml").data.decode("utf-8")
    assert text.startswith("\ufeff") and "    server:\n" in text and "    internet_mbps:\n" in text
    assert text == source.replace("    internet_mbps: 4\n", "    internet_mbps:\n")


def test_a_key_the_schema_does_not_know_can_be_taken_out_in_the_form(client: Client, tmp_path: Path) -> None:
    source = LYCEUM.read_text(encoding="utf-8").replace("    teaching: 38\n", "    teaching: 38\n    teachers: 40\n")
    path = tmp_path / "typo.yaml"
    path.write_text(source, encoding="utf-8")
    client.open_example(path)
    page = client.get("/profile?lang=en").data.decode()
    assert "did you mean" in slot(page, "s-staff") and 'value="drop:/facts/staff/teachers"' in page
    assert client.get("/results").status_code == 303
    client.submit(action="drop:/facts/staff/teachers")
    assert client.yaml() == LYCEUM.read_text(encoding="utf-8")
    assert client.get("/results").status_code == 200
    client.submit(action="drop:/facts/staff/teaching")   # a declared key is never taken out this way
    client.submit(action="drop:/../../etc")
    assert client.yaml() == LYCEUM.read_text(encoding="utf-8")


def test_taking_out_keys_never_touches_declared_ones() -> None:
    from readiness.serve.edit import drop_unknown
    from readiness.io.roundtrip import parse

    doc, _ = parse("progress:\n  hr.x: {status: done, stat: 1}\nfacts:\n  rooms:\n    - {id: a, area_m2: 1, areas: 2}\n")
    order = key_order(sections(PB, "en"))
    assert not drop_unknown(doc, ("progress", "hr.x", "status"), order)
    assert not drop_unknown(doc, ("progress", "hr.x"), order)
    assert not drop_unknown(doc, ("facts", "rooms", "0", "area_m2"), order)
    assert drop_unknown(doc, ("progress", "hr.x", "stat"), order)
    assert drop_unknown(doc, ("facts", "rooms", "0", "areas"), order)
    assert dict(doc["progress"]["hr.x"]) == {"status": "done"} and dict(doc["facts"]["rooms"][0]) == {"id": "a", "area_m2": 1}


def test_progress_is_recorded_from_a_tasks_explanation(client: Client) -> None:
    client.open_example()
    page = client.get("/explain/blended/hr.development-plan?lang=ru").data.decode()
    assert 'value="track:hr.development-plan"' in page
    response = client.post("/profile", {"action": "track:hr.development-plan"})
    assert response.headers["Location"].endswith("/profile#s-progress")
    page = client.get("/profile").data
    assert value_of(page, "f-progress-0-task") == "hr.development-plan"
    assert client.yaml() == LYCEUM.read_text(encoding="utf-8")   # a row to fill in; nothing written yet
    client.submit({"progress.0.status": "in_progress", "progress.0.responsible": "Б. Бакирова"})
    assert "  hr.development-plan: {status: in_progress, responsible: Б. Бакирова}" in client.yaml()
    client.post("/profile", {"action": "track:no.such-task"})
    client.post("/profile", {"action": "track:hr.development-plan"})   # already there: no second row
    assert int(client.form().values["progress.rows"][0]) == 1


def test_another_set_gets_its_own_form(tmp_path: Path) -> None:
    """The second set (a college library) declares other facts: its form asks for them, in the
    reader's language, and for none of the 2020 matrix's."""
    from conftest import FIXTURES
    from readiness.serve.app import create_app

    library = load_playbook(FIXTURES / "sets" / "library")
    secs = {s.id: s for s in sections(library, "ru")}
    assert "staff" not in secs and "rooms" not in secs
    books = next(f for s in secs.values() for f in s.fields if f.name == "facts.collection.books")
    assert books.kind == INTEGER and books.label == "Книги"
    (tmp_path / "scratch").mkdir()
    client = Client(create_app(FIXTURES / "sets" / "library", tmp_path / "profiles", scratch=tmp_path / "scratch").test_client())
    client.new()
    page = client.get("/profile?lang=ru").data.decode("utf-8")
    assert 'name="facts.collection.books"' in page and "Книги" in page and "facts.staff.teaching" not in page

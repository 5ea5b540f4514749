from __future__ import annotations

import re

from conftest import ROOT, bundled_type_env
from readiness.schema import load_schema

DOCS = ROOT / "docs"


def test_profile_doc_lists_every_fact(update_goldens: bool, bundled_playbook) -> None:
    """The table of docs/profile-format.md is generated from the bundled set's declarations (facts.yaml)."""
    from readiness.render.facts import fact_table

    doc = DOCS / "profile-format.md"
    text = doc.read_text(encoding="utf-8")
    block = f"<!-- facts:start -->\n{fact_table(bundled_playbook)}\n<!-- facts:end -->"
    new = re.sub(r"<!-- facts:start -->.*<!-- facts:end -->", lambda _: block, text, flags=re.S)
    if update_goldens:
        doc.write_text(new, encoding="utf-8")
    assert new == text, "docs/profile-format.md is out of date: run pytest --update-goldens"
    for path in bundled_type_env():
        if "." in path:
            assert f"`{path}`" in text or bundled_type_env()[path].type.endswith("object"), path


def test_findings_doc_lists_exactly_the_codes_the_code_emits() -> None:
    source = "".join(p.read_text(encoding="utf-8") for p in (ROOT / "src" / "readiness").rglob("*.py"))
    emitted = set(re.findall(r'"([A-Z][0-9]{3})"', source))
    documented = set(re.findall(r"^\| ([A-Z][0-9]{3}) \|", (DOCS / "findings.md").read_text(encoding="utf-8"), re.M))
    assert emitted == documented


def test_readme_starts_with_the_two_commands() -> None:
    head = (ROOT / "README.md").read_text(encoding="utf-8")[:1500]
    assert "pip install" in head and "readiness plan" in head and "pytest" in head


def test_every_schema_property_has_title_and_description() -> None:
    from readiness.schema import SCHEMA_NAMES

    for name in SCHEMA_NAMES:
        missing = []

        def walk(node: object, where: str) -> None:
            if isinstance(node, dict):
                for key, sub in node.get("properties", {}).items():
                    if not (sub.get("title") and sub.get("description")):
                        missing.append(f"{where}.{key}")
                for value in node.values():
                    walk(value, where)
            elif isinstance(node, list):
                for value in node:
                    walk(value, where)

        walk(load_schema(name), name)
        assert not missing, missing


def test_every_profile_field_has_title_and_help_in_three_languages(bundled_playbook) -> None:
    """The set's facts (facts.yaml) and the shared fields (templates/i18n/facts.yaml)."""
    from readiness.i18n import fact_catalogue
    from readiness.schema import load_schema, walk

    catalogue = fact_catalogue()
    for path in bundled_type_env():
        assert path in bundled_playbook.facts or path in catalogue, path
    for fact in bundled_playbook.facts.values():
        for text in (fact.title, fact.help):
            assert set(text) == {"ky", "ru", "en"} and all(v.strip() for v in text.values()), fact.path
    shared = load_schema("profile")
    for field in walk(shared):
        if not field.path.startswith(("facts.", "progress.")):
            assert field.path in catalogue, field.path
    for path, entry in catalogue.items():
        for key in ("title", "help"):
            assert set(entry[key]) == {"ky", "ru", "en"} and all(v.strip() for v in entry[key].values()), (path, key)


def test_schema_command_offers_every_schema_file() -> None:
    from readiness.cli import main
    from readiness.schema import SCHEMA_NAMES

    on_disk = {p.name.removesuffix(".schema.json") for p in (ROOT / "schemas").glob("*.schema.json")}
    choices = set(main.commands["schema"].params[0].type.choices)
    assert on_disk == set(SCHEMA_NAMES) == choices
    for name in on_disk:
        schema = load_schema(name)
        assert schema["$id"] == f"https://readiness.kg/schemas/{name}.schema.json"
        assert schema["$schema"].endswith("2020-12/schema")

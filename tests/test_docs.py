from __future__ import annotations

import re

from conftest import ROOT
from readiness.load.facts import type_env
from readiness.schema import load_schema

DOCS = ROOT / "docs"


def facts_table() -> str:
    props = load_schema("profile")["properties"]
    rows = ["| fact | type | meaning |", "|---|---|---|"]

    def walk(schema: dict, prefix: str) -> None:
        for name, sub in schema.get("properties", {}).items():
            path = prefix + name
            kind = sub.get("type", "")
            if isinstance(kind, list):
                kind = next(k for k in kind if k != "null")
            if kind == "object":
                walk(sub, path + ".")
                continue
            if kind == "array" and sub.get("items", {}).get("type") == "object":
                rows.append(f"| `{path}` | list | {sub.get('description', '')} |")
                walk(sub["items"], path + ".")
                continue
            if "enum" in sub:
                kind = " \\| ".join(f"`{v}`" for v in sub["enum"] if v is not None)
            rows.append(f"| `{path}` | {kind} | {sub.get('description', '')} |")

    walk(props["institution"], "institution.")
    walk(props["facts"], "")
    return "\n".join(rows)


def test_profile_doc_lists_every_fact(update_goldens: bool) -> None:
    doc = DOCS / "profile-format.md"
    text = doc.read_text(encoding="utf-8")
    block = f"<!-- facts:start -->\n{facts_table()}\n<!-- facts:end -->"
    new = re.sub(r"<!-- facts:start -->.*<!-- facts:end -->", lambda _: block, text, flags=re.S)
    if update_goldens:
        doc.write_text(new, encoding="utf-8")
    assert new == text, "docs/profile-format.md is out of date: run pytest --update-goldens"
    for path in type_env():
        if "." in path:
            assert f"`{path}`" in text or type_env()[path].type.endswith("object"), path


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


def test_fact_catalogue_covers_every_profile_field_in_three_languages() -> None:
    from readiness.i18n import fact_catalogue

    catalogue = fact_catalogue()
    for path in type_env():
        assert path in catalogue, path
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

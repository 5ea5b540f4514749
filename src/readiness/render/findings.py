"""Findings of `readiness validate` in the formats CI systems and editors read.

text    file:line:col: CODE message (hint: …)       people, editors' problem matchers
json    {files, errors, warnings, findings: [...]}  scripts
github  ::error file=…,line=…,col=…,title=CODE::…   GitHub Actions workflow annotations
sarif   SARIF 2.1.0                                 code-scanning tools (GitHub, GitLab, Azure)
junit   JUnit XML, one test case per file           GitLab, Jenkins test reports
"""
from __future__ import annotations

import json
from typing import Callable

from .. import __version__
from ..errors import ERROR, Diagnostic
from ..load.validate import Result



def text(result: Result) -> str:
    return "".join(d.format() + "\n" for d in result.diagnostics)


def as_json(result: Result) -> str:
    return json.dumps({
        "files": result.files, "errors": result.errors, "warnings": result.warnings,
        "findings": [d.as_dict() for d in result.diagnostics],
    }, ensure_ascii=False, indent=2) + "\n"


def _gh_escape(value: str, prop: bool = False) -> str:
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        value = value.replace(":", "%3A").replace(",", "%2C")
    return value


def github(result: Result) -> str:
    lines = []
    for d in result.diagnostics:
        kind = "error" if d.severity == ERROR else "warning"
        props = [f"file={_gh_escape(d.file, True)}"]
        if d.line:
            props += [f"line={d.line}", f"col={d.col or 1}"]
        props.append(f"title={_gh_escape(d.code, True)}")
        message = d.message + (f" (hint: {d.hint})" if d.hint else "")
        lines.append(f"::{kind} {','.join(props)}::{_gh_escape(message)}\n")
    return "".join(lines)


def sarif(result: Result) -> str:
    rules: dict[str, Diagnostic] = {}
    for d in result.diagnostics:
        rules.setdefault(d.code, d)
    run = {
        "tool": {"driver": {
            "name": "readiness",
            "version": __version__,
            "rules": [{
                "id": code,
                "shortDescription": {"text": first.message},
                "help": {"text": f"{code}: see docs/findings.md of readiness for what it means and how to fix it"},
                "defaultConfiguration": {"level": "error" if first.severity == ERROR else "warning"},
            } for code, first in sorted(rules.items())],
        }},
        "results": [_sarif_result(d) for d in result.diagnostics],
        "artifacts": [{"location": {"uri": f}} for f in result.checked],
    }
    return json.dumps({"$schema": "https://json.schemastore.org/sarif-2.1.0.json", "version": "2.1.0", "runs": [run]},
                      ensure_ascii=False, indent=2) + "\n"


def _sarif_result(d: Diagnostic) -> dict[str, object]:
    region = {"startLine": d.line, "startColumn": d.col or 1} if d.line else {}
    location: dict[str, object] = {"artifactLocation": {"uri": d.file}}
    if region:
        location["region"] = region
    message = d.message + (f" (hint: {d.hint})" if d.hint else "")
    return {"ruleId": d.code, "level": "error" if d.severity == ERROR else "warning",
            "message": {"text": message}, "locations": [{"physicalLocation": location}]}


def junit(result: Result) -> str:
    from xml.etree import ElementTree as ET

    by_file: dict[str, list[Diagnostic]] = {f: [] for f in result.checked}
    for d in result.diagnostics:
        by_file.setdefault(d.file, []).append(d)
    suite = ET.Element("testsuite", name="readiness validate", tests=str(len(by_file)),
                       failures=str(sum(1 for ds in by_file.values() if any(d.severity == ERROR for d in ds))),
                       errors="0", skipped="0")
    for file, found in sorted(by_file.items()):
        case = ET.SubElement(suite, "testcase", classname="readiness.validate", name=file)
        errors = [d for d in found if d.severity == ERROR]
        if errors:
            failure = ET.SubElement(case, "failure", message=f"{len(errors)} error(s)", type=errors[0].code)
            failure.text = "\n".join(d.format() for d in errors)
        warnings = [d for d in found if d.severity != ERROR]
        if warnings:
            ET.SubElement(case, "system-out").text = "\n".join(d.format() for d in warnings)
    root = ET.Element("testsuites", name="readiness")
    root.append(suite)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


REPORTERS: dict[str, Callable[[Result], str]] = {
    "text": text, "json": as_json, "github": github, "sarif": sarif, "junit": junit,
}

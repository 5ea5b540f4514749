"""Findings of `readiness validate` in the formats CI systems and editors read.

text    file:line:col: CODE message (hint: …)       people, editors' problem matchers
json    {files, errors, warnings, findings: [...]}  scripts
github  ::error file=…,line=…,col=…,title=CODE::…   GitHub Actions workflow annotations
sarif   SARIF 2.1.0                                 code-scanning tools (GitHub, GitLab, Azure)
junit   JUnit XML, one test case per file           GitLab, Jenkins test reports

Each takes ``lang`` (ky, ru or en; default en) for the findings' messages and hints. JSON keeps
the English ``message`` and ``hint`` its consumers read; in another language each finding also
gets ``text``: ``{lang, message, hint}``.
"""
from __future__ import annotations

import json
from typing import Callable

from .. import __version__, findings
from ..errors import ERROR, Diagnostic
from ..load.validate import Result
from ..safetext import safe_text


def text(result: Result, lang: str = "en") -> str:
    return "".join(d.format(lang) + "\n" for d in result.diagnostics)


def as_json(result: Result, lang: str = "en") -> str:
    return json.dumps({
        "files": result.files, "errors": result.errors, "warnings": result.warnings,
        "findings": [_json_finding(d, lang) for d in result.diagnostics],
    }, ensure_ascii=False, indent=2) + "\n"


def _json_finding(d: Diagnostic, lang: str) -> dict[str, object]:
    out = d.as_dict()
    if lang != "en":
        out["text"] = {"lang": lang, "message": d.message_in(lang), "hint": d.hint_in(lang)}
    return out


def _with_hint(d: Diagnostic, lang: str) -> str:
    hint = d.hint_in(lang)
    return d.message_in(lang) + (f" ({findings.text('format.hint', lang)}: {hint})" if hint else "")


def _gh_escape(value: str, prop: bool = False) -> str:
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        value = value.replace(":", "%3A").replace(",", "%2C")
    return value


def github(result: Result, lang: str = "en") -> str:
    lines = []
    for d in result.diagnostics:
        kind = "error" if d.severity == ERROR else "warning"
        props = [f"file={_gh_escape(d.file, True)}"]
        if d.line:
            props += [f"line={d.line}", f"col={d.col or 1}"]
        props.append(f"title={_gh_escape(d.code, True)}")
        lines.append(f"::{kind} {','.join(props)}::{_gh_escape(_with_hint(d, lang))}\n")
    return "".join(lines)


def sarif(result: Result, lang: str = "en") -> str:
    run = {
        "tool": {"driver": {
            "name": "readiness",
            "version": __version__,
            "language": lang,
            "rules": [sarif_rule(code, lang) for code in sorted({d.code for d in result.diagnostics})],
        }},
        "results": [_sarif_result(d, lang) for d in result.diagnostics],
        "artifacts": [{"location": {"uri": safe_text(f, one_line=True)}} for f in result.checked],
    }
    return json.dumps({"$schema": "https://json.schemastore.org/sarif-2.1.0.json", "version": "2.1.0", "runs": [run]},
                      ensure_ascii=False, indent=2) + "\n"


def sarif_rule(code: str, lang: str = "en") -> dict[str, object]:
    """A code's SARIF reportingDescriptor, from the catalogue (a code it lacks gets only its id)."""
    level = "error" if findings.severity(code) == ERROR else "warning"
    if code not in findings.catalogue()["codes"]:
        return {"id": code, "defaultConfiguration": {"level": level}}
    fix = findings.fix(code, lang)
    return {
        "id": code,
        "shortDescription": {"text": findings.title(code, lang)},
        "fullDescription": {"text": findings.meaning(code, lang)},
        "help": {"text": fix, "markdown": f"{fix} ([{code}]({findings.help_uri(code)}))"},
        "helpUri": findings.help_uri(code),
        "defaultConfiguration": {"level": level},
    }


def _sarif_result(d: Diagnostic, lang: str) -> dict[str, object]:
    region = {"startLine": d.line, "startColumn": d.col or 1} if d.line else {}
    location: dict[str, object] = {"artifactLocation": {"uri": d.file}}
    if region:
        location["region"] = region
    return {"ruleId": d.code, "level": "error" if d.severity == ERROR else "warning",
            "message": {"text": _with_hint(d, lang)}, "locations": [{"physicalLocation": location}]}


def junit(result: Result, lang: str = "en") -> str:
    from xml.etree import ElementTree as ET

    # ElementTree escapes markup; the diagnostics and file names hold no character XML forbids
    by_file: dict[str, list[Diagnostic]] = {safe_text(f, one_line=True): [] for f in result.checked}
    for d in result.diagnostics:
        by_file.setdefault(d.file, []).append(d)
    suite = ET.Element("testsuite", name="readiness validate", tests=str(len(by_file)),
                       failures=str(sum(1 for ds in by_file.values() if any(d.severity == ERROR for d in ds))),
                       errors="0", skipped="0")
    for file, found in sorted(by_file.items()):
        case = ET.SubElement(suite, "testcase", classname="readiness.validate", name=file)
        errors = [d for d in found if d.severity == ERROR]
        if errors:
            failure = ET.SubElement(case, "failure", message=findings.text("format.errors_count", lang, count=len(errors)),
                                    type=errors[0].code)
            failure.text = "\n".join(d.format(lang) for d in errors)
        warnings = [d for d in found if d.severity != ERROR]
        if warnings:
            ET.SubElement(case, "system-out").text = "\n".join(d.format(lang) for d in warnings)
    root = ET.Element("testsuites", name="readiness")
    root.append(suite)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


REPORTERS: dict[str, Callable[..., str]] = {
    "text": text, "json": as_json, "github": github, "sarif": sarif, "junit": junit,
}

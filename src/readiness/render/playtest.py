"""The results of `readiness test` in the formats of `validate`: text, json, junit, github.

text    one line per case (ok or FAILED), then each failure as file:line:col: CODE message
json    {set, cases: [{file, line, name, status, checked, failures}], passed, failed, findings}
junit   one test case per playbook test case, a failure listing what did not hold
github  ::error annotations at the expectations that failed
"""
from __future__ import annotations

import json

from .. import findings
from ..engine.playtest import FAILED, CaseResult, TestRun
from ..errors import ERROR
from ..safetext import safe_text
from .findings import github_lines, json_finding


def text(run: TestRun, lang: str = "en") -> str:
    lines = [d.format(lang) for d in run.diagnostics]
    for case in run.cases:
        mark = findings.text("format.case_failed" if case.status == FAILED else "format.case_ok", lang)
        lines.append(f"{case.file}:{case.line}: {mark}: {safe_text(case.name, one_line=True)}")
        lines += [f"    {d.format(lang)}" for d in case.failures]
    return "".join(line + "\n" for line in lines)


def as_json(run: TestRun, lang: str = "en") -> str:
    return json.dumps({
        "set": run.set_dir, "passed": run.passed, "failed": run.failed,
        "cases": [_case(c, lang) for c in run.cases],
        "findings": [json_finding(d, lang) for d in run.diagnostics],
    }, ensure_ascii=False, indent=2) + "\n"


def _case(case: CaseResult, lang: str) -> dict[str, object]:
    return {"file": case.file, "line": case.line, "name": safe_text(case.name), "status": case.status, "checked": case.checked,
            "failures": [json_finding(d, lang) for d in case.failures]}


def junit(run: TestRun, lang: str = "en") -> str:
    from xml.etree import ElementTree as ET  # lazy: only this format needs it

    suite = ET.Element("testsuite", name="readiness test", tests=str(len(run.cases) + len(run.diagnostics)),
                       failures=str(run.errors), errors="0", skipped="0")
    for d in run.diagnostics:  # a test file that could not be read is a failing case of its own
        case = ET.SubElement(suite, "testcase", classname="readiness.test", name=d.file)
        if d.severity == ERROR:
            ET.SubElement(case, "failure", message=d.message_in(lang), type=d.code).text = d.format(lang)
        else:
            ET.SubElement(case, "system-out").text = d.format(lang)
    for result in run.cases:
        case = ET.SubElement(suite, "testcase", classname=result.file, name=safe_text(result.name, one_line=True))
        if result.status == FAILED:
            errors = [d for d in result.failures if d.severity == ERROR]
            failure = ET.SubElement(case, "failure", message=findings.text("format.errors_count", lang, count=len(errors)),
                                    type=errors[0].code)
            failure.text = "\n".join(d.format(lang) for d in result.failures)
    root = ET.Element("testsuites", name="readiness")
    root.append(suite)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def github(run: TestRun, lang: str = "en") -> str:
    return github_lines([*run.diagnostics, *(d for c in run.cases for d in c.failures)], lang)

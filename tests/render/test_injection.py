"""A profile whose names and notes carry markup renders inert in every HTML output."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from conftest import BUNDLED
from readiness.cli import main

EVIL = '<script>alert("x")</script><img src=x onerror=alert(1)> "\' &'


@pytest.fixture
def evil_profile(tmp_path: Path) -> Path:
    data = yaml.safe_load((BUNDLED / "examples" / "private-college-moodle.yaml").read_text(encoding="utf-8"))
    data["institution"]["name"] = EVIL
    data["institution"]["region"] = EVIL
    data["progress"]["ors.programme"].update(evidence=EVIL, responsible=EVIL, note=EVIL)
    data["progress"]["hr.functions"] = {"status": "in_progress", "responsible": EVIL, "note": EVIL}
    for key in ("term_start", "updated"):
        data[key] = str(data[key])
    path = tmp_path / "evil.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def scripts(html: str) -> list[str]:
    return re.findall(r"<script\b[^>]*>(.*?)</script>", html, flags=re.S)


@pytest.mark.parametrize("args", [
    ["plan", "-s", "distance", "--today", "2020-08-05"], ["gaps"],
    ["checklist", "-s", "distance", "-r", "abp", "--today", "2020-08-05"],
])
def test_reports_are_inert(evil_profile: Path, tmp_path: Path, args: list[str]) -> None:
    out = tmp_path / "out.html"
    result = CliRunner().invoke(main, [args[0], str(evil_profile), *args[1:], "--format", "html", "-o", str(out)])
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert "alert(" not in "".join(scripts(html))          # our own inline script, if any, is not theirs
    assert "<img src=x" not in html and 'onerror=alert' not in html.replace("onerror=alert(1)&gt;", "")
    assert "&lt;script&gt;alert(" in html                  # the text is there, escaped


def test_aggregate_dashboard_is_inert(evil_profile: Path, tmp_path: Path) -> None:
    out = tmp_path / "agg.html"
    result = CliRunner().invoke(main, ["aggregate", str(evil_profile), "--min-group", "1", "--today", "2020-09-01", "-o", str(out)])
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert "alert(" not in "".join(scripts(html)) and "<img src=x" not in html

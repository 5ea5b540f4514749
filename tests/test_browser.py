"""The HTML reports in a real browser: Debian's chromium driven by Playwright.

.ci/run installs chromium; where it (or Playwright) is missing the tests skip and say why.
"""
from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date
from pathlib import Path
from typing import Any, Iterator

import pytest

from chromium import A4, launched
from conftest import BUNDLED
from readiness.reports import build_report
from readiness.load.profile import load_profile
from readiness.render.registry import render

LYCEUM = BUNDLED / "examples" / "rural-lyceum-naryn.yaml"


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with launched() as browser_:
        yield browser_


@pytest.fixture(scope="module")
def pages(bundled_playbook, tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("html")
    profile = load_profile(LYCEUM, bundled_playbook)
    out = {}
    for kind, options in (("plan", {}), ("checklist", {"role": "abp"}), ("gaps", {})):
        if kind != "gaps":
            options.update(scenario="blended", today=date(2020, 8, 5))
        data = build_report(kind, bundled_playbook, profile, "ky", **options)
        out[kind] = folder / f"{kind}.html"
        out[kind].write_text(render(kind, "html", data), encoding="utf-8")
    return out


def open_page(browser: Any, path: Path) -> Any:
    page = browser.new_page(viewport={"width": 1100, "height": 1400})
    page.route(re.compile(r"^(?!file:).*"), lambda route: route.abort())  # self-contained: any request fails
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(path.as_uri())
    assert all(url.startswith("file:") for url in requests), requests
    return page


def box(page: Any, selector: str) -> dict[str, float]:
    found = page.locator(selector).first.bounding_box()
    assert found is not None, f"{selector} is not rendered"
    return found  # type: ignore[no-any-return]


def test_plan_graph_and_timelines_render(browser, pages) -> None:
    page = open_page(browser, pages["plan"])
    graph = box(page, "svg.graph")
    assert graph["width"] > 300 and graph["height"] > 200
    tasks = page.locator("svg.graph g.task")
    assert tasks.count() == page.locator("tr.task").count() > 50
    first = tasks.first.bounding_box()
    assert first is not None and first["width"] > 10 and first["height"] > 5
    assert box(page, "svg.gantt rect.bar")["width"] > 0
    page.close()


def test_gaps_bars_render(browser, pages) -> None:
    page = open_page(browser, pages["gaps"])
    chart = box(page, "svg.bars")
    assert chart["width"] > 300 and chart["height"] > 100
    widths = [b["width"] for b in (page.locator("svg.bars rect.readiness").nth(i).bounding_box()
                                   for i in range(page.locator("svg.bars rect.readiness").count())) if b]
    assert widths and max(widths) > 5
    page.close()


def test_ticking_a_checklist_box(browser, pages) -> None:
    page = open_page(browser, pages["checklist"])
    first = page.locator("input[type=checkbox]").first
    assert not first.is_checked()
    first.click()
    assert first.is_checked()
    label_for = page.locator("label[for]").nth(1)  # clicking a label ticks its box too
    target = page.locator(f"[id=\"{label_for.get_attribute('for')}\"]")
    label_for.click()
    assert target.is_checked()
    # ticks are kept in the browser's storage, so that a reload shows them again
    stored = page.evaluate("() => Object.entries(localStorage).filter(([k, v]) => v === '1').map(([k]) => k).sort()")
    assert stored == sorted(f"readiness:naryn-lyceum-12:blended:abp:{name}" for name in (
        first.get_attribute("name"), target.get_attribute("name")))
    page.close()


def pdf_pages(pdf: bytes) -> list[tuple[float, float]]:
    sizes = []
    for m in re.finditer(rb"/Type\s*/Page(?!s)\b(.*?)endobj", pdf, re.S):
        box = re.search(rb"/MediaBox\s*\[\s*([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s*\]", m.group(1))
        assert box, "a page without a MediaBox"
        sizes.append((float(box.group(3)) - float(box.group(1)), float(box.group(4)) - float(box.group(2))))
    return sizes


@pytest.mark.parametrize("kind", ["plan", "checklist"])
def test_print_gives_a4_pages_with_the_running_header(browser, pages, kind: str, tmp_path: Path) -> None:
    page = open_page(browser, pages[kind])
    page.emulate_media(media="print")
    assert not page.locator(".toolbar").is_visible()
    pdf = page.pdf(format="A4", prefer_css_page_size=True)
    page.close()
    sizes = pdf_pages(pdf)
    assert len(sizes) >= (8 if kind == "plan" else 2)  # the plan breaks the page before each wave
    assert all(abs(w - A4[0]) < 1 and abs(h - A4[1]) < 1 for w, h in sizes), sizes
    if shutil.which("pdftotext"):  # poppler-utils: every page carries the institution and the date
        target = tmp_path / f"{kind}.pdf"
        target.write_bytes(pdf)
        text = subprocess.run(["pdftotext", str(target), "-"], capture_output=True, text=True, check=True).stdout
        chunks = text.split("\f")[: len(sizes)]
        assert len(chunks) == len(sizes)
        for i, chunk in enumerate(chunks, start=1):
            flat = " ".join(chunk.split())
            assert "№ 12 кесиптик лицей" in flat and "2020-ж., 5-август" in flat, f"page {i} lacks the running header"
            assert f"Бет {i} / {len(chunks)}" in flat, f"page {i} lacks 'page N of M'"


@pytest.mark.parametrize("kind", ["plan", "gaps", "checklist"])
def test_header_cells_do_not_overflow_into_each_other(browser, pages, kind: str) -> None:
    """Issue 13: "ОтветственныйНачало": a heading wider than its column ran into the next one."""
    page = open_page(browser, pages[kind])
    for width in (1100, 800):
        page.set_viewport_size({"width": width, "height": 1400})
        spill = page.evaluate("""() => [...document.querySelectorAll('table.data th, table.data td')]
            .filter(c => c.scrollWidth > c.clientWidth + 1).map(c => c.textContent.slice(0, 40))""")
        assert spill == [], (width, spill[:5])
    page.close()


@pytest.mark.parametrize("kind", ["plan", "gaps", "checklist"])
def test_a_phone_stacks_the_columns(browser, pages, kind: str) -> None:
    page = open_page(browser, pages[kind])
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
    if kind == "plan":  # each task a card: its cells one under another, each with its column's name
        cells = page.locator("tr.task").first.locator("td")
        boxes = [cells.nth(i).bounding_box() for i in range(3)]
        assert all(b is not None for b in boxes) and boxes[0]["y"] < boxes[1]["y"] < boxes[2]["y"]
        label = page.evaluate("() => getComputedStyle(document.querySelector('tr.task td[data-label]'), '::before').content")
        assert "Жооптуу" in label
    page.close()

"""`readiness serve` in a real browser: Debian's chromium driven by Playwright, as the report
tests do. A new profile for an invented college is filled in from scratch in Russian, a
validation error fixed, the profile saved, its plan and checklist seen and the plan printed.

Screenshots of each step go to a temporary folder; ``pytest --update-goldens`` writes them to
docs/img/serve-*.png, which the README shows.
"""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any, Iterator

import pytest
from click.testing import CliRunner

from chromium import A4, launched
from conftest import ROOT
from readiness.cli import main

COLLEGE = "Токмок айыл чарба колледжи"


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with launched("--lang=ru-RU") as browser_:
        yield browser_   # dates shown as a Russian user sees them


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """`readiness serve` as a user starts it, on a free port, with a folder of profiles."""
    folder = tmp_path_factory.mktemp("profiles")
    proc = subprocess.Popen([sys.executable, "-m", "readiness.cli", "serve", "--profiles", str(folder), "--port", "0"],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        line = proc.stdout.readline() if proc.stdout else ""
        found = re.search(r"open (http://127\.0\.0\.1:\d+/)", line)
        assert found, line
        yield found.group(1), folder
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture(scope="module")
def shots(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    if request.config.getoption("--update-goldens"):
        return ROOT / "docs" / "img"
    return tmp_path_factory.mktemp("shots")


def press(page: Any, button: Any) -> None:
    """Click a submit button and wait for the page it posts to (after the redirect)."""
    with page.expect_navigation():
        button.click()


def test_a_new_profile_in_russian_from_scratch_to_a_printed_plan(browser: Any, served: tuple[str, Path], shots: Path,
                                                                  tmp_path: Path) -> None:
    base, folder = served
    context = browser.new_context(viewport={"width": 1200, "height": 900}, locale="ru-RU")
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))

    # 1. the home page, switched to Russian
    page.goto(base)
    page.get_by_role("link", name="Русский").click()
    assert page.locator("html").get_attribute("lang") == "ru"
    page.screenshot(path=str(shots / "serve-1-home.png"))

    # 2. a new profile, filled in from scratch; the id is mistyped
    press(page, page.get_by_role("button", name="Создать профиль"))
    page.get_by_label("Идентификатор учебного заведения").fill("Токмок колледж")
    page.locator("#f-institution-name").fill(COLLEGE)
    page.get_by_label("Тип учебного заведения").select_option("secondary")
    page.get_by_label("Тип населённого пункта").select_option("rural")
    page.get_by_label("Регион").fill("Чуйская область")
    page.get_by_label("Начало учебного года").fill("2020-09-01")
    page.get_by_label("Дата профиля").fill("2020-08-10")
    page.get_by_label("Сценарий 2: очно-дистанционный (смешанный) формат").check()
    page.get_by_label("Сценарий 3: традиционный (очный) формат").check()
    page.get_by_label("Преподавательский состав (ППС/ИПР)").fill("48")
    page.get_by_label("Студенты без устройства для учёбы").fill("35")
    page.locator("#f-facts-digital-avn").get_by_label("нет").check()
    page.get_by_label("Система управления обучением (LMS)").select_option("none")
    page.locator("#f-facts-documents-staffing-table").get_by_label("да").check()
    # validation as you go: the engine's finding appears next to the id without a click
    page.locator("#e-f-institution-id .note.error").wait_for(timeout=10_000)
    assert "S001" in page.locator("#e-f-institution-id").inner_text()

    # 3. rooms and groups: rows added with the form's own buttons (no script needed for them)
    press(page, page.get_by_role("button", name="+ Добавить строку").first)
    page.locator("#f-rooms-0-id").fill("101")
    page.locator("#f-rooms-0-kind").select_option("classroom")
    page.locator("#f-rooms-0-area-m2").fill("54")
    page.locator("#f-rooms-0-seats").fill("25")
    page.locator("#f-rooms-0-count").fill("14")
    press(page, page.locator("#s-groups").get_by_role("button", name="+ Добавить строку"))
    page.locator("#f-groups-0-size").fill("25")
    page.locator("#f-groups-0-count").fill("16")
    press(page, page.get_by_role("button", name="Проверить").first)
    error = page.locator("#e-f-institution-id")
    assert "S001" in error.inner_text() and "Ошибок: 1." in page.locator("#summary").inner_text()
    assert page.locator("#f-institution-id").input_value() == "Токмок колледж"       # kept
    assert page.locator("#f-facts-staff-teaching").input_value() == "48"
    page.locator("#f-institution-id").scroll_into_view_if_needed()
    page.screenshot(path=str(shots / "serve-2-error.png"))

    # 4. the error fixed and the profile saved into the folder
    page.locator("#f-institution-id").fill("tokmok-agrarian-college")
    press(page, page.get_by_role("button", name="Проверить").first)
    assert "В профиле нет ошибок." in page.locator("#summary").inner_text()
    press(page, page.get_by_role("button", name="Сохранить").first)
    assert "Профиль сохранён" in page.locator("#summary").inner_text()
    page.screenshot(path=str(shots / "serve-3-saved.png"))
    saved = folder / "tokmok-agrarian-college.yaml"
    assert "without_device_share: 0.35" in saved.read_text(encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(saved)])
    assert result.exit_code == 0, result.output

    # 5. the three scenarios side by side, as of the day the profile was written
    press(page, page.get_by_role("button", name="Смотреть результаты").first)
    assert page.locator("section.scenario").count() == 3
    page.get_by_label("Дата расчёта").fill("2020-08-10")
    press(page, page.get_by_role("button", name="Пересчитать"))
    assert "Дата расчёта: 10 августа 2020\u202fг." in page.locator(".running").inner_text()
    page.screenshot(path=str(shots / "serve-4-results.png"), full_page=True)

    # 6. the plan as of 10 August 2020, with this week first
    page.locator("section.scenario").nth(1).get_by_role("link", name="План действий").click()
    assert page.get_by_label("Дата расчёта").input_value() == "2020-08-10"   # kept for the session
    assert "На этой неделе" in page.locator("main").inner_text()
    page.screenshot(path=str(shots / "serve-5-plan.png"))
    page.locator("a.why").first.click()
    assert "Почему задача в плане" in page.locator("h1").inner_text()
    page.go_back()

    # 7. the plan printed to PDF: A4 pages, the college and the date on every one
    page.emulate_media(media="print")
    assert not page.locator("header.top").is_visible()
    pdf = page.pdf(format="A4", prefer_css_page_size=True)
    page.emulate_media(media="screen")
    sizes = [(float(m.group(3)) - float(m.group(1)), float(m.group(4)) - float(m.group(2))) for m in
             re.finditer(rb"/MediaBox\s*\[\s*([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s*\]", pdf)]
    assert sizes and all(abs(w - A4[0]) < 1 and abs(h - A4[1]) < 1 for w, h in sizes)
    if shutil.which("pdftotext"):
        target = tmp_path / "plan.pdf"
        target.write_bytes(pdf)
        text = subprocess.run(["pdftotext", str(target), "-"], capture_output=True, text=True, check=True).stdout
        pages = [p for p in text.split("\f") if p.strip()]
        assert len(pages) >= 2
        for i, chunk in enumerate(pages, start=1):
            flat = " ".join(chunk.split())
            assert COLLEGE in flat and "Дата расчёта: 10 августа 2020 г." in flat, f"page {i} lacks the running header"
        assert "План действий" in pages[0]
        if shutil.which("pdftoppm"):   # the first printed page, as a picture for the docs
            subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", str(target),
                            str(shots / "serve-8-printed")], check=True)

    # 8. the checklist of a role
    page.goto(base + "results")
    page.locator("section.scenario").nth(1).get_by_role("link", name="Чек-лист").click()
    page.get_by_role("link", name=re.compile("^АУП")).click()
    assert "Чек-лист: Административно-управленческий персонал" in page.locator("h1").inner_text()
    page.screenshot(path=str(shots / "serve-6-checklist.png"))

    # 9. the form at phone width: one column, nothing wider than the screen
    phone = context.new_page()
    phone.set_viewport_size({"width": 390, "height": 844})
    phone.goto(base + "profile")
    widths = phone.evaluate("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert widths[0] <= widths[1], widths
    phone.screenshot(path=str(shots / "serve-7-phone.png"))
    assert all(url.startswith(base) for url in requests), [u for u in requests if not u.startswith(base)]
    context.close()


def test_the_form_works_without_javascript(browser: Any, served: tuple[str, Path]) -> None:
    base, _ = served
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1000, "height": 800})
    page = context.new_page()
    page.goto(base + "?lang=en")
    press(page, page.get_by_role("button", name="Start a new profile"))
    page.get_by_label("Institution id").fill("No JS college")
    page.locator("#f-institution-name").fill("No JS college")
    page.get_by_label("Type of institution").select_option("primary")
    page.get_by_label("Term start").fill("2020-09-01")
    page.get_by_label("Scenario 1: distance").check()
    page.get_by_label("Teaching staff (ПОК/ИПК)").fill("40")
    with page.expect_navigation():
        page.keyboard.press("Enter")   # Enter submits with the first button: check
    assert "Errors: 1." in page.locator("#summary").inner_text()
    assert page.locator("#f-institution-id").input_value() == "No JS college"
    assert page.locator("#f-facts-staff-teaching").input_value() == "40"
    page.get_by_label("Institution id").fill("no-js-college")
    press(page, page.get_by_role("button", name="See the results").first)
    assert page.url.endswith("/results")
    context.close()


def test_the_keyboard_reaches_the_form(browser: Any, served: tuple[str, Path]) -> None:
    base, _ = served
    page = browser.new_page()
    page.goto(base + "?lang=en")
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.textContent") == "Skip to the content"
    focused = set()
    for _ in range(12):
        page.keyboard.press("Tab")
        focused.add(page.evaluate("() => document.activeElement.tagName + ':' + (document.activeElement.textContent || document.activeElement.name || '')"))
    assert any("Start a new profile" in f for f in focused) and any(f.startswith("INPUT") for f in focused)
    page.close()

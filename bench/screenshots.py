"""Screenshots of the HTML reports of one example for the README and docs/img/.

    python bench/screenshots.py [--out docs/img]

Per language: the plan and the checklist on a screen 1000 px wide; then the plan at phone width
(390 px, Kyrgyz), and the first printed page of the Russian plan (Chromium's PDF, A4, with its
page number), turned into a PNG by pdftoppm. Needs Debian's chromium and poppler-utils
(apt-get install -y chromium poppler-utils) and playwright (pip install -e '.[test]'); launched
as tests/test_browser.py launches it. The reports are made with a fixed --today, so reruns show
the same content.
"""
from __future__ import annotations

import argparse
import subprocess
import tempfile
from datetime import date
from pathlib import Path

from readiness.load.playbook import load_playbook
from readiness.load.profile import load_profile
from readiness.render.registry import render
from readiness.reports import build_report
from readiness.resources import default_playbook

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
EXAMPLE = "rural-lyceum-naryn"
SHOTS = {"plan": {}, "checklist": {"role": "abp"}}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent.parent / "docs" / "img")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    playbook = load_playbook(default_playbook())
    profile = load_profile(default_playbook() / "examples" / f"{EXAMPLE}.yaml", playbook)
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        pages: dict[tuple[str, str], Path] = {}
        page = browser.new_page(viewport={"width": 1000, "height": 1250}, device_scale_factor=1)
        for lang in ("ky", "ru", "en"):
            for kind, options in SHOTS.items():
                data = build_report(kind, playbook, profile, lang, scenario="blended", today=date(2020, 8, 5), **options)
                html = pages[(kind, lang)] = Path(tmp) / f"{kind}-{lang}.html"
                html.write_text(str(render(kind, "html", data)), encoding="utf-8")
                page.goto(html.as_uri())
                shoot(page, args.out / f"{kind}-{EXAMPLE}-blended.{lang}.png")
        phone = browser.new_page(viewport={"width": 390, "height": 844}, device_scale_factor=1)
        phone.goto(pages[("plan", "ky")].as_uri())
        phone.locator("#wave-1").scroll_into_view_if_needed()
        shoot(phone, args.out / f"plan-{EXAMPLE}-blended.ky.phone.png")
        printed = browser.new_page()
        printed.goto(pages[("plan", "ru")].as_uri())
        printed.emulate_media(media="print")
        pdf = Path(tmp) / "plan.pdf"
        pdf.write_bytes(printed.pdf(format="A4", prefer_css_page_size=True))
        target = args.out / f"plan-{EXAMPLE}-blended.ru.print-page-2"
        subprocess.run(["pdftoppm", "-png", "-r", "70", "-f", "2", "-l", "2", "-singlefile", str(pdf), str(target)], check=True)
        print(f"{target}.png")
        browser.close()


def shoot(page, target: Path) -> None:  # type: ignore[no-untyped-def]
    page.screenshot(path=str(target))
    print(target)


if __name__ == "__main__":
    main()

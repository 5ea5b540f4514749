"""Screenshots of the HTML plan and checklist of one example, in each language, for the README.

    python bench/screenshots.py [--out docs/img]

Needs Debian's chromium (apt-get install -y chromium) and playwright (pip install -e '.[test]');
launched as tests/test_browser.py launches it. The reports are made with a fixed --today, so
reruns show the same content.
"""
from __future__ import annotations

import argparse
import tempfile
from datetime import date
from pathlib import Path

from readiness import commands
from readiness.playbook import load_playbook
from readiness.profile import load_profile
from readiness.render import render
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
        page = browser.new_page(viewport={"width": 1000, "height": 1250}, device_scale_factor=1)
        for lang in ("ky", "ru", "en"):
            for kind, options in SHOTS.items():
                data = commands.build_report(kind, playbook, profile, lang, scenario="blended", today=date(2020, 8, 5), **options)
                html = Path(tmp) / f"{kind}-{lang}.html"
                html.write_text(render(kind, data, "html"), encoding="utf-8")
                page.goto(html.as_uri())
                target = args.out / f"{kind}-{EXAMPLE}-blended.{lang}.png"
                page.screenshot(path=str(target))
                print(target)
        browser.close()


if __name__ == "__main__":
    main()

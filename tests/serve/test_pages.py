"""The pages' words and markup: the catalogue complete in ky, ru and en, no English left in a
Kyrgyz or Russian page, every input labelled, everything reachable from the keyboard."""
from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

import pytest

from conftest import BUNDLED, ROOT
from readiness.i18n import LANGUAGES, catalogue
from readiness.serve.text import serve_catalogue
from serve_helpers import Client, app, client, profiles, shown  # noqa: F401

TEMPLATES = ROOT / "templates" / "serve"
SRC = ROOT / "src" / "readiness" / "serve"
PAGES = ["/", "/profile", "/results", "/plan/blended", "/gaps", "/checklist/blended?role=abp",
         "/explain/blended/hr.qualification-courses", "/nothing"]
# Latin words a Kyrgyz or Russian page may show: programs, systems, codes of choices and ids
ALLOWED = {"readiness", "yaml", "lms", "avn", "kelbil", "moodle", "emis", "zoom", "jitsi", "meet", "bigbluebutton",
           "google", "classroom", "scheduleavn", "json", "html", "csv", "xlsx", "ics", "true", "false", "none", "other"}


def test_every_key_has_all_three_languages() -> None:
    for key, entry in serve_catalogue().items():
        assert set(entry) == set(LANGUAGES), key
        assert all(isinstance(entry[lang], str) and entry[lang].strip() for lang in LANGUAGES), key
        fields = {lang: set(re.findall(r"\{(\w+)\}", entry[lang])) for lang in LANGUAGES}
        assert fields["ky"] == fields["ru"] == fields["en"], key


def used_keys() -> set[str]:
    keys: set[str] = set()
    for path in [*TEMPLATES.glob("*.html"), *SRC.glob("*.py")]:
        text = path.read_text(encoding="utf-8")
        keys |= set(re.findall(r"""\bt\(\s*["']([a-z0-9_]+\.[a-z0-9_.]+)["']""", text))
        keys |= set(re.findall(r"""["']((?:nav|form|open|save|error|results|home|unit|plan|checklist)\.[a-z0-9_]+)["']""", text))
    endpoints = {"results.overview", "results.gaps", "results.plan", "results.explain", "results.checklist", "pages.profile"}
    keys |= {f"{k}{lang}" for k in keys if k.endswith(".") for lang in LANGUAGES}   # "label.in_language." ~ lang
    return {k for k in keys if not k.endswith((".html", ".")) and k not in endpoints}


def test_every_key_the_pages_use_exists_and_every_key_is_used() -> None:
    used = used_keys()
    missing = sorted(k for k in used if k not in serve_catalogue() and k not in catalogue())
    assert missing == []
    unused = sorted(k for k in serve_catalogue() if k not in used and not k.startswith(("unit.", "error.")))
    assert unused == []


def _codes() -> set[str]:
    """The codes of choices (primary, state, …): what the profile holds, shown beside their words."""
    from readiness.load.facts import profile_fields
    from readiness.load.playbook import load_playbook

    fields = profile_fields(load_playbook(BUNDLED))
    return {c for f in [*fields, *(i for f in fields for i in f.items)] for c in f.choices}


def _texts(entry: dict[str, object], lang: str) -> str:
    """A catalogue entry's text in ``lang``: one string, or the plural forms of a counted one."""
    value = entry.get(lang, "")
    return " ".join(map(str, value.values())) if isinstance(value, dict) else str(value)


def _english_words() -> set[str]:
    words: set[str] = set()
    local: set[str] = set()
    for entries in (serve_catalogue(), catalogue()):
        for entry in entries.values():
            words |= {w.lower() for w in re.findall(r"[A-Za-z]{3,}", _texts(entry, "en"))}
            for lang in ("ky", "ru"):
                local |= {w.lower() for w in re.findall(r"[A-Za-z]{3,}", _texts(entry, lang))}
    return words - local - ALLOWED - _codes()


@pytest.mark.parametrize("lang", ["ky", "ru"])
def test_no_english_label_in_a_kyrgyz_or_russian_page(client: Client, lang: str) -> None:
    english = _english_words()
    assert {"save", "download", "check", "profile"} <= english
    client.open_example()
    client.get(f"/?lang={lang}")
    leaks = {}
    for url in PAGES:
        html = re.sub(r"<code>.*?</code>", " ", client.get(url).data.decode(), flags=re.S)   # rules are code
        # text marked as English (lang="en"): the language switch's "English", a source the set
        # has in Kyrgyz and English only, shown to a Russian reader with its Kyrgyz original
        html = re.sub(r'<(\w+)[^>]*\blang="en"[^>]*>.*?</\1>', " ", html, flags=re.S)
        text = re.sub(r"[A-Za-z0-9_]+(?:[.\-/:@][A-Za-z0-9_]+)+", " ", shown(html))   # ids, file names
        found = {w.lower() for w in re.findall(r"[A-Za-z]{3,}", text)} & english
        if found:
            leaks[url] = sorted(found)
    assert leaks == {}


class Controls(HTMLParser):
    """Inputs and their labels; buttons and links; anything a keyboard cannot reach."""

    def __init__(self) -> None:
        super().__init__()
        self.inputs: list[dict[str, str]] = []
        self.labels_for: set[str] = set()
        self.in_label = 0
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "label":
            self.in_label += 1
            if a.get("for"):
                self.labels_for.add(a["for"])
        if tag in ("input", "select", "textarea") and a.get("type") not in ("hidden", "submit", "button"):
            self.inputs.append({**a, "wrapped": "1" if self.in_label else ""})
        if any(k.startswith("on") for k in a):
            self.problems.append(f"inline handler on <{tag}>")
        if a.get("tabindex") not in (None, "", "0", "-1"):
            self.problems.append(f"tabindex {a['tabindex']} on <{tag}>")
        if tag in ("div", "span") and a.get("role") == "button":
            self.problems.append("a div acting as a button")

    def handle_endtag(self, tag: str) -> None:
        if tag == "label":
            self.in_label -= 1


@pytest.mark.parametrize("url", PAGES)
def test_every_input_has_a_label_and_the_keyboard_reaches_everything(client: Client, url: str) -> None:
    client.open_example()
    client.submit(action="add:rooms")   # a blank row too
    parser = Controls()
    parser.feed(client.get(url + ("&" if "?" in url else "?") + "lang=ru").data.decode())
    unlabelled = [i.get("name") for i in parser.inputs
                  if not i["wrapped"] and i.get("id") not in parser.labels_for and not i.get("aria-label")]
    assert unlabelled == []
    assert parser.problems == []
    ids = [i["id"] for i in parser.inputs if i.get("id")]
    assert len(ids) == len(set(ids)), "duplicate ids"


def test_the_form_is_one_page_of_plain_controls(client: Client) -> None:
    client.open_example()
    page = client.get("/profile").data.decode()
    assert page.count("<form") == 1 and "novalidate" in page   # the engine judges, not the browser
    # Enter in a field presses the first submit button of the form in the page: it must check,
    # not switch the language (the language buttons post the form too, so nothing typed is lost)
    first = re.search(r'<button type="submit"[^>]*?name="action" value="([^"]+)"', page)
    assert first and first.group(1) == "check"


def test_fields_describe_themselves(client: Client) -> None:
    client.open_example()
    page = client.get("/profile?lang=ru").data.decode()
    field = re.search(r'<input id="f-facts-staff-teaching"[^>]*>', page).group(0)
    assert 'aria-describedby="h-f-facts-staff-teaching e-f-facts-staff-teaching"' in field
    assert 'id="h-f-facts-staff-teaching">Численность преподавателей' in page


def test_pages_without_a_profile_still_have_the_language_switch(client: Client) -> None:
    for url in ["/", "/nothing"]:
        page = client.get(url).data.decode()
        assert all(f'hreflang="{lang}"' in page for lang in LANGUAGES)

"""What the tests of `readiness serve` share: an app, a client that carries the CSRF token,
the form of a page as a browser would send it back, and the text a page shows."""
from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from werkzeug.datastructures import MultiDict

from conftest import BUNDLED
from readiness.serve.app import create_app

EXAMPLES = sorted((BUNDLED / "examples").glob("*.yaml"))
LYCEUM = BUNDLED / "examples" / "rural-lyceum-naryn.yaml"


@pytest.fixture
def profiles(tmp_path: Path) -> Path:
    folder = tmp_path / "profiles"
    folder.mkdir()
    for example in EXAMPLES:
        (folder / example.name).write_bytes(example.read_bytes())
    return folder


@pytest.fixture
def app(profiles: Path, tmp_path: Path) -> Any:
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    return create_app(BUNDLED, profiles, scratch=scratch)


@pytest.fixture
def client(app: Any) -> "Client":
    return Client(app.test_client())


class Client:
    """Flask's test client with the session's CSRF token added to every POST."""

    def __init__(self, raw: Any):
        self.raw = raw
        self.token = ""

    def get(self, url: str, **kw: Any) -> Any:
        response = self.raw.get(url, **kw)
        found = re.search(rb'name="csrf" value="([0-9a-f]+)"', response.data)
        if found:
            self.token = found.group(1).decode()
        return response

    def post(self, url: str, data: Any = None, csrf: bool = True, **kw: Any) -> Any:
        if not self.token:
            self.get("/")
        form: Any = MultiDict(data) if isinstance(data, MultiDict) else dict(data or {})   # a dict keeps (file, name) tuples whole
        if csrf and "csrf" not in form:
            form["csrf"] = self.token
        return self.raw.post(url, data=form, **kw)

    def open_example(self, path: Path = LYCEUM) -> Any:
        with path.open("rb") as fh:
            return self.post("/open", {"file": (fh, path.name)}, content_type="multipart/form-data")

    def new(self) -> Any:
        return self.post("/new")

    def form(self) -> "PageForm":
        page = self.get("/profile")
        assert page.status_code == 200
        return PageForm.parse(page.data.decode("utf-8"), "profile-form")

    def submit(self, changes: dict[str, Any] | None = None, action: str = "check", drop: tuple[str, ...] = ()) -> Any:
        """The form as drawn, with ``changes`` made (None unticks a box), posted with ``action``."""
        form = self.form()
        for name in drop:
            form.values.pop(name, None)
        for name, value in (changes or {}).items():
            if value is None:
                form.values.pop(name, None)
            else:
                form.values[name] = value if isinstance(value, list) else [value]
        form.values["action"] = [action]
        return self.post("/profile", MultiDict([(k, v) for k, vs in form.values.items() for v in vs]))

    def yaml(self) -> str:
        return self.get("/profile.yaml").data.decode("utf-8")


class PageForm(HTMLParser):
    """The values a browser sends for one form of a page, as drawn (no button pressed)."""

    def __init__(self, form_id: str):
        super().__init__()
        self.form_id = form_id
        self.inside = False
        self.values: dict[str, list[str]] = {}
        self.select: str | None = None
        self.option: str | None = None
        self.selected: dict[str, str] = {}
        self.first_option: dict[str, str] = {}

    @classmethod
    def parse(cls, html: str, form_id: str) -> "PageForm":
        parser = cls(form_id)
        parser.feed(html)
        for name, value in parser.first_option.items():
            parser.values.setdefault(name, [parser.selected.get(name, value)])
        return parser

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.inside = a.get("id") == self.form_id
        if not self.inside or not a.get("name") and tag not in ("option",):
            return
        if tag == "input" and a.get("type") not in ("submit", "button", "file"):
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                return
            self.values.setdefault(a["name"], []).append(a.get("value", ""))
        elif tag == "select":
            self.select = a["name"]
        elif tag == "option" and self.select:
            value = a.get("value")
            self.option = value
            self.first_option.setdefault(self.select, value if value is not None else "")
            if "selected" in a:
                self.selected[self.select] = value if value is not None else ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.inside = False
        if tag == "select":
            self.select = None


class Text(HTMLParser):
    """The text a page shows (scripts and styles left out)."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.skip += tag in ("script", "style")

    def handle_endtag(self, tag: str) -> None:
        self.skip -= tag in ("script", "style")

    def handle_data(self, data: str) -> None:
        if not self.skip and data.strip():
            self.parts.append(data.strip())


def shown(html: bytes | str) -> str:
    parser = Text()
    parser.feed(html.decode("utf-8") if isinstance(html, bytes) else html)
    return " ".join(parser.parts)


def slot(html: bytes | str, element_id: str) -> str:
    """The text of the findings slot of an input (``e-<id>``)."""
    text = html.decode("utf-8") if isinstance(html, bytes) else html
    found = re.search(rf'<div class="notes" id="e-{re.escape(element_id)}"[^>]*>(.*?)</div>', text, re.S)
    assert found, f"no slot e-{element_id}"
    return shown(found.group(1))


def value_of(html: bytes | str, element_id: str) -> str | None:
    text = html.decode("utf-8") if isinstance(html, bytes) else html
    found = re.search(rf'<input id="{re.escape(element_id)}"[^>]*?value="([^"]*)"', text)
    return found.group(1) if found else None

"""`readiness serve` on a shared machine: CSRF on every form, sessions kept on the server,
uploads bounded as the CLI bounds files, every value escaped, and no path from a request
reaching the file system outside --profiles."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import BUNDLED
from readiness.io.files import MAX_BYTES
from readiness.serve.app import create_app
from serve_helpers import LYCEUM, Client, app, client, profiles, shown  # noqa: F401

POSTS = ["/new", "/open", "/profile", "/profile/check", "/asof"]


def test_every_post_route_is_listed(app: Any) -> None:
    assert sorted(r.rule for r in app.url_map.iter_rules() if "POST" in r.methods) == sorted(POSTS)


@pytest.mark.parametrize("url", POSTS)
@pytest.mark.parametrize("token", [None, "", "0" * 64, "forged"])
def test_a_post_without_the_sessions_token_is_refused(client: Client, url: str, token: str | None) -> None:
    client.open_example()
    before = client.yaml()
    data = {"facts.staff.admin": "99", "name": "rural-lyceum-naryn.yaml", "today": "2020-08-10"}
    if token is not None:
        data["csrf"] = token
    response = client.post(url, data, csrf=False)
    assert response.status_code == 403
    assert client.yaml() == before


def test_a_token_of_another_session_is_refused(app: Any) -> None:
    one, other = Client(app.test_client()), Client(app.test_client())
    one.get("/")
    other.get("/")
    assert one.token != other.token
    assert other.post("/new", {"csrf": one.token}, csrf=False).status_code == 403
    assert other.post("/new").status_code == 303


def test_the_token_may_come_in_a_header_for_the_script(client: Client) -> None:
    client.open_example()
    response = client.raw.post("/profile/check", data={"facts.staff.admin": "9"}, headers={"X-CSRF-Token": client.token})
    assert response.status_code == 200


def test_every_form_of_every_page_carries_the_token(client: Client) -> None:
    client.open_example()
    for url in ["/", "/profile", "/results", "/plan/blended", "/gaps", "/checklist/blended", "/explain/blended/hr.development-plan"]:
        page = client.get(url).data.decode()
        forms = re.findall(r"<form\b.*?</form>", page, re.S)
        for form in forms:
            assert re.search(r'name="csrf" value="[0-9a-f]{64}"', form), (url, form[:200])
            assert 'method="post"' in form


def test_the_session_cookie_holds_only_a_random_id(client: Client) -> None:
    response = client.raw.get("/")
    cookie = response.headers["Set-Cookie"]
    assert re.match(r"readiness_session=[A-Za-z0-9_-]{43}; HttpOnly; Path=/; SameSite=Lax", cookie), cookie


def test_pages_say_what_they_may_load(client: Client) -> None:
    headers = client.get("/").headers
    assert "default-src 'self'" in headers["Content-Security-Policy"] and "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("host", ["evil.example", "evil.example:8000", "192.168.1.20:8000"])
def test_a_local_server_answers_only_to_its_own_name(app: Any, host: str) -> None:
    assert app.test_client().get("/", headers={"Host": host}).status_code == 400   # DNS rebinding


def test_a_network_server_answers_to_any_name(tmp_path: Path) -> None:
    open_app = create_app(BUNDLED, None, host="0.0.0.0", scratch=tmp_path)
    assert open_app.test_client().get("/", headers={"Host": "192.168.1.20:8000"}).status_code == 200


# -- uploads -----------------------------------------------------------------------------
def test_an_upload_larger_than_the_cli_reads_is_refused(client: Client) -> None:
    big = b"a: " + b"x" * (MAX_BYTES + 2**20)
    response = client.post("/open", {"file": (__import__("io").BytesIO(big), "big.yaml")}, content_type="multipart/form-data")
    assert response.status_code == 413
    assert "20" in shown(response.data)


def test_a_file_just_over_the_limit_gets_the_clis_finding(client: Client) -> None:
    import io

    data = b"# " + b"x" * MAX_BYTES
    response = client.post("/open?lang=en", {"file": (io.BytesIO(data), "big.yaml")}, content_type="multipart/form-data")
    assert response.status_code == 422
    assert "Y006" in shown(response.data) and "at most 20 MiB" in shown(response.data)


def test_an_upload_without_a_file(client: Client) -> None:
    response = client.post("/open?lang=en", {}, content_type="multipart/form-data")
    assert response.status_code == 422 and "No file was chosen" in shown(response.data)


@pytest.mark.parametrize("name", ["../rural-lyceum-naryn.yaml", "/etc/passwd", "..", ".", "", "sub/x.yaml",
                                  "rural-lyceum-naryn.yaml/../../x", "RURAL-LYCEUM-NARYN.YAML", "rural-lyceum-naryn.yaml\x00"])
def test_only_names_the_folder_lists_are_opened(client: Client, name: str) -> None:
    response = client.post("/open?lang=en", {"name": name})
    assert response.status_code == 422 and "The folder has no such file." in shown(response.data)


def test_a_link_in_the_folder_pointing_outside_is_not_listed(client: Client, profiles: Path, tmp_path: Path) -> None:
    outside = tmp_path / "secret.yaml"
    outside.write_text(LYCEUM.read_text(encoding="utf-8"), encoding="utf-8")
    (profiles / "link.yaml").symlink_to(outside)
    assert client.post("/open", {"name": "link.yaml"}).status_code == 422


def test_an_uploaded_files_name_is_never_a_path(client: Client, profiles: Path) -> None:
    with LYCEUM.open("rb") as fh:
        client.post("/open", {"file": (fh, "../../etc/evil.yaml")}, content_type="multipart/form-data")
    assert client.get("/profile.yaml").headers["Content-Disposition"].startswith('attachment; filename="evil.yaml"')
    client.submit(action="save")   # saved by the institution's id, inside the folder
    assert (profiles / "naryn-lyceum-12.yaml").is_file()
    assert not (profiles.parent.parent / "etc").exists()


def test_the_id_cannot_name_a_file_outside_the_folder(client: Client, profiles: Path) -> None:
    client.new()
    client.submit({"institution.id": "../../escape", "institution.name": "x", "institution.type": "primary",
                   "term_start": "2020-09-01", "scenarios": ["blended"]}, action="save")
    assert not list(profiles.parent.rglob("escape*"))
    assert "errors" in shown(client.get("/profile?lang=en").data)


# -- escaping --------------------------------------------------------------------------------
MARKUP = '<script>alert(1)</script><img src=x onerror=alert(2)>"\'&'


def test_every_value_is_escaped_on_every_page(client: Client) -> None:
    client.open_example()
    client.submit({"institution.name": MARKUP, "institution.region": MARKUP, "institution.contact": MARKUP})
    client.submit(action="add:progress")
    client.submit({"progress.0.task": "hr.development-plan", "progress.0.status": "in_progress",
                   "progress.0.responsible": MARKUP, "progress.0.note": MARKUP})
    assert yaml.safe_load(client.yaml())["institution"]["name"] == MARKUP
    for url in ["/profile", "/results", "/plan/blended", "/gaps", "/checklist/blended?role=abp",
                "/explain/blended/hr.development-plan", "/download/plan.html?scenario=blended"]:
        page = client.get(url).data.decode()
        assert "<script>alert" not in page and "<img src=x" not in page, url
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page, url


def test_a_finding_about_typed_markup_is_escaped(client: Client) -> None:
    client.open_example()
    client.submit({"facts.staff.teaching": "<b>x</b>"})
    page = client.get("/profile").data.decode()
    assert "<b>x</b>" not in page and "&lt;b&gt;x&lt;/b&gt;" in page
    body = client.post("/profile/check", {"facts.staff.teaching": "<i>y</i>"}).get_json()
    assert "<i>y</i>" in body["notes"]["facts.staff.teaching"][0]["message"]   # JSON: the script sets it as text


def test_session_data_is_server_side(client: Client) -> None:
    client.open_example()
    cookies = client.raw.get("/profile").headers.getlist("Set-Cookie")
    assert not any("naryn" in c for c in cookies)

"""Every route of `readiness serve` through Flask's test client: what it shows, in which
language, and the files it gives."""
from __future__ import annotations

import csv
import io
import json
import re
import time
from pathlib import Path
from typing import Any

import pytest
import yaml
from openpyxl import load_workbook

from readiness.i18n import LANGUAGES
from readiness.render.formats import formats_for
from serve_helpers import EXAMPLES, LYCEUM, Client, app, client, profiles, shown  # noqa: F401

GETS_NEEDING_A_PROFILE = ["/results", "/plan/blended", "/gaps", "/checklist/blended", "/checklist/traditional?role=okk",
                          "/explain/blended/hr.development-plan", "/download/plan.md?scenario=blended"]


def test_every_route_is_tested(app: Any) -> None:
    tested = {"/", "/new", "/open", "/profile", "/profile/check", "/profile.yaml", "/asof", "/report.css", "/results",
              "/plan/<scenario>", "/gaps", "/checklist/<scenario>", "/explain/<scenario>/<task>", "/download/<kind>.<fmt>",
              "/static/<path:filename>"}
    assert {rule.rule for rule in app.url_map.iter_rules()} == tested


def test_home_offers_new_upload_and_the_folder(client: Client) -> None:
    page = client.get("/?lang=ru")
    assert page.status_code == 200
    text = shown(page.data)
    assert "Новый профиль" in text and "Открыть файл" in text and "rural-lyceum-naryn.yaml" in text


@pytest.mark.parametrize("lang, word", [("ky", "Жаңы профиль"), ("ru", "Новый профиль"), ("en", "A new profile")])
def test_the_language_is_switched_on_any_page_and_remembered(client: Client, lang: str, word: str) -> None:
    first = client.get(f"/?lang={lang}")
    assert f"readiness_lang={lang}" in first.headers.get("Set-Cookie", "") or lang in str(first.headers)
    assert word in shown(client.get("/").data)          # the cookie remembers it
    assert f'<html lang="{lang}">' in client.get("/").data.decode()


def test_the_default_language_is_kyrgyz(client: Client) -> None:
    assert '<html lang="ky">' in client.get("/").data.decode()


def test_the_form_language_switch_posts_the_form(client: Client) -> None:
    client.open_example()
    response = client.submit({"facts.staff.admin": "11"}, action="lang:en")
    assert response.status_code == 303 and "readiness_lang=en" in response.headers["Set-Cookie"]
    page = client.get("/profile").data.decode()
    assert "Administrative and management staff" in page
    assert 'value="11"' in page   # what was typed is kept


def test_new_then_open_from_the_folder(client: Client) -> None:
    assert client.new().headers["Location"].endswith("/profile")
    response = client.post("/open", {"name": "state-university-osh.yaml"})
    assert response.status_code == 303
    assert "Ош мамлекеттик университети" in client.get("/profile").data.decode()


def test_upload_opens_a_profile(client: Client) -> None:
    assert client.open_example().status_code == 303
    page = client.get("/profile").data.decode()
    assert "№ 12 кесиптик лицей" in page and "rural-lyceum-naryn.yaml" in page


def test_results_wait_for_a_valid_profile(client: Client) -> None:
    client.new()
    for url in GETS_NEEDING_A_PROFILE:
        response = client.get(url)
        assert response.status_code == 303 and "/profile" in response.headers["Location"], url
    page = client.get("/profile?lang=en").data
    assert "fill in the profile and fix its errors" in shown(page)


def test_the_results_action_goes_to_the_results_when_valid(client: Client) -> None:
    client.open_example()
    assert client.submit(action="results").headers["Location"].endswith("/results")


@pytest.mark.parametrize("url", GETS_NEEDING_A_PROFILE)
def test_every_results_page_shows(client: Client, url: str) -> None:
    client.open_example()
    response = client.get(url)
    assert response.status_code == 200, url


def test_three_scenarios_side_by_side_with_status_and_blockers(client: Client) -> None:
    client.open_example()
    page = client.get("/results?lang=ru").data.decode()
    for title in ("Сценарий 1", "Сценарий 2", "Сценарий 3"):
        assert title in page
    assert page.count('class="scenario status-') == 3
    from readiness.serve.text import status_word

    verdicts = [s["status"] for s in client_gaps(client)["scenarios"]]
    assert all(status_word(v, "ru") in page for v in verdicts) and "Что мешает" in page
    assert "/explain/blended/" in page          # a blocker is one click from why
    assert "#f-facts-" in page                   # a question is one click from its field


def client_gaps(client: Client) -> dict[str, Any]:
    return json.loads(client.get("/download/gaps.json").data)


def test_a_status_the_catalogue_lacks_is_shown_as_it_is(client: Client, monkeypatch: pytest.MonkeyPatch) -> None:
    from readiness.serve import results

    real = results.build_report

    def with_verdict(kind: str, *args: Any, **kw: Any) -> Any:
        data = real(kind, *args, **kw)
        if kind == "gaps":
            data["scenarios"][0]["status"] = "cannot_yet"   # a status from a later engine
            data["scenarios"][0].pop("verdict", None)        # and a report without a verdict object
            data["scenarios"][1]["verdict"] = {"status": "ready", "late_by": None, "blockers": [
                {"kind": "requirement", "id": "san.x", "title": "Жетиштүү орун жок", "reason": "capacity"}],
                "pending": [{"fact": "staff.teaching", "title": "Окутуучулар"}], "required": [], "advice": []}
        return data

    monkeypatch.setattr(results, "build_report", with_verdict)
    client.open_example()
    page = client.get("/results?lang=ky").data.decode()
    assert "cannot yet" in page and "даяр" in page and "Жетиштүү орун жок" in page
    assert "#f-facts-staff-teaching" in page


def test_the_plan_has_this_week_and_why_links(client: Client) -> None:
    client.open_example()
    client.post("/asof", {"today": "2020-08-10", "back": "/plan/blended"})
    page = client.get("/plan/blended?lang=ru").data.decode()
    assert "На этой неделе" in page and "10 августа 2020\u202fг." in page
    week = page.split('id="week"')[1].split('id="all"')[0] if 'id="questions"' not in page else page.split('id="week"')[1].split('id="questions"')[0]
    assert week.count('class="task"') >= 5
    tasks = page.count('<tr class="task">')
    assert page.count('class="why"') == tasks       # every task: why is it here, one click away


def test_this_week_takes_what_starts_within_seven_days_overdue_first() -> None:
    from datetime import date

    from readiness.serve.results import this_week

    tasks = [{"order": 1, "start": "2020-08-20", "flags": []}, {"order": 2, "start": "2020-08-12", "flags": []},
             {"order": 3, "start": "2020-07-01", "flags": ["overdue"]}, {"order": 4, "start": "2020-08-16", "flags": []}]
    assert [t["order"] for t in this_week(tasks, date(2020, 8, 10))] == [3, 2, 4]


def test_the_checklist_per_role(client: Client) -> None:
    client.open_example()
    page = client.get("/checklist/blended?role=okk&lang=ru").data.decode()
    assert "Чек-лист: Учебно-вспомогательный персонал" in page
    assert "role=pok" in page and "role=abp" in page
    assert client.get("/checklist/blended?role=nobody").status_code == 404


def test_explain_is_the_engines_explanation(client: Client) -> None:
    client.open_example()
    page = client.get("/explain/blended/hr.qualification-courses?lang=en").data.decode()
    assert "Why this task is in the plan" in page and "hr.qualification-courses" in page
    assert client.get("/explain/blended/no.such-task").status_code == 404
    assert client.get("/explain/fourth/hr.qualification-courses").status_code == 404


def test_the_gap_report(client: Client) -> None:
    client.open_example()
    page = client.get("/gaps?lang=ru").data.decode()
    assert "Отчёт о пробелах в готовности" in page and "Кадровые ресурсы" in page


@pytest.mark.parametrize("kind, fmt", [(k, f) for k in ("plan", "gaps", "checklist") for f in formats_for(k)])
def test_every_download_in_every_format(client: Client, kind: str, fmt: str) -> None:
    client.open_example()
    client.get("/?lang=ru")
    args = "" if kind == "gaps" else "?scenario=blended" + ("&role=abp" if kind == "checklist" else "")
    response = client.get(f"/download/{kind}.{fmt}{args}")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith(f'attachment; filename="{kind}-naryn-lyceum-12')
    body = response.data
    if fmt == "xlsx":
        assert load_workbook(io.BytesIO(body)).sheetnames
    elif fmt == "json":
        data = json.loads(body)
        assert data["lang"] == "ru" and data["profile"] == "rural-lyceum-naryn.yaml"   # never the server's scratch file
    elif fmt == "csv":
        assert len(list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))) > 2
    elif fmt == "ics":
        assert body.startswith(b"BEGIN:VCALENDAR")
    else:
        assert "№ 12 кесиптик лицей" in body.decode("utf-8")


def test_a_format_a_kind_lacks_is_not_found(client: Client) -> None:
    client.open_example()
    assert client.get("/download/checklist.xlsx?scenario=blended&role=abp").status_code == 404
    assert client.get("/download/aggregate.html").status_code == 404


def test_download_the_profile_yaml(client: Client) -> None:
    client.open_example()
    response = client.get("/profile.yaml")
    assert response.headers["Content-Disposition"].startswith('attachment; filename="rural-lyceum-naryn.yaml"')
    assert response.data == LYCEUM.read_bytes()
    response = client.submit(action="download")
    assert response.status_code == 200 and response.data == LYCEUM.read_bytes()


def test_save_writes_back_into_the_folder(client: Client, profiles: Path) -> None:
    client.post("/open", {"name": "rural-lyceum-naryn.yaml"})
    client.submit({"facts.staff.admin": "10"}, action="save")
    assert "    admin: 10" in (profiles / "rural-lyceum-naryn.yaml").read_text(encoding="utf-8")
    assert "rural-lyceum-naryn.yaml" in shown(client.get("/profile?lang=en").data)


def test_save_is_refused_with_errors_and_over_another_file(client: Client, profiles: Path) -> None:
    before = (profiles / "rural-lyceum-naryn.yaml").read_bytes()
    client.open_example()   # uploaded: a new file in the folder would be naryn-lyceum-12.yaml
    client.submit({"facts.staff.admin": "много"}, action="save")
    assert "has errors" in shown(client.get("/profile?lang=en").data)
    assert not (profiles / "naryn-lyceum-12.yaml").exists()
    client.submit({"facts.staff.admin": "9", "institution.id": "rural-lyceum-naryn"}, action="save")
    client.submit({"institution.id": "rural-lyceum-naryn"}, action="save")
    assert (profiles / "rural-lyceum-naryn.yaml").read_bytes() == before   # never over another file
    assert "already has rural-lyceum-naryn.yaml" in shown(client.get("/profile?lang=en").data)


def test_save_without_a_folder_says_how(tmp_path: Path) -> None:
    from conftest import BUNDLED
    from readiness.serve.app import create_app

    local = Client(create_app(BUNDLED, None, scratch=tmp_path).test_client())
    local.open_example()
    local.submit(action="save")
    assert "--profiles" in shown(local.get("/profile?lang=en").data)


def test_as_of_date(client: Client) -> None:
    client.open_example()
    response = client.post("/asof", {"today": "2020-08-10", "back": "/checklist/blended?role=abp"})
    assert response.headers["Location"] == "/checklist/blended?role=abp"
    page = client.get("/checklist/blended?role=abp&lang=ru").data.decode()
    assert "10 августа 2020\u202fг." in page  # CLDR's date, its narrow no-break space before "г." kept
    for elsewhere in ("//evil.example", "/\\evil.example", "https://evil.example", "/\\/evil.example", "/ok\nSet-Cookie: x=1"):
        assert client.post("/asof", {"today": "x", "back": elsewhere}).headers["Location"] == "/results", elsewhere


def test_check_as_you_go_answers_with_the_findings_by_input(client: Client) -> None:
    client.open_example()
    client.get("/?lang=ru")
    form = client.form()
    values = {k: v[0] for k, v in form.values.items()}
    values["facts.staff.teaching"] = "abc"
    response = client.post("/profile/check", values)
    body = response.get_json()
    assert body["errors"] == 1
    assert "ожидается целое число" in body["notes"]["facts.staff.teaching"][0]["message"]
    assert 'value="abc"' in client.get("/profile").data.decode()   # kept in the session


def test_check_as_you_go_numbers_findings_as_the_page_sent_them(client: Client) -> None:
    client.open_example()
    client.submit(action="add:rooms")
    client.submit(action="add:rooms")   # one blank row stays: the last added
    values = {k: v[0] for k, v in client.form().values.items()}
    values.update({"rooms.rows": "8", "rooms.6.id": "", "rooms.7.id": "x"})   # row 6 blank, row 7 typed into
    body = client.post("/profile/check", values).get_json()
    assert "rooms.7.area_m2" in body["notes"], body["notes"].keys()


def test_report_css_is_the_reports_print_stylesheet(client: Client) -> None:
    css = client.get("/report.css")
    assert css.mimetype == "text/css"
    text = css.data.decode()
    assert "@page { size: A4" in text and ".running" in text and "{%" not in text and "{{" not in text
    # the page number's word in the page's language, as the printed report has it
    assert 'content: "Страница " counter(page)' in client.get("/report.css?lang=ru").data.decode()
    assert 'content: "Бет " counter(page)' in client.get("/report.css?lang=ky").data.decode()


def test_static_files_are_served_from_the_package(client: Client) -> None:
    assert client.get("/static/serve.js").status_code == 200
    assert client.get("/static/serve.css").status_code == 200
    page = client.get("/").data.decode()
    assert not re.search(r"""(src|href)=["']https?://""", page)   # nothing from a CDN


@pytest.mark.parametrize("lang", LANGUAGES)
def test_pages_are_fast(client: Client, lang: str) -> None:
    client.open_example()
    client.get(f"/?lang={lang}")
    for url in ["/profile", "/results", "/plan/blended", "/gaps", "/checklist/blended?role=abp",
                "/explain/blended/hr.development-plan"]:
        client.get(url)   # warm
        start = time.perf_counter()
        assert client.get(url).status_code == 200
        assert time.perf_counter() - start < 0.5, url


def test_unknown_pages_and_methods(client: Client) -> None:
    assert client.get("/nothing?lang=en").status_code == 404
    assert "There is no such page." in shown(client.get("/nothing").data)
    assert client.get("/new").status_code == 405


def test_a_new_profile_yaml_starts_with_the_version(client: Client) -> None:
    client.new()
    assert yaml.safe_load(client.yaml()) == {"profile_version": 1}


def test_a_file_named_in_kyrgyz_opens_and_downloads(client: Client, profiles: Path) -> None:
    (profiles / "Нарын лицейи \"№12\".yaml").write_bytes(LYCEUM.read_bytes())
    name = next(n for n in __import__("readiness.serve.workspace", fromlist=["listing"]).listing(profiles) if n.startswith("Нарын"))
    assert client.post("/open", {"name": name}).status_code == 303
    header = client.get("/profile.yaml").headers["Content-Disposition"]
    assert header.startswith('attachment; filename="') and "\n" not in header
    assert "filename*=UTF-8''%D0%9D%D0%B0%D1%80%D1%8B%D0%BD" in header

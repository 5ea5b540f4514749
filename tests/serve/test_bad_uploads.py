"""Every profile and YAML file of the bad-input corpus (tests/bad), uploaded: a clear error in
the reader's language or the form with the engine's findings, never a crash or a traceback."""
from __future__ import annotations

import filecmp
import re
from pathlib import Path
from typing import Any

import pytest

from conftest import MINI
from readiness.serve.app import create_app
from serve_helpers import Client, shown
from test_bad_inputs import BAD, CASES, _param, prepare

UPLOADED = [c for c in CASES if (BAD / c / "profile.yaml").is_file() or (BAD / c / "patch.yaml").is_file()]


def _files(case: str, tmp: Path) -> list[Path]:
    """The case's profile, or the YAML files its patch writes or changes in the playbook set."""
    if (BAD / case / "profile.yaml").is_file():
        return [BAD / case / "profile.yaml"]
    target = Path(prepare(case, tmp)["set"])
    changed = [p for p in target.rglob("*") if p.is_file() and not p.is_symlink() and p.suffix in (".yaml", ".yml")
               and not ((MINI / p.relative_to(target)).is_file() and filecmp.cmp(p, MINI / p.relative_to(target), shallow=False))]
    made = [p for p in tmp.glob("*.y*ml") if p.is_file() and not p.is_symlink()]   # generated profiles: {tmp}/profile.yaml
    return sorted(changed + made)


@pytest.fixture(scope="module")
def mini_app(tmp_path_factory: pytest.TempPathFactory) -> Any:
    app = create_app(MINI, None, scratch=tmp_path_factory.mktemp("scratch"))
    app.config["PROPAGATE_EXCEPTIONS"] = False   # a crash would be a 500 page: the test says which
    return app


def test_the_corpus_has_files_to_upload() -> None:
    assert len(UPLOADED) >= 100
    assert sum((BAD / c / "profile.yaml").is_file() for c in UPLOADED) >= 40


@pytest.mark.parametrize("case", [_param(c) for c in UPLOADED])
def test_uploading_a_bad_input(case: str, mini_app: Any, tmp_path: Path) -> None:
    files = _files(case, tmp_path)
    if not files:
        pytest.skip("no file to upload: the case deletes files, makes folders or special files (test_special_files_in_the_folder)")
    for path in files:
        client = Client(mini_app.test_client())
        client.get("/?lang=ru")
        with path.open("rb") as fh:
            response = client.post("/open", {"file": (fh, path.name)}, content_type="multipart/form-data")
        text = shown(response.data)
        assert response.status_code in (303, 413, 422), (path.name, response.status_code, text[:500])
        assert "Traceback" not in response.data.decode("utf-8", "replace")
        if response.status_code == 303:
            page = client.get("/profile")   # opened: the form, with the engine's findings where they are
            assert page.status_code == 200 and 'id="profile-form"' in page.data.decode()
            assert client.get("/results").status_code in (200, 303)
        elif response.status_code == 422:
            assert "Открыть файл" in text and ("не удаётся прочитать" in text or "Структуру этого файла" in text), text[:500]
            assert re.search(r"\b[YSP]\d{3}\b", text), text[:500]   # the findings that say why, with their codes
        else:
            assert "Файл слишком большой" in text


def test_special_files_in_the_folder_are_neither_listed_nor_opened(tmp_path: Path) -> None:
    """FIFOs, sockets and links to devices or to nothing (tests/bad/files-*): a browser cannot
    upload them, but they can lie in --profiles."""
    import os
    import socket

    folder = tmp_path / "profiles"
    folder.mkdir()
    os.mkfifo(folder / "fifo.yaml")
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(folder / "socket.yaml"))
    sock.close()
    (folder / "zero.yaml").symlink_to("/dev/zero")
    (folder / "dangling.yaml").symlink_to(tmp_path / "nowhere.yaml")
    (folder / "good.yaml").write_bytes((MINI / "examples" / "college.yaml").read_bytes())
    app = create_app(MINI, folder, scratch=tmp_path)
    client = Client(app.test_client())
    assert "good.yaml" in shown(client.get("/").data)
    for name in ("fifo.yaml", "socket.yaml", "zero.yaml", "dangling.yaml"):
        assert name not in shown(client.get("/").data)
        assert client.post("/open", {"name": name}).status_code == 422
    assert client.post("/open", {"name": "good.yaml"}).status_code == 303


def test_a_table_longer_than_its_bound_is_refused_with_the_engines_finding(mini_app: Any, tmp_path: Path) -> None:
    files = _files("size-rooms-5001", tmp_path)
    client = Client(mini_app.test_client())
    with files[0].open("rb") as fh:
        response = client.post("/open?lang=en", {"file": (fh, "profile.yaml")}, content_type="multipart/form-data")
    assert response.status_code == 422 and "5001" in shown(response.data)

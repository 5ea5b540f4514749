"""Finding profile files: the compact list gives exactly the paths, in exactly the order, that a
sorted list of Path objects gave (the aggregate's file order, and so its bytes, depend on it)."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from readiness.io.files import FileList, discover, display_name


def reference(paths: list[Path]) -> list[Path]:
    """What discover returned before the compact list: Path objects, unique, sorted by their text."""
    found: set[Path] = set()
    for path in paths:
        found.update((Path(top) / f for top, _, files in os.walk(path) for f in files if f.endswith(".yaml"))
                     if path.is_dir() else [path])
    return sorted(found, key=str)


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Names that sort differently as paths and as walk order: a file beside a folder of the
    same beginning (b.yaml, b/ and b-c/), non-ASCII names, a name holding a line break."""
    monkeypatch.chdir(tmp_path)
    for name in ["b.yaml", "b/a.yaml", "b/z/y.yaml", "b-c/x.yaml", "ba.yaml", "a.yml", "a.yaml.txt",
                 "жалал-абад/мектеп.yaml", "line\nbreak.yaml", "deep/er/est/1.yaml"]:
        path = tmp_path / "profiles" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x: 1\n", encoding="utf-8")
    return tmp_path / "profiles"


@pytest.mark.parametrize("given", [["profiles"], ["./profiles/"], ["profiles/b", "profiles", "profiles/ba.yaml"],
                                   ["profiles/b-c/x.yaml", "profiles/b/z"], ["ABSOLUTE"]])
def test_the_same_paths_in_the_same_order_as_sorted_path_objects(tree: Path, given: list[str]) -> None:
    paths = [tree if g == "ABSOLUTE" else Path(g) for g in given]
    files = discover(paths)
    assert list(files) == [str(p) for p in reference(paths)] and len(files) == len(reference(paths))
    assert list(files.names()) == list(files)


def test_a_file_list_keeps_each_path_whole() -> None:
    for paths in [["only/one.yaml"], ["a/x.yaml", "a/xy.yaml", "a/x.yaml.yaml"], ["a.yaml", "b.yaml"], []]:
        files = FileList(paths)
        assert list(files.names()) == paths and list(files) == paths and len(files) == len(paths)


def test_a_file_list_takes_a_few_bytes_a_path() -> None:
    paths = [f"/srv/ministry/profiles/2020/{i // 1000:02d}/p{i:06d}.yaml" for i in range(10_000)]
    files = FileList(paths)
    held = sum(len(s) for s in vars(files).values() if isinstance(s, str))
    assert held < 16 * len(paths)  # the rest of each path past the folder they share, and a NUL


def test_the_current_folder_is_not_written_before_its_files(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tree)
    files = list(discover([Path("."), Path("./b/")]))
    assert files == [str(p) for p in reference([Path("."), Path("./b/")])] and "b/a.yaml" in files and "b.yaml" in files


def previous_display_name(path: Path) -> str:
    """How findings named a file before :func:`display_name` worked on the text."""
    if not path.is_absolute():
        return str(path)
    try:
        return str(path.relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


@pytest.mark.parametrize("name", ["CWD/a.yaml", "CWD/жалал-абад/мектеп.yaml", "CWD", "CWD-other/a.yaml", "CWDx.yaml",
                                  "/elsewhere/a.yaml", "/", "relative/a.yaml", "a.yaml"])
def test_a_file_is_named_as_its_path_object_named_it(tree: Path, name: str) -> None:
    cwd = str(Path.cwd().resolve())
    given = name.replace("CWD", cwd)
    assert display_name(given) == display_name(Path(given)) == previous_display_name(Path(given))


def test_a_batch_of_names_leaves_the_interned_strings_alone(tmp_path: Path) -> None:
    """A Path made per profile interned its name, and the table of interned strings never
    shrinks: 10,000 profiles grew an aggregate by 0.4-0.9 MB, 100,000 names here by about 1 MB
    (issue 11: memory flat in the number of profiles)."""
    import tracemalloc

    names = [f"{tmp_path}/{i // 1000:02d}/p{i:06d}.yaml" for i in range(100_000)]
    files = FileList(names)
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        for name in files:
            display_name(name)
        grown = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert grown < 32 * 1024

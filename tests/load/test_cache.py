from __future__ import annotations

import os
import shutil
from pathlib import Path

from conftest import MINI
from readiness.load import cache


def test_tests_never_use_the_users_cache(tmp_path: Path) -> None:
    folder = cache.cache_dir()
    assert folder is not None and str(folder) == os.environ["READINESS_CACHE_DIR"]
    assert Path.home() / ".cache" not in folder.parents


def test_a_change_to_the_compiler_changes_the_key(tmp_path: Path) -> None:
    copy = tmp_path / "readiness"
    shutil.copytree(cache.PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    assert cache.package_digest(copy) == cache.program_digest()
    compiler = copy / "load" / "compile.py"
    lines = compiler.read_text(encoding="utf-8").splitlines(keepends=True)
    # the same statements in another order: requirements compiled before risks
    risks = next(i for i, line in enumerate(lines) if "risks = self._risks(" in line)
    assert "requirements = self._requirements(" in lines[risks + 1]
    lines[risks], lines[risks + 1] = lines[risks + 1], lines[risks]
    compiler.write_text("".join(lines), encoding="utf-8")
    assert cache.package_digest(copy) != cache.program_digest()


def test_a_clean_set_is_served_from_the_cache_and_an_edit_misses_it(tmp_path: Path) -> None:
    copy = tmp_path / "mini"
    shutil.copytree(MINI, copy)
    first = cache.load_cached_playbook(copy)
    key = cache.cache_key(copy)
    folder = cache.cache_dir()
    assert key and folder and (folder / f"{key}.pickle").is_file()
    again = cache.load_cached_playbook(copy)
    assert again.tasks.keys() == first.tasks.keys() and again is not first
    (copy / "tasks.yaml").write_text((copy / "tasks.yaml").read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert cache.cache_key(copy) != key


def test_the_program_data_is_kept_parsed_and_a_change_misses_it(tmp_path: Path) -> None:
    from readiness.io.yaml import load_data
    from readiness import resources
    from readiness.resources import templates_dir

    assert resources._data_cache is cache.cached_data  # load.cache, once loaded, keeps the program's data
    copy = tmp_path / "messages.yaml"  # bytes of its own: never an entry another test or run made
    copy.write_text((templates_dir() / "i18n" / "messages.yaml").read_text(encoding="utf-8") + f"\n# {tmp_path}\n",
                    encoding="utf-8")
    calls: list[Path] = []

    def load(path: Path) -> object:
        calls.append(path)
        return load_data(path)

    first = cache.cached_data(copy, load)
    assert first == load_data(copy) and calls == [copy]
    assert cache.cached_data(copy, load) == first and calls == [copy]  # from the cache
    copy.write_text(copy.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert cache.cached_data(copy, load) == first and calls == [copy, copy]


def test_a_warm_load_asks_for_no_more_memory_than_the_entry_takes(tmp_path: Path) -> None:
    """Reading an entry once asked for MAX_ENTRY (512 MB) whatever its size: a process under
    a memory limit (ulimit -v 400 MB) failed with MemoryError on every warm run."""
    import tracemalloc

    copy = tmp_path / "mini"
    shutil.copytree(MINI, copy)
    cache.load_cached_playbook(copy)  # fills the cache
    key = cache.cache_key(copy)
    folder = cache.cache_dir()
    assert key and folder
    size = (folder / f"{key}.pickle").stat().st_size
    tracemalloc.start()
    try:
        cache.load_cached_playbook(copy)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 20 * size + 2**20, (peak, size)

"""The parse cache of large topologies: keyed by content, never stale, never required."""

from __future__ import annotations

import pathlib

import pytest

from o2g_conformance.emulator.core import topology as topo_mod
from o2g_conformance.emulator.core.topology import default_topology_path, load_topology


@pytest.fixture
def cache(tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> pathlib.Path:
    monkeypatch.setenv("O2G_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(topo_mod, "PARSE_CACHE_MIN_BYTES", 0)  # the bundled file counts as large
    return tmp_path / "cache" / "topology"


def _copy(tmp_path: pathlib.Path, text: str) -> pathlib.Path:
    path = tmp_path / "topology.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_second_load_reads_the_cache_and_gives_the_same_topology(tmp_path: pathlib.Path, cache: pathlib.Path) -> None:
    path = _copy(tmp_path, default_topology_path().read_text(encoding="utf-8"))
    first = load_topology(path)
    assert len(list(cache.glob("*.marshal"))) == 1
    assert not list(cache.glob("*.tmp"))
    assert load_topology(path) == first == load_topology(default_topology_path())


def test_a_changed_file_is_parsed_again_not_read_from_a_stale_cache(
    tmp_path: pathlib.Path, cache: pathlib.Path
) -> None:
    text = default_topology_path().read_text(encoding="utf-8")
    path = _copy(tmp_path, text)
    assert load_topology(path).users()[0].firstName == "Alice"
    _copy(tmp_path, text.replace("firstName: Alice", "firstName: Alicia"))
    assert load_topology(path).users()[0].firstName == "Alicia"
    assert len(list(cache.glob("*.marshal"))) == 2


def test_a_damaged_cache_entry_falls_back_to_parsing(tmp_path: pathlib.Path, cache: pathlib.Path) -> None:
    path = _copy(tmp_path, default_topology_path().read_text(encoding="utf-8"))
    expected = load_topology(path)
    (entry,) = cache.glob("*.marshal")
    entry.write_bytes(b"\x00garbage")
    assert load_topology(path) == expected


def test_an_unwritable_cache_is_not_an_error(tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("O2G_CACHE_DIR", str(blocker))
    monkeypatch.setattr(topo_mod, "PARSE_CACHE_MIN_BYTES", 0)
    assert load_topology(default_topology_path()).users()[0].login == "oxe70120"


def test_small_files_are_not_cached(tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("O2G_CACHE_DIR", str(tmp_path / "cache"))
    load_topology(default_topology_path())
    assert not (tmp_path / "cache").exists()

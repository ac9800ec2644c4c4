"""The build cache: what invalidates it, and that a damaged one is ignored."""

from newsdigest.publish import cache


def test_installed_library_is_named_by_file_and_mtime():
    found = cache._installed("markdown_it")
    assert found.startswith("markdown_it:") and found.endswith(tuple("0123456789"))
    assert cache._installed("no_such_library_xyz") == "no_such_library_xyz:missing"


def test_another_library_install_invalidates_the_cache(monkeypatch):
    cache.code_fingerprint.cache_clear()
    before = cache.state_key("cfg")
    real = cache._installed
    monkeypatch.setattr(cache, "_installed", lambda name: real(name) + ("-upgraded" if name == "markdown_it" else ""))
    cache.code_fingerprint.cache_clear()
    try:
        assert cache.state_key("cfg") != before
    finally:
        monkeypatch.undo()
        cache.code_fingerprint.cache_clear()
    assert cache.state_key("cfg") == before


def test_damaged_state_is_ignored(tmp_path):
    c = cache.BuildCache(tmp_path)
    (tmp_path / "state.pickle").write_bytes(b"\x80\x05garbage")
    assert c.load("key") is None
    c.save(cache.BuildState("key"))
    assert c.load("key").key == "key"
    assert c.load("other") is None

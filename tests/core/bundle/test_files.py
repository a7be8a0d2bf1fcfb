"""Saving a bundle and its pseudonym map: private files, Save over an earlier one, no planted link followed."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from t3gui.core.bundle.reader import open_bundle
from t3gui.core.bundle.writer import pseudonym_map_path, save_bundle, write_bundle

from .hostile_corpus import sample_content


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX; Windows has the profile's ACL")
def test_save_bundle_writes_private_files_over_earlier_ones_and_never_through_a_link(tmp_path: Path) -> None:
    data, mapping = write_bundle(sample_content(), pseudonymize=True)
    assert mapping
    bundle = tmp_path / "ticket.zip"
    bundle.write_bytes(b"yesterday's bundle")
    victim = tmp_path / "victim"
    victim.write_text("precious")
    pseudonym_map_path(bundle).symlink_to(victim)
    save_bundle(bundle, data, mapping)
    saved_map = pseudonym_map_path(bundle)
    assert open_bundle(bundle.read_bytes()).manifest["pseudonymized"] is True
    assert json.loads(saved_map.read_text()) == mapping and not saved_map.is_symlink()
    assert {stat.S_IMODE(p.stat().st_mode) for p in (bundle, saved_map)} == {0o600}
    assert victim.read_text() == "precious"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ticket.zip", "ticket.zip.pseudonyms.json", "victim"]


def test_without_pseudonyms_no_map_is_written(tmp_path: Path) -> None:
    data, mapping = write_bundle(sample_content())
    save_bundle(tmp_path / "plain.zip", data, mapping)
    assert mapping == {} and [p.name for p in tmp_path.iterdir()] == ["plain.zip"]

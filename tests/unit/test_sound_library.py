"""The committed sound library: a playable file for every announcement segment.

Needs no audio tools: the files are built offline by scripts/build_sounds.py and committed.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from queue_server.domain.announcements import ALL_SEGMENTS, CHIME, sound_file

ROOT = Path(__file__).resolve().parents[2]
SOUNDS = ROOT / "display" / "static" / "sounds"
EVERY_SEGMENT = [CHIME, *ALL_SEGMENTS["uk"], *ALL_SEGMENTS["en"]]


def test_every_segment_in_both_languages_and_the_chime_has_a_file() -> None:
    missing = [sound_file(s) for s in EVERY_SEGMENT if not (SOUNDS / sound_file(s)).is_file()]
    assert not missing, f"run scripts/build_sounds.py; missing: {missing}"


def test_every_file_is_an_ogg_file() -> None:
    not_ogg = [
        sound_file(s) for s in EVERY_SEGMENT if (SOUNDS / sound_file(s)).read_bytes()[:4] != b"OggS"
    ]
    assert not not_ogg


def test_the_whole_library_is_under_five_megabytes() -> None:
    total = sum(path.stat().st_size for path in SOUNDS.rglob("*") if path.is_file())
    assert 0 < total < 5 * 1024 * 1024


def test_the_manifest_lists_every_file_with_the_text_it_says() -> None:
    manifest = json.loads((SOUNDS / "manifest.json").read_text(encoding="utf-8"))
    listed = {item["segment"]: item for item in manifest["files"]}
    assert set(listed) == set(EVERY_SEGMENT)
    for lang, texts in ALL_SEGMENTS.items():
        for name, text in texts.items():
            assert listed[name]["text"] == text
            assert listed[name]["file"] == sound_file(name) == f"{lang}/{name}.ogg"


def test_the_build_scripts_check_mode_passes() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "build_sounds.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr

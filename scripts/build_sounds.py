"""Build the hall displays' sound library offline: one Ogg Opus file per announcement segment.

Usage (from the repository root)::

    .venv/bin/python scripts/build_sounds.py            # build or refresh the library
    .venv/bin/python scripts/build_sounds.py --check    # only verify it; needs no audio tools
    .venv/bin/python scripts/build_sounds.py --force    # rebuild every file, recordings too

Every segment of ``queue_server.domain.announcements.ALL_SEGMENTS`` is synthesised with
espeak-ng (Ukrainian voice ``uk``, English voice ``en-us``; 140 words per minute, a little
slower than the default 175, and letters at 110), trimmed of leading and trailing silence
with sox so segments join naturally when played back to back (a 60 ms tail keeps words
apart), peak-normalised and encoded as mono Ogg Opus at 24 kbit/s with ffmpeg. The chime
is two decaying bell tones (E5 then C5, 0.8 s) made with ffmpeg's ``aevalsrc``. Output::

    display/static/sounds/chime.ogg
    display/static/sounds/uk/<segment>.ogg      e.g. uk/num-12.ogg  «дванадцять»
    display/static/sounds/en/<segment>.ogg      e.g. en/en-num-12.ogg  "twelve"
    display/static/sounds/manifest.json         every file with the text it says

Needs, for building only: ``apt-get install -y espeak-ng sox ffmpeg``. No online speech
service is used, ever; the result is committed, so the server, the tests and CI need none
of these tools.

Human recordings: any file can be replaced by a human recording with the same name that
says the segment's text (listed in ``manifest.json``), no code change needed. Convert it
first (Chromium plays Ogg Opus; trim the silence around the words), e.g.
``ffmpeg -i take.wav -c:a libopus -b:a 24k -ac 1 display/static/sounds/uk/talon.ogg``.
Re-running this script keeps such files: it rewrites only files it made itself and that
nobody changed since (the manifest keeps their SHA-256), plus missing ones; ``--force``
overwrites everything.

espeak-ng often puts the Ukrainian stress on the wrong syllable («тáлон»), so a few segments
are given to it as espeak phonemes (``[[tAl'on]]``) or spelled differently (``ESPEAK_INPUT``);
the manifest still lists the real text.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from queue_server.domain.announcements import ALL_SEGMENTS, CHIME, sound_file  # noqa: E402

SOUNDS = ROOT / "display" / "static" / "sounds"
MANIFEST = "manifest.json"
OGG_MAGIC = b"OggS"

VOICES = {"uk": "uk", "en": "en-us"}
RATE_WPM = 140
LETTER_RATE_WPM = 110  # letters are the easiest part to mishear: slower still
BITRATE = "24k"
SAMPLE_RATE = 48_000
SPEECH_PEAK_DB = -3
CHIME_PEAK_DB = -11  # sine tones sound louder than speech at the same peak
TAIL_SECONDS = 0.06
FFMPEG = ["ffmpeg", "-nostdin", "-loglevel", "error", "-y"]
GENERATED = "espeak-ng"
RECORDING = "recording"

# What espeak-ng is given instead of the plain text, where the plain text sounds wrong.
# [[...]] is espeak phoneme input: ' marks the stressed syllable, V is an unstressed о.
ESPEAK_INPUT: dict[str, dict[str, str]] = {
    "uk": {
        "talon": "[[tAl'on]]",  # тало́н, not та́лон
        "go-to-window": "[[pidijd'it]] до вікна номер",  # підійді́ть
        "num-1": "[[Vd'in]]",  # оди́н
        "num-1-fem": "[[Vdn'A]]",  # одна́
        "num-40": "[[s'orVk]]",  # со́рок
        "num-80": "[[visimdis'jat]]",  # вісімдеся́т
        "num-90": "[[divjan'ostV]]",  # дев'яно́сто
        "num-1000": "[[t'isjatS;A]]",  # ти́сяча
        "num-1000-few": "[[t'isjatS;i]]",  # ти́сячі
        "num-1000-many": "[[t'isjatS;]]",  # ти́сяч
        "letter-shch": "[[StS;'A]]",  # ща = [ʃtʃa]
        # Lone vowels are held (:) or espeak says them in 50 ms; и is [ɪ], not і's [i].
        "letter-a": "[['A:]]",
        "letter-e": "[['e:]]",
        "letter-y": "[['I:]]",
        "letter-i": "[['i:]]",
        "letter-o": "[['o:]]",
        "letter-u": "[['u:]]",
    },
    "en": {
        # Multi-letter transliterations are spelled letter by letter: "Zh" is "zee aitch".
        "en-letter-ye": "Y E",
        "en-letter-zh": "Z H",
        "en-letter-yi": "Y I",
        "en-letter-kh": "K H",
        "en-letter-ts": "T S",
        "en-letter-ch": "C H",
        "en-letter-sh": "S H",
        "en-letter-shch": "S H C H",
        "en-letter-yu": "Y U",
        "en-letter-ya": "Y A",
    },
}

# Two bell tones, E5 then C5 ("ding-dong"), each with a 4 ms attack, an exponential decay
# and two soft overtones; the second starts at 0.38 s while the first still rings.
_BELL = (
    "gte(t,{t0})*min(1,(t-{t0})/0.004)*exp(-3.5*(t-{t0}))*("
    "sin(2*PI*{f}*(t-{t0}))+0.3*sin(4*PI*{f}*(t-{t0}))+0.1*sin(6*PI*{f}*(t-{t0})))"
)
CHIME_EXPR = "0.3*(" + _BELL.format(f=659.25, t0=0) + "+" + _BELL.format(f=523.25, t0=0.38) + ")"
CHIME_SECONDS = 0.8


@dataclass(frozen=True)
class Segment:
    """One file of the library: its name, language (None for the chime) and spoken text."""

    name: str
    lang: str | None
    text: str

    @property
    def file(self) -> str:
        """The file's path relative to the sound library."""
        return sound_file(self.name)

    @property
    def espeak_input(self) -> str:
        """What espeak-ng is given to say this segment."""
        if self.lang is None:
            return ""
        return ESPEAK_INPUT.get(self.lang, {}).get(self.name, self.text)


def all_segments() -> list[Segment]:
    """The chime and every spoken segment, in a fixed order (language, then name)."""
    segments = [Segment(CHIME, None, "")]
    for lang in sorted(ALL_SEGMENTS):
        segments += [Segment(name, lang, text) for name, text in sorted(ALL_SEGMENTS[lang].items())]
    return segments


def sha256(path: Path) -> str:
    """The hex SHA-256 of a file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _run(args: list[str]) -> None:
    result = subprocess.run(args, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(args)!r} failed:\n{result.stderr.strip()}")


def _encode(wav: Path, out: Path, peak_db: int, trim: bool) -> None:
    """Trim (optionally), peak-normalise and resample with sox, then encode Ogg Opus."""
    ready = wav.with_suffix(".ready.wav")
    effects = ["rate", "-v", str(SAMPLE_RATE)]
    if trim:
        # Cut leading silence, reverse, cut the (former) trailing silence, reverse back.
        below = ["1", "0.01", "-45d"]
        effects += ["silence", *below, "reverse", "silence", *below, "reverse"]
    effects += ["norm", str(peak_db)]
    if trim:
        effects += ["pad", "0", str(TAIL_SECONDS)]
    # -D: no dither, so the same input always gives the same bytes.
    _run(["sox", "-D", str(wav), "-c", "1", "-b", "16", str(ready), *effects])
    encoded = wav.with_suffix(".ogg")
    # bitexact and no metadata: the same input gives the same bytes on every run.
    exact = ["-map_metadata", "-1", "-fflags", "+bitexact", "-flags:a", "+bitexact"]
    opus = ["-c:a", "libopus", "-b:a", BITRATE, "-ac", "1"]
    _run([*FFMPEG, "-i", str(ready), *exact, *opus, str(encoded)])
    shutil.move(encoded, out)


def synthesise(segment: Segment, out: Path, workdir: Path) -> None:
    """Make one segment's file: espeak-ng speech, or the chime."""
    stem = workdir / (segment.lang or "x") / segment.name
    stem.parent.mkdir(parents=True, exist_ok=True)
    wav = stem.with_suffix(".wav")
    if segment.lang is None:
        source = f"aevalsrc=exprs='{CHIME_EXPR}':sample_rate={SAMPLE_RATE}:duration={CHIME_SECONDS}"
        fades = f"afade=t=in:d=0.005,afade=t=out:st={CHIME_SECONDS - 0.2}:d=0.2"
        _run([*FFMPEG, "-f", "lavfi", "-i", source, "-af", fades, "-c:a", "pcm_s16le", str(wav)])
        _encode(wav, out, CHIME_PEAK_DB, trim=False)
        return
    voice = VOICES[segment.lang]
    rate = LETTER_RATE_WPM if segment.name.startswith(("letter-", "en-letter-")) else RATE_WPM
    _run(["espeak-ng", "-v", voice, "-s", str(rate), "-w", str(wav), segment.espeak_input])
    _encode(wav, out, SPEECH_PEAK_DB, trim=True)


def load_manifest(sounds: Path) -> dict[str, dict[str, str]]:
    """The previous build's entries by segment name (empty if there is none)."""
    path = sounds / MANIFEST
    if not path.exists():
        return {}
    data = json.loads(path.read_text(encoding="utf-8"))
    entries: dict[str, dict[str, str]] = {}
    for item in data.get("files", []):
        entries[item["segment"]] = item
    return entries


def is_ours(segment: Segment, path: Path, previous: dict[str, dict[str, str]]) -> bool:
    """True when this script made the file and nobody has replaced it since."""
    entry = previous.get(segment.name)
    return (
        entry is not None
        and entry.get("source") == GENERATED
        and path.exists()
        and entry.get("sha256") == sha256(path)
    )


def write_manifest(sounds: Path, segments: list[Segment], sources: dict[str, str]) -> None:
    """Write manifest.json: every file with its language, text, origin and checksum."""
    files = []
    for segment in segments:
        files.append(
            {
                "segment": segment.name,
                "lang": segment.lang,
                "file": segment.file,
                "text": segment.text,
                "source": sources[segment.name],
                "sha256": sha256(sounds / segment.file),
            }
        )
    manifest = {
        "about": (
            "Announcement segments for hall displays, played back to back. Made by "
            "scripts/build_sounds.py (espeak-ng); replace any file with a human recording "
            "of its text under the same name."
        ),
        "format": "Ogg Opus, mono",
        "voices": VOICES,
        "files": files,
    }
    text = json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    (sounds / MANIFEST).write_text(text, encoding="utf-8")


def build(sounds: Path, force: bool = False) -> int:
    """(Re)build the library; return the process exit code."""
    missing_tools = [t for t in ("espeak-ng", "sox", "ffmpeg") if shutil.which(t) is None]
    if missing_tools:
        print(f"missing tools: {', '.join(missing_tools)}", file=sys.stderr)
        print("install them with: apt-get install -y espeak-ng sox ffmpeg", file=sys.stderr)
        return 2
    segments = all_segments()
    previous = load_manifest(sounds)
    sources: dict[str, str] = {}
    todo: list[Segment] = []
    for segment in segments:
        path = sounds / segment.file
        if force or not path.exists() or is_ours(segment, path, previous):
            sources[segment.name] = GENERATED
            todo.append(segment)
        else:
            sources[segment.name] = RECORDING
            print(f"keeping {segment.file}: not made by this script (a recording)")
    for lang in ALL_SEGMENTS:
        (sounds / lang).mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp, ThreadPoolExecutor(max_workers=4) as pool:
        jobs = [pool.submit(synthesise, s, sounds / s.file, Path(tmp)) for s in todo]
        for job in jobs:
            job.result()
    # Drop files this script once made for segments that no longer exist.
    known = {segment.name for segment in segments}
    for name, entry in sorted(previous.items()):
        stale = sounds / entry["file"]
        if name not in known and entry.get("source") == GENERATED and stale.exists():
            stale.unlink()
            print(f"removed {entry['file']}: no longer a segment")
    write_manifest(sounds, segments, sources)
    total = sum(p.stat().st_size for p in sounds.rglob("*") if p.is_file())
    print(f"{len(todo)} files made, {len(segments) - len(todo)} kept, library {total} bytes")
    return check(sounds)


def check(sounds: Path) -> int:
    """Verify every segment and the chime has an Ogg file; return the process exit code."""
    problems: list[str] = []
    for lang, overrides in ESPEAK_INPUT.items():
        problems += [
            f"ESPEAK_INPUT names unknown segment {lang}/{name}"
            for name in overrides
            if name not in ALL_SEGMENTS[lang]
        ]
    for segment in all_segments():
        path = sounds / segment.file
        if not path.is_file():
            problems.append(f"missing {segment.file}")
        elif path.read_bytes()[:4] != OGG_MAGIC:
            problems.append(f"not an Ogg file: {segment.file}")
    if not (sounds / MANIFEST).is_file():
        problems.append(f"missing {MANIFEST}")
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print(f"{len(problems)} problems; run scripts/build_sounds.py to rebuild", file=sys.stderr)
        return 1
    print(f"sound library complete: {len(all_segments())} files under {sounds}")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0] if __doc__ else None)
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--check", action="store_true", help="only verify the library")
    mode.add_argument("--force", action="store_true", help="overwrite recordings too")
    parser.add_argument("--out", type=Path, default=SOUNDS, help="library folder")
    args = parser.parse_args(argv)
    if args.check:
        return check(args.out)
    return build(args.out, force=args.force)


if __name__ == "__main__":
    sys.exit(main())

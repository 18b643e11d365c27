"""Sound and video from phones and computers, made fit for the web with ffmpeg (a Debian
package): the file is probed first (a file that is not a sound or a video, or too long, is
refused with a French message), then converted in a background task — sound to AAC in an M4A
file, which every browser plays, video to H.264 MP4 with a poster image. Metadata (place,
device) is dropped by the conversion."""

from __future__ import annotations

import json
import logging
import shutil
import subprocess  # nosec B404: ffmpeg and ffprobe, with fixed arguments and no shell
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django import forms
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

MAX_BYTES = 100 * 1024 * 1024
MAX_SECONDS = {"audio": 10 * 60, "video": 5 * 60}
TIMEOUT = 600
STEP = 5  # % between two progress reports: a write each, not a hundred


@dataclass(frozen=True)
class Probed:
    kind: str  # "audio" or "video"
    duration: float


def _binary(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise RuntimeError(f"{name} is missing: run `make system-deps` (Debian package 'ffmpeg').")
    return found


def probe(path: Path, expected: str) -> Probed:
    """What the file holds, or a French ValidationError (not a sound/video, too long, too large)."""
    if path.stat().st_size > MAX_BYTES:
        raise forms.ValidationError(_("The file is too large (100 MB at most)."))
    command = [_binary("ffprobe"), "-v", "error", "-print_format", "json", "-show_format", "-show_streams", str(path)]
    result = subprocess.run(command, capture_output=True, timeout=60, check=False)  # noqa: S603  # nosec B603
    try:
        info = json.loads(result.stdout or b"{}")
    except ValueError:
        info = {}
    streams = info.get("streams") or []
    kinds = {stream.get("codec_type") for stream in streams}
    video = any(
        stream.get("codec_type") == "video" and not (stream.get("disposition") or {}).get("attached_pic")
        for stream in streams
    )
    kind = "video" if video else "audio" if "audio" in kinds else ""
    if (
        result.returncode != 0
        or not kind
        or (expected == "video" and kind != "video")
        or (expected == "audio" and "audio" not in kinds)
    ):
        raise forms.ValidationError(
            _("This file is not a sound Utilité can read.")
            if expected == "audio"
            else _("This file is not a video Utilité can read.")
        )
    duration = float((info.get("format") or {}).get("duration") or 0)
    if duration > MAX_SECONDS[expected]:
        raise forms.ValidationError(
            _("It lasts too long: %(minutes)s minutes at most.") % {"minutes": MAX_SECONDS[expected] // 60}
        )
    return Probed(kind=expected, duration=duration)


Progress = Callable[[int], None]  # told the share done, in %, as ffmpeg goes


# Both: no metadata (place, device), AAC sound at 96 kb/s, the index first so that playing starts at once.
NO_METADATA = ["-map_metadata", "-1"]
WEB_SOUND = ["-c:a", "aac", "-b:a", "96k", "-movflags", "+faststart"]
WEB_VIDEO = [
    "-vf",
    "scale=-2:'min(720,ih)'",
    "-c:v",
    "libx264",
    "-preset",
    "veryfast",
    "-crf",
    "26",
    "-pix_fmt",
    "yuv420p",
]


def convert_audio(source: Path, *, duration: float = 0, progress: Progress | None = None) -> bytes:
    """AAC in an M4A file, mono, 96 kb/s: light for slow phones, played by every browser."""
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "son.m4a"
        arguments = ["-i", str(source), "-vn", *NO_METADATA, "-ac", "1", *WEB_SOUND, str(target)]
        _run(arguments, duration=duration, progress=progress)
        return target.read_bytes()


def convert_video(source: Path, *, duration: float = 0, progress: Progress | None = None) -> tuple[bytes, bytes]:
    """H.264 MP4 (at most 720 pixels high) and a poster image taken at the first second."""
    with tempfile.TemporaryDirectory() as folder:
        target, poster = Path(folder) / "video.mp4", Path(folder) / "poster.jpg"
        arguments = ["-i", str(source), *NO_METADATA, *WEB_VIDEO, *WEB_SOUND, str(target)]
        _run(arguments, duration=duration, progress=progress)
        _run(["-ss", "0", "-i", str(target), "-frames:v", "1", "-q:v", "4", str(poster)])
        return target.read_bytes(), poster.read_bytes()


def _run(arguments: list[str], *, duration: float = 0, progress: Progress | None = None) -> None:
    """ffmpeg with `arguments`; when told the `duration` of the source, `progress` hears the share
    done (ffmpeg's `-progress` lines: `out_time_us=…`) every `STEP` percent."""
    command = [
        _binary("ffmpeg"),
        "-nostdin",
        "-y",
        "-loglevel",
        "error",
        "-progress",
        "pipe:1",
        "-nostats",
        *arguments,
    ]
    with tempfile.TemporaryFile() as errors:
        with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=errors) as process:  # noqa: S603  # nosec B603
            timer = threading.Timer(TIMEOUT, process.kill)
            timer.start()
            try:
                told = -STEP
                assert process.stdout is not None  # noqa: S101  # nosec B101: stdout=PIPE
                for line in process.stdout:
                    if progress is None or duration <= 0 or not line.startswith(b"out_time_us="):
                        continue
                    try:
                        done = int(line.split(b"=", 1)[1]) / 1_000_000
                    except ValueError:  # "N/A" before the first frame
                        continue
                    percent = max(0, min(int(done * 100 / duration), 99))
                    if percent >= told + STEP:
                        told = percent
                        progress(percent)
                returncode = process.wait()
            finally:
                timer.cancel()
        if returncode != 0:
            errors.seek(0)
            logger.warning("ffmpeg failed (%s): %s", returncode, errors.read().decode("utf-8", "replace")[-500:])
            raise RuntimeError("conversion failed")

"""Media of co-publication, tested against files shaped like those phones and computers send
(made here by ffmpeg and pillow-heif): an MP3, a WAV, a phone's MP4, a WebM and a HEIC photo are
converted; a fake file, an oversized one and one over the duration limit are refused in French;
nothing with a sound or a video is public without its transcript or captions; sounds are served
with range requests, so that the player can seek."""

import io
import itertools
import subprocess
from pathlib import Path

import pillow_heif
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from tests.conftest import client_for
from utilite.contributions import services
from utilite.contributions.models import Contribution, Media
from utilite.core import media as conversion

pytestmark = pytest.mark.django_db

SOURCES = {
    "voix.mp3": ["-f", "lavfi", "-i", "sine=frequency=440:duration=2", "-c:a", "libmp3lame"],
    "voix.wav": ["-f", "lavfi", "-i", "sine=frequency=330:duration=2", "-c:a", "pcm_s16le"],
    # A phone's video: H.264 and AAC in MP4, recorded upright (rotation metadata), with a place.
    "telephone.mp4": [
        "-f", "lavfi", "-i", "testsrc=size=320x240:rate=25:duration=2",
        "-f", "lavfi", "-i", "sine=duration=2",
        "-c:v", "libx264", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest",
        "-metadata:s:v:0", "rotate=90", "-metadata", "location=+48.3904-004.4861/",
    ],
    "ordinateur.webm": [
        "-f", "lavfi", "-i", "testsrc=size=320x240:rate=25:duration=2",
        "-f", "lavfi", "-i", "sine=duration=2",
        "-c:v", "libvpx", "-c:a", "libopus", "-shortest",
    ],
}  # fmt: skip


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> dict[str, bytes]:
    folder = tmp_path_factory.mktemp("media")
    made = {}
    for name, arguments in SOURCES.items():
        target = folder / name
        subprocess.run(["ffmpeg", "-nostdin", "-y", "-loglevel", "error", *arguments, str(target)], check=True)  # noqa: S603, S607
        made[name] = target.read_bytes()
    heic = pillow_heif.from_pillow(Image.new("RGB", (64, 48), "teal"))
    buffer = io.BytesIO()
    heic.save(buffer, quality=80)
    made["photo.heic"] = buffer.getvalue()
    return made


@pytest.fixture
def contribution(world):
    return services.write(organisation=world.org_b, signature="Mimi", title="Ma voix", text="Écoutez.", kind="path")


def _probe(path: Path) -> str:
    result = subprocess.run(  # noqa: S603
        ["ffprobe", "-v", "error", "-show_entries", "stream=codec_name", "-of", "csv=p=0", str(path)],  # noqa: S607
        capture_output=True,
        text=True,
        check=True,
    )
    return ",".join(sorted(result.stdout.split()))


@pytest.mark.parametrize(
    ("name", "kind", "codecs"),
    [
        ("voix.mp3", "audio", "aac"),
        ("voix.wav", "audio", "aac"),
        ("telephone.mp4", "video", "aac,h264"),
        ("ordinateur.webm", "video", "aac,h264"),
    ],
)
def test_sounds_and_videos_are_converted_for_the_web(
    files, contribution, name, kind, codecs, tmp_path, django_capture_on_commit_callbacks
):
    upload = SimpleUploadedFile(name, files[name])
    from utilite.contributions.forms import _probed

    probed = _probed(upload, kind)
    assert 1.5 < probed.duration < 2.5
    with django_capture_on_commit_callbacks(execute=True):  # the conversion task runs once committed
        services.add_media(contribution, kind=kind, upload=probed, duration=probed.duration)
    media = Media.objects.get()
    assert media.status == "ready"
    assert media.original.name == ""  # the file as it came is deleted
    converted = tmp_path / "converted"
    with media.file.open("rb") as handle:
        converted.write_bytes(handle.read())
    assert _probe(converted) == codecs
    tags = subprocess.run(  # noqa: S603
        ["ffprobe", "-v", "error", "-show_entries", "format_tags", "-of", "csv=p=0", str(converted)],  # noqa: S607
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "48.3904" not in tags  # the place the phone wrote is gone
    if kind == "video":
        assert media.poster.name.endswith(".jpg")


def test_a_heic_photo_from_a_phone_is_taken_in(files):
    from utilite.core.uploads import clean_image

    cleaned = clean_image(SimpleUploadedFile("IMG_0001.HEIC", files["photo.heic"]))
    assert cleaned.name.endswith(".jpg")
    with Image.open(io.BytesIO(cleaned.read())) as picture:
        assert picture.format == "JPEG"


def test_a_fake_an_oversized_and_a_too_long_file_are_refused_in_french(files, monkeypatch):
    from django import forms

    from utilite.contributions.forms import _probed

    with pytest.raises(forms.ValidationError, match="n'est pas un son"):
        _probed(SimpleUploadedFile("voix.mp3", b"ID3 ceci n'est pas un son"), "audio")
    with pytest.raises(forms.ValidationError, match="n'est pas une vidéo"):
        _probed(SimpleUploadedFile("video.mp4", files["voix.mp3"]), "video")  # a sound sent as a video
    monkeypatch.setattr(conversion, "MAX_SECONDS", {"audio": 1, "video": 1})
    with pytest.raises(forms.ValidationError, match="trop longtemps"):
        _probed(SimpleUploadedFile("voix.wav", files["voix.wav"]), "audio")
    monkeypatch.setattr(conversion, "MAX_BYTES", 1000)
    with pytest.raises(forms.ValidationError, match="trop gros"):
        _probed(SimpleUploadedFile("voix.wav", files["voix.wav"]), "audio")


def test_no_sound_goes_public_without_its_transcript_nor_a_video_without_captions(
    world, files, contribution, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        sound = services.add_media(contribution, kind="audio", upload=SimpleUploadedFile("v.wav", files["voix.wav"]))
        video = services.add_media(
            contribution, kind="video", upload=SimpleUploadedFile("t.mp4", files["telephone.mp4"])
        )
    services.propose(contribution)
    consents = {
        "audience": "public",
        "consent_on": "2026-12-01",
        "image_rights": "agreed",
        "image_rights_on": "2026-12-01",
    }
    services.record_consents(contribution, user=world.admin_b, **consents)  # type: ignore[arg-type]
    with pytest.raises(services.Refused, match="la transcription écrite de chaque son"):
        services.publish(contribution, user=world.admin_b)
    with pytest.raises(services.Refused, match="les sous-titres"):
        services.publish(contribution, user=world.admin_b)
    services.record_consents(
        contribution,
        user=world.admin_b,
        **consents,  # type: ignore[arg-type]
        texts={
            sound.pk: {"transcript": "Bonjour, je m'appelle Mimi."},
            video.pk: {"captions": "WEBVTT\n\n00:00.000 --> 00:02.000\nBonjour."},
        },
    )
    services.publish(contribution, user=world.admin_b)
    assert Contribution.objects.public().get() == contribution
    anonymous = client_for(None)
    detail = anonymous.get(reverse("contributions_public:detail", args=[world.network.slug, contribution.pk])).text
    assert "Bonjour, je m&#x27;appelle Mimi." in detail
    assert '<track kind="captions"' in detail
    captions = anonymous.get(
        reverse("contributions_public:captions", args=[world.network.slug, contribution.pk, video.pk])
    )
    assert captions["Content-Type"].startswith("text/vtt")
    # The player seeks: a range of the sound.
    url = reverse("contributions_public:media", args=[world.network.slug, contribution.pk, sound.pk, "fichier"])
    size = Media.objects.get(pk=sound.pk).file.size
    part = anonymous.get(url, headers={"Range": "bytes=10-99"})
    assert part.status_code == 206
    assert (part["Content-Range"], part["Accept-Ranges"]) == (f"bytes 10-99/{size}", "bytes")
    assert len(b"".join(part.streaming_content)) == 90  # type: ignore[attr-defined]  # read to the end: closed
    assert anonymous.get(url, headers={"Range": f"bytes={size + 10}-"}).status_code == 416
    tail = anonymous.get(url, headers={"Range": "bytes=-20"})
    assert tail["Content-Range"] == f"bytes {size - 20}-{size - 1}/{size}"
    assert len(b"".join(tail.streaming_content)) == 20  # type: ignore[attr-defined]


def test_the_conversion_tells_its_progress_and_the_review_page_polls_it(files, contribution, tmp_path, world):
    source = tmp_path / "telephone.mp4"
    source.write_bytes(files["telephone.mp4"])
    heard: list[int] = []
    conversion.convert_video(source, duration=2.0, progress=heard.append)
    assert heard, "ffmpeg's progress lines were read"
    assert heard == sorted(heard)
    assert all(0 <= percent <= 99 for percent in heard)
    assert all(later - earlier >= conversion.STEP for earlier, later in itertools.pairwise(heard))

    media = Media.objects.create(contribution=contribution, kind="video", duration=2.0, progress=40)
    facilitator = client_for(world.admin_b)
    url = reverse("contributions:media_status", args=[world.org_b.slug, contribution.pk, media.pk])
    page = facilitator.get(url).content.decode()
    assert 'value="40"' in page
    assert f'hx-get="{url}"' in page  # polled until it is ready
    Media.objects.filter(pk=media.pk).update(status="failed")
    page = facilitator.get(url).content.decode()
    assert "hx-get" not in page
    assert "demandez" in page.lower() or "could not" in page.lower()

"""Demo co-publication: two structures, a dozen published contributions with generated pictures
(no copyrighted material), one proposed and one refused. Loaded again: the same."""

from __future__ import annotations

import datetime
import io
import logging

from django.core.files.base import ContentFile
from PIL import Image, ImageDraw

from utilite.networks.models import Network
from utilite.organisations.models import Organisation
from utilite.places.models import Place

from . import services
from .models import Contribution, Session, Tag

logger = logging.getLogger(__name__)

STRUCTURES = ("centre-social-keredern", "vivre-la-rue")
PUBLISHED = (
    ("portrait", "Le jardin partagé", "On y plante des tomates le mercredi, et on repart avec.", "Mimi", "#3a7d44"),
    (
        "opinion",
        "L'atelier du mardi",
        "Avant, j'avais peur de l'ordinateur. Maintenant j'écris à ma fille.",
        "Josette",
        "#0b5c6b",
    ),
    (
        "path",
        "Mon chemin jusqu'ici",
        "Je suis arrivé il y a deux ans. Le centre social m'a aidé pour les papiers.",
        "Karim",
        "#a8421c",
    ),
    (
        "creation",
        "Le quartier en couleurs",
        "Un dessin fait à plusieurs, pendant l'atelier.",
        "L'atelier du jeudi",
        "#d49a00",
    ),
    ("portrait", "La salle informatique", "Six ordinateurs, et quelqu'un pour nous aider.", "Paulette", "#4a555e"),
    ("opinion", "Un accueil chaleureux", "On nous offre le café, on prend le temps.", "Dédé", "#7a3b69"),
)
KEYWORDS = {
    "portrait": ["Les lieux", "Jardin"],
    "opinion": ["Les ateliers", "Accueil"],
    "path": ["Mon parcours"],
    "creation": ["Les ateliers", "Dessin"],
}
ALTS = {
    "portrait": "Des bacs de légumes devant un bâtiment",
    "opinion": "Deux personnes devant un écran",
    "path": "Un chemin qui monte vers une maison",
    "creation": "Des formes de couleur dessinées à plusieurs",
}


RECORDINGS = {  # generated sounds and videos (ffmpeg's test sources): one of each, with their texts
    ("centre-social-keredern", "L'atelier du mardi"): (
        "audio",
        "Avant, j'avais peur de l'ordinateur. Maintenant, j'écris à ma fille tous les dimanches.",
    ),
    ("centre-social-keredern", "Le quartier en couleurs"): (
        "video",
        "WEBVTT\n\n00:00.000 --> 00:02.000\nOn a dessiné le quartier à plusieurs.\n\n"
        "00:02.000 --> 00:04.000\nChacun a mis sa couleur.\n",
    ),
}
SOURCES = {
    "audio": ["-f", "lavfi", "-i", "sine=frequency=392:duration=4", "-c:a", "pcm_s16le", "son.wav"],
    "video": [
        "-f", "lavfi", "-i", "testsrc=size=480x270:rate=25:duration=4", "-f", "lavfi", "-i", "sine=duration=4",
        "-c:v", "libx264", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", "video.mp4",
    ],
}  # fmt: skip


def _recording(contribution: Contribution, kind: str, text: str) -> dict[int, dict[str, str]]:
    """A generated sound or video, converted at once (the demo runs without a task worker).
    Without ffmpeg on the machine, the contribution keeps its words and picture only."""
    import shutil
    import subprocess  # nosec B404: ffmpeg with fixed arguments
    import tempfile
    from pathlib import Path

    from .models import Media

    if shutil.which("ffmpeg") is None:
        logger.warning("ffmpeg is missing: the demo has no sound nor video")
        return {}
    with tempfile.TemporaryDirectory() as folder:
        *arguments, name = SOURCES[kind]
        target = Path(folder) / name
        command = ["ffmpeg", "-nostdin", "-y", "-loglevel", "error", *arguments, str(target)]
        subprocess.run(command, check=True, capture_output=True)  # noqa: S603  # nosec B603 B607
        media = Media.objects.create(
            contribution=contribution, kind=kind, original=ContentFile(target.read_bytes(), name=name)
        )
    media = services.convert(media)
    return {media.pk: {"transcript": text} if kind == "audio" else {"captions": text}}


def picture(colour: str) -> ContentFile[bytes]:
    image = Image.new("RGB", (640, 420), "#f3f6f7")
    draw = ImageDraw.Draw(image)
    draw.rectangle((60, 180, 580, 380), fill=colour)
    draw.ellipse((420, 40, 540, 160), fill="#d49a00")
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=80)
    return ContentFile(buffer.getvalue(), name="demo.jpg")


def load_demo_contributions(network: Network) -> int:
    Contribution.objects.filter(organisation__network=network).delete()
    Tag.objects.filter(network=network).delete()
    Session.objects.filter(organisation__network=network).delete()
    count = 0
    for slug in STRUCTURES:
        organisation = Organisation.objects.filter(network=network, slug=slug).first()
        if organisation is None:
            continue
        facilitator = organisation.memberships.select_related("user").first()
        user = facilitator.user if facilitator else None
        place = Place.objects.filter(network=network, organisation=organisation).first()
        session = services.open_session(organisation=organisation, user=user, title="Notre quartier en images")
        for kind, title, text, signature, colour in PUBLISHED:
            contribution = services.write(
                organisation=organisation,
                session=session,
                signature=signature,
                title=title,
                text=text,
                kind=kind,
                place=place,
                photo=picture(colour),
                alt=ALTS[kind],
            )
            recording = RECORDINGS.get((slug, title))
            texts = _recording(contribution, *recording) if recording else {}
            services.propose(contribution)
            services.record_consents(
                contribution,
                texts=texts,
                user=user,
                audience="public",
                consent_on=datetime.date(2026, 11, 20),
                image_rights="nobody",
                image_rights_on=datetime.date(2026, 11, 20),
            )
            services.tag(contribution, KEYWORDS[kind])
            services.publish(contribution, user=user)
            count += 1
        waiting = services.write(
            organisation=organisation,
            session=session,
            signature="Nono",
            title="Ma première photo",
            text="La fontaine.",
            kind="creation",
            place=place,
        )
        services.propose(waiting)
        refused = services.write(
            organisation=organisation,
            session=session,
            signature="Lulu",
            title="Chez la voisine",
            text="Avec le nom de la voisine.",
            kind="portrait",
            place=place,
        )
        services.propose(refused)
        services.refuse(
            refused, user=user, message="On enlève le nom de la voisine, et on le publie la semaine prochaine ?"
        )
    logger.info("demo co-publication: %s contributions published", count)
    return count

"""Safe image uploads: the type is read from the content (never the name), the picture is
re-encoded (which drops EXIF and GPS data), sizes and pixel counts are bounded, and the stored
name is chosen by the server."""

from __future__ import annotations

import io
import uuid

from django import forms
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError
from pillow_heif import register_heif_opener

register_heif_opener()  # phones (iPhones first) send HEIC pictures

MAX_BYTES = 8 * 1024 * 1024
MAX_PIXELS = 40_000_000
MAX_SIDE = 2000  # stored pictures are scaled down to this
ALLOWED = {"JPEG": ("jpg", "JPEG"), "PNG": ("png", "PNG"), "WEBP": ("jpg", "JPEG"), "HEIF": ("jpg", "JPEG")}


def clean_image(upload: UploadedFile) -> ContentFile[bytes]:
    """A re-encoded copy of an uploaded picture, or a French ValidationError."""
    if upload.size is not None and upload.size > MAX_BYTES:
        raise forms.ValidationError(_("The picture is too large (8 MB at most)."))
    try:
        with Image.open(upload) as probe:
            detected = probe.format
            width, height = probe.size
            if detected not in ALLOWED:
                raise forms.ValidationError(_("Send a JPEG, PNG, WebP or HEIC picture."))
            if width * height > MAX_PIXELS:
                raise forms.ValidationError(_("The picture has too many pixels."))
            probe.verify()
        upload.seek(0)
        with Image.open(upload) as picture:
            picture.load()
            extension, output_format = ALLOWED[detected]
            image = picture.convert("RGB") if output_format == "JPEG" else picture.copy()
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError, SyntaxError) as error:
        raise forms.ValidationError(_("This file is not a picture Utilité can read.")) from error
    image.thumbnail((MAX_SIDE, MAX_SIDE))
    buffer = io.BytesIO()
    image.save(buffer, format=output_format, quality=85, optimize=True)  # no exif= argument: metadata dropped
    return ContentFile(buffer.getvalue(), name=f"{uuid.uuid4().hex}.{extension}")

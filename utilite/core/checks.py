"""Deployment checks (`manage.py check --deploy`): what breaks once there is more than one web
process or machine."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.caches, deploy=True)
def shared_cache(app_configs: Any, **kwargs: Any) -> list[checks.CheckMessage]:
    if settings.SHARED_CACHE:
        return []
    return [
        checks.Warning(
            "The cache is local to each process: import progress, wiki presence and sessions are not shared.",
            hint="Set CACHE_URL to a shared cache, e.g. rediscache://127.0.0.1:6379/1.",
            id="utilite.W001",
        )
    ]


@checks.register(checks.Tags.files, deploy=True)
def shared_media(app_configs: Any, **kwargs: Any) -> list[checks.CheckMessage]:
    backend = settings.STORAGES["default"]["BACKEND"]
    if backend != "django.core.files.storage.FileSystemStorage" or settings.MEDIA_ON_SHARED_DISK:
        return []
    return [
        checks.Warning(
            "Media are stored on this machine's disk: other machines will not find them.",
            hint=(
                "Set AWS_STORAGE_BUCKET_NAME (S3-compatible storage), or UTILITE_MEDIA_SHARED_DISK=1 "
                "when UTILITE_MEDIA_ROOT is a disk shared by every machine."
            ),
            id="utilite.W002",
        )
    ]

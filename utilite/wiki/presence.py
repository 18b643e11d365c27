"""« X is editing this page »: who has the editor open, kept in the cache (Redis in production)
for a minute after their last sign of life, never in the database."""

from __future__ import annotations

import time

from django.core.cache import cache

ALIVE = 60  # seconds


def _key(page_id: int) -> str:
    return f"wiki:editing:{page_id}"


def mark(page_id: int, user_id: int, name: str) -> None:
    now = time.time()
    editing = {key: value for key, value in cache.get(_key(page_id), {}).items() if now - value[1] < ALIVE}
    editing[user_id] = (name, now)
    cache.set(_key(page_id), editing, ALIVE)


def leave(page_id: int, user_id: int) -> None:
    editing = cache.get(_key(page_id), {})
    editing.pop(user_id, None)
    cache.set(_key(page_id), editing, ALIVE)


def others(page_id: int, user_id: int) -> list[str]:
    now = time.time()
    return sorted(
        name for key, (name, seen) in cache.get(_key(page_id), {}).items() if key != user_id and now - seen < ALIVE
    )

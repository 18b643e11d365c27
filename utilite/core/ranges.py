"""Files served with HTTP range requests (RFC 9110 §14), so that a sound or a video can be sought
in the browser's player: Django's FileResponse always sends the whole file."""

from __future__ import annotations

import re
from collections.abc import Iterator

from django.core.files import File
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseBase, StreamingHttpResponse

RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")
CHUNK = 64 * 1024


def ranged_response(request: HttpRequest, file: File, content_type: str, *, cache: str) -> HttpResponseBase:
    size = file.size
    header = request.headers.get("Range", "")
    match = RANGE.match(header.strip())
    if not match or (not match.group(1) and not match.group(2)):
        response: HttpResponseBase = FileResponse(file.open("rb"), content_type=content_type)
    else:
        first, last = match.group(1), match.group(2)
        if first:
            start, end = int(first), min(int(last), size - 1) if last else size - 1
        else:  # the last N bytes
            start, end = max(size - int(last), 0), size - 1
        if start >= size or start > end:
            refused = HttpResponse(status=416)
            refused["Content-Range"] = f"bytes */{size}"
            return refused
        handle = file.open("rb")
        handle.seek(start)

        def chunks(remaining: int = end - start + 1) -> Iterator[bytes]:
            try:
                while remaining > 0:
                    data = handle.read(min(CHUNK, remaining))
                    if not data:
                        break
                    remaining -= len(data)
                    yield data
            finally:
                handle.close()

        response = StreamingHttpResponse(chunks(), status=206, content_type=content_type)
        response["Content-Range"] = f"bytes {start}-{end}/{size}"
        response["Content-Length"] = str(end - start + 1)
    response["Accept-Ranges"] = "bytes"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = cache
    return response

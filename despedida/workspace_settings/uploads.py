"""Portfolio files waiting between their preview and the import, and the upload limit.

Each upload is kept under DATA_DIR/uploads with a random name; the session
keeps the name, so only the person who uploaded it can import it. A file
is removed as soon as it is imported, cancelled or refused, whatever
happens on the way; files older than a day are removed on the next upload.

`SizeLimitHandler` runs before Django's own upload handlers: a request
whose body is larger than the limit is refused before the file is read,
and a file that turns out larger while it streams is dropped at the chunk
that crosses the limit, its temporary file closed and so deleted.
"""

from __future__ import annotations

import re
import secrets
import time
from pathlib import Path

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, StopUpload

NAME = re.compile(r"[A-Za-z0-9_-]{32}")
MAX_AGE_SECONDS = 24 * 3600
MEGABYTE = 1024 * 1024
# Room in a request body for the form's other fields and the multipart boundaries.
BODY_SLACK = 64 * 1024
REFUSED = "despedida_upload_too_large"


def limit_bytes() -> int:
    return settings.MAX_UPLOAD_MB * MEGABYTE


class SizeLimitHandler(FileUploadHandler):
    """Refuses an upload over `MAX_UPLOAD_MB`, marking the request so the page can say why."""

    def __init__(self, request=None):
        super().__init__(request)
        self.limit = limit_bytes()
        self.body_length = 0

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        self.body_length = content_length or 0
        return None  # parse as usual: the fields before the file (the CSRF token) are still read

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        if self.body_length > self.limit + BODY_SLACK:
            self._refuse()  # by the declared length, before a byte of the file is read

    def receive_data_chunk(self, raw_data, start):
        if start + len(raw_data) > self.limit:
            self._refuse()
        return raw_data

    def file_complete(self, file_size):
        return None  # the next handler keeps the file

    def _refuse(self):
        if self.request is not None:
            setattr(self.request, REFUSED, True)
        # Django closes (and so deletes) the temporary file begun for it and reads no more.
        raise StopUpload(connection_reset=True)


def refused(request) -> bool:
    """Whether this request's upload was refused for its size."""
    return getattr(request, REFUSED, False)


def folder() -> Path:
    return Path(settings.DATA_DIR) / "uploads"


def save(uploaded, suffix: str = ".json") -> str:
    """Store an uploaded file; returns its id. A file half written is removed."""
    target = folder()
    target.mkdir(parents=True, exist_ok=True)
    remove_stale(target)
    upload_id = secrets.token_urlsafe(24)  # 32 characters
    path = target / f"{upload_id}{suffix}"
    try:
        with open(path, "xb") as out:
            for chunk in uploaded.chunks():
                out.write(chunk)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return upload_id


def path_of(upload_id: str, suffix: str = ".json") -> Path | None:
    """The stored file of `upload_id`, or None if the id is malformed or the file is gone."""
    if not isinstance(upload_id, str) or not NAME.fullmatch(upload_id):
        return None
    path = folder() / f"{upload_id}{suffix}"
    return path if path.is_file() else None


def discard(upload_id: str, suffix: str = ".json") -> None:
    path = path_of(upload_id, suffix)
    if path is not None:
        path.unlink(missing_ok=True)


def remove_stale(target: Path, now: float | None = None) -> None:
    now = now or time.time()
    for path in [*target.glob("*.json"), *target.glob("*.csv")]:
        try:
            if now - path.stat().st_mtime > MAX_AGE_SECONDS:
                path.unlink(missing_ok=True)
        except OSError:
            pass  # removed by another request meanwhile

"""Check an uploaded logo (pure): PNG or JPEG only, small, and really an image.

The type is read from the file's first bytes, never from its name or the
browser's word, and the image is decoded once (Pillow) so a file that only
starts like a PNG is refused too.
"""

from __future__ import annotations

import io

MAX_BYTES = 512 * 1024
MAX_SIDE = 4000
SIGNATURES = {b"\x89PNG\r\n\x1a\n": "png", b"\xff\xd8\xff": "jpeg"}


class LogoError(ValueError):
    def __init__(self, code: str) -> None:
        self.code = code  # too_big | not_image | too_large_image
        super().__init__(code)


def check_logo(data: bytes) -> str:
    """The logo's type ("png" or "jpeg"), or LogoError saying why it is refused."""
    if len(data) > MAX_BYTES:
        raise LogoError("too_big")
    kind = next((name for magic, name in SIGNATURES.items() if data.startswith(magic)), None)
    if kind is None:
        raise LogoError("not_image")
    from PIL import Image

    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.format.lower() != kind:
                raise LogoError("not_image")
            width, height = image.size
            image.verify()
    except LogoError:
        raise
    except Exception:  # noqa: BLE001 - Pillow raises many kinds for a broken file
        raise LogoError("not_image") from None
    if width > MAX_SIDE or height > MAX_SIDE:
        raise LogoError("too_large_image")
    return kind

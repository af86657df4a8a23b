"""Checking an image or attachment uploaded to a draft: its type comes from its bytes, never from its name.

Images (PNG, JPEG, WebP, GIF) are opened with Pillow, so a file that only starts like an image is refused too;
SVG is refused because it can carry scripts and links that the sanitiser does not see; PDF attachments are checked
by their signature. Each refusal says what was wrong and what to upload instead.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

MAX_IMAGE_BYTES = 2 * 1024 * 1024
MAX_PDF_BYTES = 10 * 1024 * 1024
IMAGE_FORMATS = {"PNG": ".png", "JPEG": ".jpg", "WEBP": ".webp", "GIF": ".gif"}
MEDIA_FOLDER = "media"


class MediaRefused(ValueError):
    """An upload that cannot be used; the message says why."""


@dataclass(frozen=True)
class CheckedMedia:
    """An accepted upload: where it goes in the draft and whether it is an image."""

    path: str
    is_image: bool


def media_name(filename: str, suffix: str) -> str:
    """A safe file name under media/ from the uploaded name: lowercase latin letters, digits and hyphens."""
    stem = filename.rsplit("/", 1)[-1].rsplit("\\", 1)[-1].rsplit(".", 1)[0].lower()
    cleaned = re.sub(r"[^a-z0-9]+", "-", stem).strip("-")[:60] or "file"
    return f"{MEDIA_FOLDER}/{cleaned}{suffix}"


def _looks_like_svg(filename: str, data: bytes) -> bool:
    head = data[:1024].lstrip().lower()
    return filename.lower().endswith((".svg", ".svgz")) or head.startswith((b"<?xml", b"<svg"))


def check_media(filename: str, data: bytes) -> CheckedMedia:
    """The path an upload is stored at, or MediaRefused with the reason."""
    if _looks_like_svg(filename, data):
        raise MediaRefused(
            "SVG images are not accepted because they can contain scripts and links: export the drawing as PNG"
        )
    if data.startswith(b"%PDF-"):
        if len(data) > MAX_PDF_BYTES:
            raise MediaRefused(f"the PDF is {len(data) / 1048576:.1f} MB: attachments may be at most 10 MB")
        return CheckedMedia(media_name(filename, ".pdf"), is_image=False)
    # Pillow (about 2 MiB) is loaded by the first upload an author makes, not by every web worker.
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as image:
            found = image.format or ""
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise MediaRefused(
            "the file is not a PNG, JPEG, WebP or GIF image nor a PDF (its content was checked, not its name)"
        ) from error
    if found not in IMAGE_FORMATS:
        raise MediaRefused(f"{found or 'this'} images are not accepted: use PNG, JPEG, WebP or GIF")
    if len(data) > MAX_IMAGE_BYTES:
        raise MediaRefused(f"the image is {len(data) / 1048576:.1f} MB: images may be at most 2 MB")
    return CheckedMedia(media_name(filename, IMAGE_FORMATS[found]), is_image=True)


def uses_of(path: str, texts: dict[str, str]) -> list[str]:
    """The text files (lessons, quiz, survey) that refer to ``path``."""
    return sorted(name for name, text in texts.items() if path in text)

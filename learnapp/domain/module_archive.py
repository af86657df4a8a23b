"""A module as a `.zip` in exactly the `modules/` layout: packing it deterministically and unpacking it safely.

``pack_module`` writes ``<folder>/module.yaml``, ``<folder>/lessons/...`` and so on, sorted, with fixed dates and
permissions, so the same files always give the same bytes. ``unpack_module`` is for archives a person uploads: it
reads everything in memory, writes nothing, and refuses (``ArchiveError``, one clear message) anything that is not
one module folder of the format: unsafe paths, links, too many or too large files, zip bombs, nested archives and
files the format has no place for. Hidden files (``.DS_Store``) and macOS ``__MACOSX/`` entries are skipped, as the
loader skips hidden files, so an archive made by a desktop zip tool still unpacks.
"""

from __future__ import annotations

import io
import re
import stat
import zipfile
import zlib
from collections.abc import Mapping

MAX_FILES = 500
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
MAX_COMPRESSION_RATIO = 100
MEDIA_FOLDER = "media/"
MODULE_FILE = "module.yaml"
# What a module folder may hold, besides module.yaml; the loader checks names and languages in detail.
MODULE_PATH_RULES = (
    "module.yaml",
    "lessons/NAME.LANG.md",
    "quiz.LANG.md",
    "survey.LANG.md",
    "media/NAME.png, .jpg, .jpeg, .webp, .gif (images) or .pdf (attachments)",
)
MEDIA_TYPES = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".webp": "image/webp",
    ".gif": "image/gif",
    ".pdf": "application/pdf",
}
ARCHIVE_SUFFIXES = (".zip", ".tar", ".gz", ".tgz", ".bz2", ".xz", ".7z", ".rar", ".jar")
_SEGMENT = re.compile(r"[A-Za-z0-9_][A-Za-z0-9._-]*")
_TEXT_FILE = re.compile(r"(lessons/[^/]+|(quiz|survey)\.[^/]+)\.md")
_FIXED_DATE = (1980, 1, 1, 0, 0, 0)
_ARCHIVE_MAGIC = (b"PK\x03\x04", b"\x1f\x8b", b"7z\xbc\xaf\x27\x1c", b"Rar!", b"BZh", b"\xfd7zXZ")
_READ_CHUNK = 64 * 1024
# Stored and Deflate: what every desktop zip tool and our own download write. Others (Deflate64, bzip2, LZMA, ...)
# are refused by name rather than left to fail, or not, depending on how Python was built.
_READABLE_METHODS = frozenset({zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED})


class ArchiveError(ValueError):
    """An uploaded archive was refused; the message says why and what to do, and nothing was written."""


def media_type_of(data: bytes) -> str | None:
    """The media type the bytes show (PNG, JPEG, WebP, GIF or PDF), None for anything else: names can lie."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data.startswith((b"GIF87a", b"GIF89a")):
        return "image/gif"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    if data.startswith(b"%PDF-"):
        return "application/pdf"
    return None


def check_folder_name(name: str) -> str | None:
    """Why a module folder name is unusable (hidden, empty, a path, odd characters); None when it is fine."""
    if _SEGMENT.fullmatch(name):
        return None
    return f"the folder name '{name}' is unusual: use letters, digits, '-', '_' and '.', like 01-scope"


def check_module_path(path: str) -> str | None:
    """Why a module-relative POSIX path has no place in a module folder; None when it has one."""
    if path.startswith(("/", "\\")) or re.match(r"[A-Za-z]:", path) or "\\" in path:
        return f"'{path}' is an absolute path or uses backslashes: paths are relative, with '/', like lessons/NAME"
    parts = path.split("/")
    if ".." in parts:
        return f"'{path}' climbs out of the module folder with '..'"
    if any(not _SEGMENT.fullmatch(part) for part in parts):
        return f"'{path}' has an empty, hidden or unusual name: use letters, digits, '-', '_' and '.'"
    if path == MODULE_FILE or _TEXT_FILE.fullmatch(path):
        return None
    suffix = "." + path.rsplit(".", 1)[-1].lower() if "." in parts[-1] else ""
    if path.startswith(MEDIA_FOLDER) and suffix in MEDIA_TYPES:
        return None
    if suffix in ARCHIVE_SUFFIXES:
        return f"'{path}' is an archive inside the archive: unpack it and add its files instead"
    if path.startswith(MEDIA_FOLDER):
        return f"'{path}' is not an allowed media type: use PNG, JPEG, WebP or GIF images, or PDF attachments"
    return f"'{path}' has no place in a module folder, which holds only {'; '.join(MODULE_PATH_RULES)}"


def pack_module(folder: str, files: Mapping[str, bytes]) -> bytes:
    """A zip of one module folder: ``<folder>/<path>`` for each file, sorted, with fixed dates and permissions."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for path in sorted(files):
            info = zipfile.ZipInfo(f"{folder}/{path}", date_time=_FIXED_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3
            info.external_attr = (stat.S_IFREG | 0o644) << 16
            archive.writestr(info, files[path], compresslevel=9)
    return buffer.getvalue()


def unpack_module(data: bytes) -> tuple[str, dict[str, bytes]]:
    """The folder name and files (module-relative POSIX paths) of an uploaded module zip; ArchiveError if refused."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError) as error:
        raise ArchiveError("the file is not a zip archive: download the module again or zip its folder") from error
    with archive:
        entries = [info for info in archive.infolist() if not info.is_dir() and not _is_skipped(info.filename)]
        _check_listing(entries)
        folder = _single_folder(entries)
        files = _read_all(archive, entries, folder)
    if MODULE_FILE not in files:
        raise ArchiveError(f"the folder '{folder}' has no module.yaml: this archive is not a module")
    return folder, files


def _is_skipped(name: str) -> bool:
    """Desktop-tool clutter: hidden files and folders, and the ``__MACOSX/`` resource forks."""
    parts = name.replace("\\", "/").split("/")
    return parts[0] == "__MACOSX" or any(part.startswith(".") and part not in (".", "..") for part in parts)


def _check_listing(entries: list[zipfile.ZipInfo]) -> None:
    if len(entries) > MAX_FILES:
        raise ArchiveError(f"the archive holds {len(entries)} files; a module may have at most {MAX_FILES}")
    names: set[str] = set()
    declared = 0
    for info in entries:
        name = info.filename
        if name.startswith(("/", "\\")) or re.match(r"[A-Za-z]:", name):
            raise ArchiveError(f"'{name}' is an absolute path: an archive may hold only relative paths")
        if ".." in name.replace("\\", "/").split("/"):
            raise ArchiveError(f"'{name}' climbs out of the folder with '..': such archives are refused")
        if stat.S_ISLNK(info.external_attr >> 16):
            raise ArchiveError(f"'{name}' is a symbolic link: put the file itself in the archive")
        if info.flag_bits & 0x1:
            raise ArchiveError(f"'{name}' is encrypted: upload an archive without a password")
        if info.compress_type not in _READABLE_METHODS:
            raise ArchiveError(
                f"'{name}' is compressed with a method this server does not unpack (zip method "
                f"{info.compress_type}): zip the folder again with the usual Deflate compression"
            )
        if name in names:
            raise ArchiveError(f"'{name}' appears twice in the archive: keep one")
        names.add(name)
        _check_ratio(name, info.file_size, info.compress_size)
        declared += info.file_size
    if declared > MAX_UNPACKED_BYTES:
        raise ArchiveError(_too_large())


def _check_ratio(name: str, size: int, compressed: int) -> None:
    if size > MAX_COMPRESSION_RATIO * max(compressed, 1):
        raise ArchiveError(
            f"'{name}' unpacks to more than {MAX_COMPRESSION_RATIO} times its compressed size, "
            "which is how zip bombs work: such archives are refused"
        )


def _too_large() -> str:
    return f"the archive unpacks to more than {MAX_UNPACKED_BYTES // (1024 * 1024)} MB; a module may hold at most that"


def _single_folder(entries: list[zipfile.ZipInfo]) -> str:
    folders = sorted({info.filename.split("/", 1)[0] for info in entries if "/" in info.filename})
    loose = [info.filename for info in entries if "/" not in info.filename]
    if loose:
        raise ArchiveError(
            f"'{loose[0]}' is not inside a module folder: zip the module's folder itself, "
            "so the archive holds FOLDER/module.yaml, FOLDER/lessons/..."
        )
    if not folders:
        raise ArchiveError("the archive is empty: zip a module folder holding module.yaml")
    if len(folders) > 1:
        raise ArchiveError(
            f"the archive holds more than one folder ({', '.join(folders[:5])}): upload one module at a time"
        )
    refusal = check_folder_name(folders[0])
    if refusal is not None:
        raise ArchiveError(refusal)
    return folders[0]


def _read_all(archive: zipfile.ZipFile, entries: list[zipfile.ZipInfo], folder: str) -> dict[str, bytes]:
    """Read every entry, counting the bytes actually unpacked (declared sizes can lie)."""
    files: dict[str, bytes] = {}
    total = 0
    for info in entries:
        path = info.filename.removeprefix(f"{folder}/")
        refusal = check_module_path(path)
        if refusal is not None:
            raise ArchiveError(refusal)
        data = _read_entry(archive, info, MAX_UNPACKED_BYTES - total)
        total += len(data)
        _check_ratio(info.filename, len(data), info.compress_size)
        _check_content(path, data)
        files[path] = data
    return files


def _read_entry(archive: zipfile.ZipFile, info: zipfile.ZipInfo, allowance: int) -> bytes:
    chunks: list[bytes] = []
    size = 0
    try:
        with archive.open(info) as stream:
            while chunk := stream.read(_READ_CHUNK):
                size += len(chunk)
                if size > allowance:
                    raise ArchiveError(_too_large())
                chunks.append(chunk)
    # Encryption and the compression method were refused from the listing (`_check_listing`); what is left is a
    # damaged entry: a bad CRC or header (BadZipFile), a cut-off stream (EOFError, OSError), broken Deflate data.
    except (zipfile.BadZipFile, EOFError, OSError, zlib.error) as error:
        raise ArchiveError(f"'{info.filename}' cannot be read ({error}): zip the module folder again") from error
    return b"".join(chunks)


def _check_content(path: str, data: bytes) -> None:
    if data.startswith(_ARCHIVE_MAGIC) and not path.startswith(MEDIA_FOLDER):
        raise ArchiveError(f"'{path}' is an archive inside the archive: unpack it and add its files instead")
    if path.startswith(MEDIA_FOLDER):
        expected = MEDIA_TYPES["." + path.rsplit(".", 1)[-1].lower()]
        found = media_type_of(data)
        if found != expected:
            what = "an archive" if data.startswith(_ARCHIVE_MAGIC) else (found or "not a file type we accept")
            raise ArchiveError(f"'{path}' is named as {expected} but its bytes are {what}: save it in that format")
        return
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ArchiveError(f"'{path}' is not UTF-8 text (byte {error.start}): save it as UTF-8") from error

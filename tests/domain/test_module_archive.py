"""A module as a zip: packed deterministically in the `modules/` layout, and every unsafe upload refused."""

from __future__ import annotations

import io
import stat
import zipfile

import pytest

from learnapp.domain.module_archive import (
    MAX_FILES,
    ArchiveError,
    check_module_path,
    media_type_of,
    pack_module,
    unpack_module,
)

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 20
FILES = {
    "module.yaml": b"id: alpha\n",
    "lessons/01-intro.en.md": b"---\ntitle: Intro\n---\n\nText.\n",
    "lessons/01-intro.ru.md": "---\ntitle: Введение\n---\n\nТекст.\n".encode(),
    "quiz.en.md": b"---\ntitle: Check\n---\n",
    "survey.ru.md": "---\ntitle: Опрос\n---\n".encode(),
    "media/map.png": PNG,
    "media/handout.pdf": b"%PDF-1.4\n%%EOF\n",
}


def zipped(entries, *, compression=zipfile.ZIP_DEFLATED):
    """A zip of (name, bytes) pairs, or ZipInfo objects with their bytes, as a person's tool might make it."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=compression) as archive:
        for name, data in entries:
            archive.writestr(name, data)
    return buffer.getvalue()


def test_pack_writes_the_modules_layout_and_unpack_gives_the_same_files_back():
    data = pack_module("01-alpha", FILES)
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    assert names == sorted(f"01-alpha/{path}" for path in FILES)
    assert unpack_module(data) == ("01-alpha", FILES)


def test_packing_is_deterministic_whatever_the_order_of_the_files():
    assert pack_module("01-alpha", FILES) == pack_module("01-alpha", dict(reversed(FILES.items())))


def test_an_archive_from_a_desktop_zip_tool_unpacks_without_its_clutter():
    entries = [(f"alpha/{path}", data) for path, data in FILES.items()]
    entries += [("alpha/.DS_Store", b"junk"), ("__MACOSX/alpha/._module.yaml", b"junk"), ("alpha/lessons/", b"")]
    assert unpack_module(zipped(entries)) == ("alpha", FILES)


def symlink_zip():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("alpha/module.yaml", b"id: alpha\n")
        link = zipfile.ZipInfo("alpha/media/map.png")
        link.external_attr = (stat.S_IFLNK | 0o777) << 16
        archive.writestr(link, b"/etc/passwd")
    return buffer.getvalue()


def nested_zip():
    return zipped([("alpha/module.yaml", b"id: alpha\n"), ("alpha/media/more.zip", zipped([("x", b"x")]))])


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: b"this is not a zip", "not a zip archive"),
        (lambda: zipped([("/etc/alpha/module.yaml", b"id: a\n")]), "is an absolute path"),
        (lambda: zipped([("alpha/../../evil/module.yaml", b"id: a\n")]), "climbs out of the folder with '..'"),
        (symlink_zip, "is a symbolic link"),
        (
            lambda: zipped([("alpha/module.yaml", b"id: a\n")] + [(f"alpha/media/{n}.png", PNG) for n in range(500)]),
            f"at most {MAX_FILES}",
        ),
        (
            lambda: zipped(
                [("alpha/module.yaml", b"id: a\n" + b"#" * (51 * 1024 * 1024))], compression=zipfile.ZIP_STORED
            ),
            "more than 50 MB",
        ),
        (lambda: zipped([("alpha/module.yaml", b"id: a\n" + b" " * 2_000_000)]), "more than 100 times"),
        (lambda: zipped([("alpha/module.yaml", b"id: a\n"), ("alpha/notes.txt", b"x")]), "has no place"),
        (lambda: zipped([("alpha/module.yaml", b"id: a\n"), ("alpha/media/logo.svg", b"<svg/>")]), "not an allowed"),
        (lambda: zipped([("alpha/module.yaml", b"id: a\n"), ("alpha/media/map.png", b"GIF89a..")]), "its bytes are"),
        (nested_zip, "an archive inside the archive"),
        (lambda: zipped([("alpha/module.yaml", b"id: a\n"), ("beta/module.yaml", b"id: b\n")]), "more than one folder"),
        (lambda: zipped([("module.yaml", b"id: a\n")]), "not inside a module folder"),
        (lambda: zipped([("alpha/lessons/01-intro.en.md", b"text")]), "has no module.yaml"),
        (lambda: zipped([("alpha/module.yaml", b"\xff\xfe")]), "not UTF-8"),
        (lambda: zipped([]), "the archive is empty"),
    ],
    ids=[
        "not-a-zip",
        "absolute",
        "dot-dot",
        "symlink",
        "too-many-files",
        "too-large",
        "ratio",
        "outside-format",
        "svg",
        "lying-name",
        "nested",
        "two-folders",
        "no-folder",
        "no-module-yaml",
        "not-utf8",
        "empty",
    ],
)
def test_each_unsafe_or_foreign_archive_is_refused_with_a_clear_message(build, message, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ArchiveError, match=message):
        unpack_module(build())
    assert list(tmp_path.iterdir()) == []  # nothing written, wherever the archive pointed


def test_a_declared_size_that_lies_is_caught_while_reading(monkeypatch):
    from learnapp.domain import module_archive

    monkeypatch.setattr(module_archive, "MAX_UNPACKED_BYTES", 1000)
    data = zipped([("alpha/module.yaml", b"id: a\n" + bytes(range(256)) * 8)], compression=zipfile.ZIP_STORED)
    with pytest.raises(ArchiveError, match="more than"):
        unpack_module(data)


@pytest.mark.parametrize(
    ("path", "allowed"),
    [
        ("module.yaml", True),
        ("lessons/01-intro.en.md", True),
        ("quiz.ru.md", True),
        ("survey.en.md", True),
        ("media/map.PNG", True),
        ("media/photos/a.jpeg", True),
        ("media/handout.pdf", True),
        ("media/logo.svg", False),
        ("media/page.html", False),
        ("lessons/notes.txt", False),
        ("README.md", False),
        ("../module.yaml", False),
        ("/module.yaml", False),
        ("media/.hidden.png", False),
        ("lessons\\01-intro.en.md", False),
    ],
)
def test_the_path_rules_the_studio_reuses(path, allowed):
    assert (check_module_path(path) is None) is allowed


def test_media_types_are_read_from_the_bytes_not_the_name():
    assert media_type_of(PNG) == "image/png"
    assert media_type_of(b"\xff\xd8\xff\xe0rest") == "image/jpeg"
    assert media_type_of(b"GIF89a...") == "image/gif"
    assert media_type_of(b"RIFF\0\0\0\0WEBPVP8 ") == "image/webp"
    assert media_type_of(b"%PDF-1.7") == "application/pdf"
    assert media_type_of(b"<svg xmlns='http://www.w3.org/2000/svg'/>") is None


def with_entry_bytes_changed(data: bytes, change) -> bytes:
    """The zip with its one entry's local header and central directory record passed through `change`."""
    local = data.index(b"PK\x03\x04")
    central = data.index(b"PK\x01\x02")
    return change(bytearray(data), local, central)


def deflate64(data: bytes) -> bytes:
    """The method field (local header offset 8, central record offset 10) set to 9, Deflate64."""

    def change(raw, local, central):
        raw[local + 8 : local + 10] = (9).to_bytes(2, "little")
        raw[central + 10 : central + 12] = (9).to_bytes(2, "little")
        return bytes(raw)

    return with_entry_bytes_changed(data, change)


def damaged(data: bytes) -> bytes:
    """The compressed bytes of the entry overwritten in the middle, headers intact."""

    def change(raw, local, central):
        name_length = int.from_bytes(raw[local + 26 : local + 28], "little")
        start = local + 30 + name_length
        raw[start + 2 : start + 12] = b"\xff" * 10
        return bytes(raw)

    return with_entry_bytes_changed(data, change)


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: deflate64(zipped([("alpha/module.yaml", b"id: alpha\n" * 50)])), "zip method 9"),
        (lambda: damaged(zipped([("alpha/module.yaml", b"id: alpha\ntitle: x\n" * 50)])), "cannot be read"),
    ],
    ids=["deflate64", "damaged"],
)
def test_an_entry_in_an_unknown_method_or_damaged_is_refused_with_its_reason(build, message):
    with pytest.raises(ArchiveError, match=message):
        unpack_module(build())

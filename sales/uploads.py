"""What an attached file may be: its size, and a type proven by its name, its label and its bytes.

A file is accepted only when its extension is on the list below, the content type the client
declared agrees with that extension, and the first bytes look like that kind of file. Types a
browser could run (HTML, SVG, scripts) are never on the list, and downloads are always served as
attachments, so an upload cannot become a page in someone's browser.
"""

import hashlib
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from rest_framework.exceptions import ValidationError

_ZIP = (b"PK\x03\x04",)
_OLE = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",)
_TEXT = ()  # no signature: checked as UTF-8 text instead


@dataclass(frozen=True)
class FileType:
    content_type: str
    # Other labels clients put on the same kind of file.
    aliases: tuple[str, ...]
    # The file starts with one of these; empty for plain text.
    signatures: tuple[bytes, ...]


_OFFICE = "application/vnd.openxmlformats-officedocument"
FILE_TYPES: dict[str, FileType] = {
    ".pdf": FileType("application/pdf", (), (b"%PDF-",)),
    ".png": FileType("image/png", (), (b"\x89PNG\r\n\x1a\n",)),
    ".jpg": FileType("image/jpeg", ("image/pjpeg",), (b"\xff\xd8\xff",)),
    ".jpeg": FileType("image/jpeg", ("image/pjpeg",), (b"\xff\xd8\xff",)),
    ".gif": FileType("image/gif", (), (b"GIF87a", b"GIF89a")),
    ".webp": FileType("image/webp", (), (b"RIFF",)),
    ".docx": FileType(f"{_OFFICE}.wordprocessingml.document", ("application/zip",), _ZIP),
    ".xlsx": FileType(f"{_OFFICE}.spreadsheetml.sheet", ("application/zip",), _ZIP),
    ".pptx": FileType(f"{_OFFICE}.presentationml.presentation", ("application/zip",), _ZIP),
    ".doc": FileType("application/msword", (), _OLE),
    ".xls": FileType("application/vnd.ms-excel", (), _OLE),
    ".odt": FileType("application/vnd.oasis.opendocument.text", (), _ZIP),
    ".ods": FileType("application/vnd.oasis.opendocument.spreadsheet", (), _ZIP),
    ".txt": FileType("text/plain", (), _TEXT),
    ".csv": FileType("text/csv", ("text/plain", "application/vnd.ms-excel"), _TEXT),
}
# Labels that say nothing about the content; the extension then decides alone.
_UNINFORMATIVE = {"", "application/octet-stream", "binary/octet-stream"}


@dataclass(frozen=True)
class CheckedUpload:
    content_type: str
    size: int
    sha256: str


def max_upload_bytes() -> int:
    return settings.SALES_FILE_MAX_BYTES


def _refuse(message: str) -> ValidationError:
    return ValidationError({"file": [message]})


def _looks_like(file_type: FileType, head: bytes) -> bool:
    if file_type.signatures:
        matches = any(head.startswith(signature) for signature in file_type.signatures)
        if file_type.content_type == "image/webp":
            return matches and head[8:12] == b"WEBP"
        return matches
    if b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        # A multi-byte character cut at the end of the sample is still text.
        return exc.start >= len(head) - 3
    return True


def check_upload(upload: UploadedFile) -> CheckedUpload:
    """The upload's real content type, size and checksum; a 400 on `file` if it is refused."""
    limit = max_upload_bytes()
    if upload.size is None or upload.size == 0:
        raise _refuse("The file is empty.")
    if upload.size > limit:
        raise _refuse(f"The file is {upload.size} bytes; the limit is {limit} bytes.")

    extension = PurePath(upload.name or "").suffix.lower()
    file_type = FILE_TYPES.get(extension)
    if file_type is None:
        allowed = ", ".join(sorted(FILE_TYPES))
        raise _refuse(f"Files of type {extension or '(none)'!r} are not accepted; use {allowed}.")

    declared = (upload.content_type or "").split(";", 1)[0].strip().lower()
    if declared not in _UNINFORMATIVE and declared not in (
        file_type.content_type,
        *file_type.aliases,
    ):
        raise _refuse(
            f"The declared content type {declared!r} does not match a {extension} file "
            f"({file_type.content_type})."
        )

    upload.seek(0)
    head = upload.read(2048)
    if not _looks_like(file_type, head):
        raise _refuse(f"The content is not a {extension} file.")

    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return CheckedUpload(file_type.content_type, upload.size, digest.hexdigest())

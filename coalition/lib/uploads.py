"""Uploaded documents, checked by what the bytes are, never by the file's name.

    validate_document(file, kinds=DOCUMENT_KINDS, max_bytes=settings.UPLOAD_MAX_BYTES)

Returns the detected kind (one of `kinds`) or raises ValidationError with a
message for the person uploading. The name's extension must agree with the
content, so a renamed executable or a script called report.pdf is refused.
"""

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError

# kind: (label, MIME types filetype may report, extensions allowed on the name)
KINDS = {
    "pdf": ("PDF", {"application/pdf"}, {"pdf"}),
    "docx": (
        "Word document",
        {"application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
        {"docx"},
    ),
    "pptx": (
        "PowerPoint presentation",
        {"application/vnd.openxmlformats-officedocument.presentationml.presentation"},
        {"pptx"},
    ),
    "xlsx": (
        "Excel spreadsheet",
        {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
        {"xlsx"},
    ),
    "odt": ("OpenDocument text", {"application/vnd.oasis.opendocument.text"}, {"odt"}),
    "png": ("PNG image", {"image/png"}, {"png"}),
    "jpeg": ("JPEG image", {"image/jpeg"}, {"jpg", "jpeg"}),
    "gif": ("GIF image", {"image/gif"}, {"gif"}),
    "webp": ("WebP image", {"image/webp"}, {"webp"}),
}
DOCUMENT_KINDS = ("pdf", "docx", "pptx", "odt", "png", "jpeg", "gif", "webp")
IMAGE_KINDS = ("png", "jpeg", "gif", "webp")
HEADER_BYTES = 8192


def detect_kind(file) -> str | None:
    """The kind of file the content says this is, or None."""
    position = file.tell() if hasattr(file, "tell") else 0
    try:
        file.seek(0)
        header = file.read(HEADER_BYTES)
    finally:
        file.seek(position)
    guess = filetype.guess(header)
    if guess is None:
        return None
    for kind, (_label, mimes, _extensions) in KINDS.items():
        if guess.mime in mimes:
            return kind
    return None


def describe(kinds) -> str:
    labels = [KINDS[kind][0] for kind in kinds]
    return ", ".join(labels[:-1]) + f" or {labels[-1]}" if len(labels) > 1 else labels[0]


def validate_document(file, kinds=DOCUMENT_KINDS, max_bytes: int | None = None) -> str:
    max_bytes = max_bytes or settings.UPLOAD_MAX_BYTES
    if file.size > max_bytes:
        raise ValidationError(
            f"The file is too large. Upload a file of at most {max_bytes / (1024 * 1024):g} MB.",
            code="file_too_large",
        )
    kind = detect_kind(file)
    if kind not in kinds:
        raise ValidationError(
            f"This file is not one we accept. Upload a {describe(kinds)}.",
            code="file_wrong_type",
        )
    extension = (getattr(file, "name", "") or "").rsplit(".", 1)[-1].lower()
    if extension not in KINDS[kind][2]:
        raise ValidationError(
            f"The file's name ends in .{extension} but it is a {KINDS[kind][0]}. "
            "Rename it or upload the right file.",
            code="file_name_mismatch",
        )
    return kind

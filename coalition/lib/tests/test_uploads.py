import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from fpdf import FPDF
from PIL import Image

from coalition.lib.uploads import IMAGE_KINDS, validate_document


def pdf_bytes() -> bytes:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(text="Funding the community sector")
    return bytes(pdf.output())


def zip_bytes(files: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "teal").save(buffer, "PNG")
    return buffer.getvalue()


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


@pytest.mark.parametrize(
    "name, content, kind",
    [
        ("briefing.pdf", pdf_bytes(), "pdf"),
        (
            "leaflet.docx",
            zip_bytes({"[Content_Types].xml": "<x/>", "word/document.xml": "<x/>"}),
            "docx",
        ),
        (
            "slides.pptx",
            zip_bytes({"[Content_Types].xml": "<x/>", "ppt/slides.xml": "<x/>"}),
            "pptx",
        ),
        (
            "letter.odt",
            zip_bytes({"mimetype": "application/vnd.oasis.opendocument.text", "c.xml": "<x/>"}),
            "odt",
        ),
        ("poster.PNG", png_bytes(), "png"),
    ],
)
def test_real_documents_are_accepted_by_their_content(name, content, kind, settings):
    settings.UPLOAD_MAX_BYTES = 1024 * 1024
    file = upload(name, content)
    assert validate_document(file) == kind
    assert file.tell() == 0  # left where it was, ready to be saved


@pytest.mark.parametrize(
    "name, content",
    [
        ("report.pdf", b"MZ\x90\x00\x03\x00\x00\x00 an executable"),
        ("report.pdf", b"<html><script>alert(1)</script></html>"),
        ("notes.docx", b"just some text"),
        ("archive.docx", zip_bytes({"evil.sh": "rm -rf /"})),
    ],
)
def test_other_content_is_refused_whatever_its_name(name, content):
    with pytest.raises(ValidationError) as error:
        validate_document(upload(name, content))
    assert error.value.code == "file_wrong_type"


def test_a_name_that_disagrees_with_the_content_is_refused():
    with pytest.raises(ValidationError) as error:
        validate_document(upload("photo.pdf", png_bytes()))
    assert error.value.code == "file_name_mismatch"
    assert "PNG image" in error.value.messages[0]


def test_files_over_the_limit_are_refused(settings):
    settings.UPLOAD_MAX_BYTES = 100
    with pytest.raises(ValidationError) as error:
        validate_document(upload("briefing.pdf", pdf_bytes()))
    assert error.value.code == "file_too_large"


def test_a_narrower_list_of_kinds_is_enforced():
    with pytest.raises(ValidationError) as error:
        validate_document(upload("briefing.pdf", pdf_bytes()), kinds=IMAGE_KINDS)
    assert "PNG image, JPEG image, GIF image or WebP image" in error.value.messages[0]

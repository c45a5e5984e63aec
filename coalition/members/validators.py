import re

from django.conf import settings
from django.core.exceptions import ValidationError
from PIL import Image, UnidentifiedImageError

LOGO_FORMATS = {"PNG", "JPEG", "GIF", "WEBP"}


def validate_charity_number(value: str) -> None:
    """Charity Commission (England and Wales) numbers: 6 or 7 digits, optionally -N."""
    if not re.fullmatch(r"\d{6,7}(-\d{1,2})?", value or ""):
        raise ValidationError(
            "Enter a charity number of 6 or 7 digits, for example 1123456.",
            code="invalid_charity_number",
        )


def validate_company_number(value: str) -> None:
    """Companies House numbers: 8 characters, digits or a two-letter prefix and 6 digits."""
    if not re.fullmatch(r"(\d{8}|[A-Z]{2}\d{6})", (value or "").upper()):
        raise ValidationError(
            "Enter a company number of 8 characters, for example 04567890 or SC123456.",
            code="invalid_company_number",
        )


def validate_logo(file) -> None:
    """Check a logo by its content, not its name: a real image, an allowed format, small."""
    if file.size > settings.LOGO_MAX_BYTES:
        limit_mb = settings.LOGO_MAX_BYTES / (1024 * 1024)
        raise ValidationError(
            f"The logo is too large. Upload an image of at most {limit_mb:g} MB.",
            code="logo_too_large",
        )
    position = file.tell() if hasattr(file, "tell") else 0
    try:
        file.seek(0)
        with Image.open(file) as image:
            image_format = image.format
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise ValidationError(
            "The file is not an image we can read. Upload a PNG, JPEG, GIF or WebP file.",
            code="logo_not_image",
        ) from None
    finally:
        file.seek(position)
    if image_format not in LOGO_FORMATS:
        raise ValidationError(
            "Upload a PNG, JPEG, GIF or WebP image.",
            code="logo_wrong_type",
        )

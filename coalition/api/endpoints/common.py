"""Small pieces every endpoint module uses."""

from django.http import QueryDict

from coalition.api.errors import ApiError
from coalition.core.models import Region, Theme


def absolute(request, url: str) -> str:
    return request.build_absolute_uri(url)


def media(request, file) -> str | None:
    return request.build_absolute_uri(file.url) if file else None


def named(rows) -> list[dict]:
    return [{"slug": row.slug, "name": row.name} for row in rows]


def ref(request, organisation) -> dict | None:
    if organisation is None:
        return None
    return {
        "slug": organisation.slug,
        "name": organisation.name,
        "url": absolute(request, organisation.get_absolute_url()),
    }


def theme_ids(slugs: list[str]) -> list[int]:
    """Theme slugs to ids; an unknown slug is a field error, not silently dropped."""
    found = dict(Theme.objects.filter(slug__in=slugs).values_list("slug", "pk"))
    unknown = [slug for slug in slugs if slug not in found]
    if unknown:
        raise ApiError(
            400,
            "invalid",
            "Some of what was sent is not valid: see fields.",
            {"themes": [f"No theme has the slug “{slug}”." for slug in unknown]},
        )
    return [found[slug] for slug in slugs]


def region_id(slug: str | None) -> int | None:
    if not slug:
        return None
    region = Region.objects.filter(slug=slug).values_list("pk", flat=True).first()
    if region is None:
        raise ApiError(
            400,
            "invalid",
            "Some of what was sent is not valid: see fields.",
            {"region": [f"No region has the slug “{slug}”."]},
        )
    return region


def form_data(values: dict) -> QueryDict:
    """A form's POST data from JSON values (lists become repeated keys)."""
    data = QueryDict(mutable=True)
    for key, value in values.items():
        if isinstance(value, list):
            data.setlist(key, [str(v) for v in value])
        elif isinstance(value, bool):
            if value:
                data[key] = "on"
        elif value is not None:
            data[key] = value if isinstance(value, str) else str(value)
    return data


def refuse_form(form) -> None:
    """The form's own messages, field by field, as an "invalid" error."""
    fields = {
        ("request" if name == "__all__" else name): [error["message"] for error in errors]
        for name, errors in form.errors.get_json_data().items()
    }
    raise ApiError(400, "invalid", "Some of what was sent is not valid: see fields.", fields)

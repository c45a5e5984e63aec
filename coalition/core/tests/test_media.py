"""/media/ serves public uploads, never the folders that are for some people only."""

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db


@pytest.fixture
def uploads():
    written = []

    def write(relative: str, content: bytes = b"%PDF-1.4 paper") -> str:
        path = settings.MEDIA_ROOT / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
        written.append(path)
        return relative

    yield write
    for path in written:
        path.unlink(missing_ok=True)


def test_public_uploads_are_served(client, uploads):
    name = uploads("logos/2026/community-matters.png", b"\x89PNG logo")
    response = client.get(f"/media/{name}")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"\x89PNG logo"


def test_meeting_papers_are_never_served_from_media(client, uploads):
    """A members-only paper is only at its own page, which checks who asks."""
    name = uploads("governance/papers/4/income-report.pdf")
    assert client.get(f"/media/{name}").status_code == 404
    assert client.get(f"/media//{name}").status_code == 404
    assert client.get("/media/governance/papers/4/").status_code == 404

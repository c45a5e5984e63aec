import pytest


@pytest.fixture(autouse=True)
def _export_dir(settings, tmp_path):
    settings.PRIVACY_EXPORT_DIR = tmp_path / "exports"

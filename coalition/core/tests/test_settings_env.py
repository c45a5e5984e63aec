import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from coalition.lib.env import envbool, envint, envlist, envpath

ROOT = Path(__file__).resolve().parents[3]


def start_django(**env) -> subprocess.CompletedProcess:
    """Import the real settings in a fresh interpreter with only the given variables."""
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL"}
    }
    clean.update(env, DJANGO_SETTINGS_MODULE="coalition.settings", VAR_DIR=str(ROOT / "var"))
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = start_django(DEBUG="false", ALLOWED_HOSTS="coalition.example.org")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = start_django(DEBUG="false", SECRET_KEY="x" * 50)
    assert result.returncode != 0
    assert "ALLOWED_HOSTS is not set" in result.stderr


def test_a_bad_boolean_stops_start_up_with_its_name():
    result = start_django(DEBUG="maybe")
    assert "DEBUG must be true or false" in result.stderr


def test_development_starts_with_defaults():
    assert start_django(DEBUG="true").returncode == 0


def test_env_helpers(monkeypatch):
    monkeypatch.setenv("FLAG", "Yes")
    monkeypatch.setenv("COUNT", "12")
    monkeypatch.setenv("HOSTS", "a.example, b.example ,")
    assert envbool("FLAG", False) is True
    assert envbool("MISSING", True) is True
    assert envint("COUNT", 1) == 12
    assert envlist("HOSTS") == ["a.example", "b.example"]
    monkeypatch.setenv("COUNT", "twelve")
    with pytest.raises(ImproperlyConfigured, match="COUNT must be a whole number"):
        envint("COUNT", 1)


def test_an_empty_path_in_a_copied_env_file_means_the_default(monkeypatch, tmp_path):
    monkeypatch.setenv("VAR_DIR", "")
    assert envpath("VAR_DIR", tmp_path / "var") == tmp_path / "var"
    monkeypatch.setenv("VAR_DIR", "/srv/coalition")
    assert envpath("VAR_DIR", tmp_path / "var") == Path("/srv/coalition")

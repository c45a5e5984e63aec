"""bin/security-checks fails on known vulnerabilities and only warns when it cannot audit."""

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "bin" / "pip_audit_summary.py"

spec = importlib.util.spec_from_file_location("pip_audit_summary", SCRIPT)
audit = importlib.util.module_from_spec(spec)
spec.loader.exec_module(audit)


def report(*dependencies) -> str:
    return json.dumps({"dependencies": list(dependencies), "fixes": []})


CLEAN_DJANGO = {"name": "django", "version": "5.2.19", "vulns": []}
VULNERABLE_DJANGO = {
    "name": "django",
    "version": "5.2.1",
    "vulns": [{"id": "PYSEC-2025-1", "fix_versions": ["5.2.2"], "aliases": ["CVE-2025-1"]}],
}


def skipped(name):
    return {"name": name, "skip_reason": f"Dependency not found on PyPI: {name}"}


def test_a_known_vulnerability_fails_the_build():
    status, lines = audit.summarise(report(CLEAN_DJANGO, VULNERABLE_DJANGO), 1)
    assert status == audit.VULNERABLE
    assert "VULNERABLE: django 5.2.1: PYSEC-2025-1 (CVE-2025-1); fixed in 5.2.2" in lines


def test_a_vulnerability_fails_even_when_other_packages_were_skipped():
    status, _ = audit.summarise(report(VULNERABLE_DJANGO, skipped("private-lib")), 1)
    assert status == audit.VULNERABLE


def test_a_clean_audit_passes():
    status, lines = audit.summarise(report(CLEAN_DJANGO), 0)
    assert status == audit.CLEAN
    assert lines == ["1 packages checked: no known vulnerabilities."]


def test_an_unreachable_service_is_a_warning_not_a_pass():
    stderr = "Traceback ...\nrequests.exceptions.ConnectionError: api.osv.dev unreachable\n"
    status, lines = audit.summarise("", 1, stderr)
    assert status == audit.NOT_AUDITED
    assert lines == [
        "WARNING: dependency audit not performed: "
        "requests.exceptions.ConnectionError: api.osv.dev unreachable"
    ]


def test_every_package_skipped_is_not_a_clean_audit():
    """pip-audit exits 0 and says 'No known vulnerabilities found' in this case."""
    status, lines = audit.summarise(report(skipped("django"), skipped("nh3")), 0)
    assert status == audit.NOT_AUDITED
    assert "could not check any of the 2 packages" in lines[0]


def test_some_packages_skipped_is_reported():
    status, lines = audit.summarise(report(CLEAN_DJANGO, skipped("private-lib")), 0)
    assert status == audit.NOT_AUDITED
    assert lines == ["WARNING: 1 packages could not be checked: private-lib"]


def test_the_command_line_exit_codes(tmp_path):
    path = tmp_path / "report.json"
    path.write_text(report(VULNERABLE_DJANGO))
    run = [sys.executable, str(SCRIPT), str(path), "1"]
    result = subprocess.run(run, capture_output=True, text=True, check=False)
    assert result.returncode == 1
    assert "PYSEC-2025-1" in result.stdout
    missing = [sys.executable, str(SCRIPT), str(tmp_path / "none.json"), "1"]
    assert subprocess.run(missing, capture_output=True, check=False).returncode == 2

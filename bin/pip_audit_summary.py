#!/usr/bin/env python3
"""Judge a pip-audit run: fail on known vulnerabilities, warn when nothing could be checked.

    pip_audit_summary.py REPORT.json EXIT_CODE [STDERR_FILE]

REPORT.json is pip-audit's `--format json` output (missing or empty when pip-audit
crashed, for example because the advisory service could not be reached). Exits:

    0  every dependency was checked and none has a known vulnerability
    1  at least one dependency has a known vulnerability: the build must fail
    2  the audit could not be done, wholly or partly (no network, service down,
       packages the service does not know): reported, the caller decides

pip-audit itself says "No known vulnerabilities found" and exits 0 when the
service answered "not found" for every package, which is what a PyPI mirror or
proxy without the per-version JSON API does. Counting the skipped packages here
keeps that from passing as a clean audit.
"""

import json
import sys
from pathlib import Path

CLEAN, VULNERABLE, NOT_AUDITED = 0, 1, 2


def summarise(report_text: str, exit_code: int, stderr: str = "") -> tuple[int, list[str]]:
    try:
        report = json.loads(report_text) if report_text.strip() else None
    except json.JSONDecodeError:
        report = None
    if not isinstance(report, dict) or "dependencies" not in report:
        reason = last_line(stderr) or f"pip-audit exited with {exit_code} and wrote no report"
        return NOT_AUDITED, [f"WARNING: dependency audit not performed: {reason}"]

    dependencies = report["dependencies"]
    skipped = [dep for dep in dependencies if "skip_reason" in dep]
    audited = [dep for dep in dependencies if "skip_reason" not in dep]
    vulnerable = [dep for dep in audited if dep.get("vulns")]
    lines = []
    for dep in vulnerable:
        for vuln in dep["vulns"]:
            fixed = ", ".join(vuln.get("fix_versions") or []) or "no fixed version yet"
            aliases = ", ".join(vuln.get("aliases") or [])
            also = f" ({aliases})" if aliases else ""
            lines.append(
                f"VULNERABLE: {dep['name']} {dep['version']}: {vuln['id']}{also}; fixed in {fixed}"
            )
    if skipped:
        names = ", ".join(sorted(dep["name"] for dep in skipped))
        if not audited:
            lines.append(
                f"WARNING: dependency audit not performed: the advisory service could not "
                f"check any of the {len(skipped)} packages ({skipped[0]['skip_reason']})."
            )
        else:
            lines.append(f"WARNING: {len(skipped)} packages could not be checked: {names}")
    if vulnerable:
        count = sum(len(dep["vulns"]) for dep in vulnerable)
        lines.append(f"{count} known vulnerabilities in {len(vulnerable)} packages.")
        return VULNERABLE, lines
    if skipped:
        return NOT_AUDITED, lines
    lines.append(f"{len(audited)} packages checked: no known vulnerabilities.")
    return CLEAN, lines


def last_line(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[-1][:400] if lines else ""


def main(argv: list[str]) -> int:
    if len(argv) not in (3, 4):
        print(__doc__, file=sys.stderr)
        return 64
    report_path, exit_code = Path(argv[1]), int(argv[2])
    report_text = report_path.read_text() if report_path.exists() else ""
    stderr = Path(argv[3]).read_text(errors="replace") if len(argv) == 4 else ""
    status, lines = summarise(report_text, exit_code, stderr)
    for line in lines:
        print(line)
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv))

"""`make audit` (scripts/audit.sh) judged from saved reports, offline.

The reports are written in the JSON shapes pip-audit 2.10 (`--format json --aliases on`) and
npm audit (auditReportVersion 2) produce; the failure shapes are the ones recorded on this
project's machines, where the advisory services cannot be reached (docs/security.md).
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "audit.sh"
DECISIONS = ROOT / "docs" / "security.md"

NPM_CLEAN = {"auditReportVersion": 2, "vulnerabilities": {}, "metadata": {}}
NPM_UNREACHABLE = {
    "message": "405 Method Not Allowed - POST https://registry.npmjs.org/-/npm/v1/security/advisories/bulk",
    "statusCode": 405,
}


def pip_report(vulns: dict[str, list[dict]]) -> dict:
    return {
        "dependencies": [
            {"name": name, "version": "1.0", "vulns": found} for name, found in vulns.items()
        ],
        "fixes": [],
    }


def vuln(ident: str, *aliases: str) -> dict:
    return {"id": ident, "fix_versions": ["9.9"], "aliases": list(aliases), "description": "x"}


def run_audit(tmp_path: Path, pip: dict, npm: dict) -> subprocess.CompletedProcess[str]:
    (tmp_path / "pip-audit.json").write_text(json.dumps(pip), encoding="utf-8")
    (tmp_path / "npm-audit.json").write_text(json.dumps(npm), encoding="utf-8")
    return subprocess.run(
        ["bash", str(SCRIPT), "--from-reports", str(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )


def documented_ids() -> list[str]:
    """The IDs in the findings table of docs/security.md (third column)."""
    table = DECISIONS.read_text(encoding="utf-8").split("### Table", 1)[1]
    ids = []
    for line in table.splitlines():
        cells = [cell.strip() for cell in line.split("|")]
        if len(cells) > 4 and re.match(r"(CVE|GHSA|PYSEC)-", cells[3]):
            ids.append(cells[3].split()[0])
    return ids


def test_every_documented_finding_counts_as_decided(tmp_path: Path) -> None:
    ids = documented_ids()
    assert len(ids) >= 10
    report = pip_report({f"pkg{i}": [vuln(f"GHSA-test-{i}", ident)] for i, ident in enumerate(ids)})
    result = run_audit(tmp_path, report, NPM_CLEAN)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "NEW" not in result.stdout
    assert "All findings are decided" in result.stdout


def test_undecided_findings_fail_with_exit_1(tmp_path: Path) -> None:
    npm = {
        "auditReportVersion": 2,
        "vulnerabilities": {
            "adaptivecards": {
                "name": "adaptivecards",
                "severity": "moderate",
                "via": [
                    {
                        "source": 1,
                        "name": "adaptivecards",
                        "title": "Example advisory",
                        "url": "https://github.com/advisories/GHSA-2222-3333-4444",
                        "severity": "moderate",
                        "range": "<3.0.7",
                    }
                ],
                "fixAvailable": True,
            }
        },
    }
    report = pip_report({"jinja2": [vuln("PYSEC-2099-1", "CVE-2099-0001")]})
    result = run_audit(tmp_path, report, npm)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "2 not yet decided" in result.stdout
    assert "CVE-2099-0001" in result.stdout and "GHSA-2222-3333-4444" in result.stdout


def test_an_audit_that_could_not_look_anything_up_is_never_clean(tmp_path: Path) -> None:
    skipped = {
        "dependencies": [
            {
                "name": "absl-py",
                "skip_reason": (
                    "Dependency not found on PyPI and could not be audited: absl-py (1.4.0)"
                ),
            }
        ],
        "fixes": [],
    }
    result = run_audit(tmp_path, skipped, NPM_UNREACHABLE)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "No known vulnerabilities" not in result.stdout
    assert result.stdout.count("INCOMPLETE") == 2

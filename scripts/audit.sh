#!/usr/bin/env bash
# Dependency vulnerability audit (`make audit`): pip-audit over requirements/lock.txt and
# `npm audit` over package-lock.json, then one summary that compares every finding with the
# decisions recorded in docs/security.md.
#
#   scripts/audit.sh                      audit now (needs the advisory services, see below)
#   scripts/audit.sh --from-reports DIR   summarise saved reports (DIR/pip-audit.json,
#                                         DIR/npm-audit.json) without any network
#
# Exit codes, so CI or cron can act on them:
#   0  the audit ran completely and every finding (by its ID or one of its aliases) is
#      discussed in docs/security.md
#   1  at least one finding is not yet in docs/security.md: decide about it and record it
#   2  the audit could not run completely (an advisory service unreachable, packages that could
#      not be looked up, a tool error); never reported as "no vulnerabilities"
#
# pip-audit is a tool, not a dependency of Wegwijzer: it lives in its own venv (.venv-audit,
# created on first use from the pins below) and reads the lock with --no-deps --disable-pip,
# so it neither installs nor re-resolves Rasa's pins. pip-audit's options:
# https://github.com/pypa/pip-audit (README, "Usage"). Its default service is PyPI's JSON API
# per release (https://pypi.org/pypi/NAME/VERSION/json); AUDIT_PIP_SERVICE=osv uses OSV.
# Reports are kept in results/audit/ (git-ignored).
set -euo pipefail
cd "$(dirname "$0")/.."

AUDIT_VENV=${AUDIT_VENV:-.venv-audit}
PYTHON=${PYTHON:-python3.11}
LOCK=requirements/lock.txt
DECISIONS=${AUDIT_DECISIONS:-docs/security.md}
SERVICE=${AUDIT_PIP_SERVICE:-pypi}
REPORTS=results/audit

# pip-audit 2.10.1 and exactly the dependencies it resolved to (installed with --no-deps).
PINS="pip-audit==2.10.1
boolean.py==5.0
CacheControl==0.14.4
certifi==2026.10.19.post1
charset-normalizer==3.5.3
cyclonedx-python-lib==11.12.0
defusedxml==0.7.1
filelock==4.3.1
idna==3.20
license-expression==30.4.4
markdown-it-py==4.3.0
mdurl==0.1.2
msgpack==1.2.4
packageurl-python==0.17.6
packaging==26.4
pip-requirements-parser==32.0.1
pip-api==0.0.35
platformdirs==4.14.8
py-serializable==2.2.0
Pygments==2.21.0
pyparsing==3.3.3
requests==2.34.2
rich==15.0.0
sortedcontainers==2.4.0
tomli==2.5.0
tomli-w==1.2.0
typing-extensions==4.16.0
urllib3==2.8.0"

if [ "${1:-}" = "--from-reports" ]; then
  REPORTS=${2:?usage: scripts/audit.sh --from-reports DIR}
else
  # The tool's own venv, rebuilt when the pins above change.
  if [ ! -x "$AUDIT_VENV/bin/pip-audit" ] || [ "$(cat "$AUDIT_VENV/.pins" 2>/dev/null)" != "$PINS" ]; then
    command -v "$PYTHON" >/dev/null 2>&1 || { echo "audit: $PYTHON not found" >&2; exit 2; }
    echo "audit: installing pip-audit 2.10.1 into $AUDIT_VENV (once)"
    rm -rf "$AUDIT_VENV"
    "$PYTHON" -m venv "$AUDIT_VENV"
    echo '*' >"$AUDIT_VENV/.gitignore"  # keeps the tool venv out of git (as Python 3.13's venv does)
    printf '%s\n' "$PINS" >"$AUDIT_VENV/pins.txt"
    "$AUDIT_VENV/bin/pip" install --quiet --disable-pip-version-check --no-deps \
      -r "$AUDIT_VENV/pins.txt" 2>&1 | grep -v "is ignored: it is neither a file nor" >&2 || true
    "$AUDIT_VENV/bin/pip-audit" --version >/dev/null || { echo "audit: pip-audit install failed" >&2; exit 2; }
    printf '%s' "$PINS" >"$AUDIT_VENV/.pins"
  fi

  mkdir -p "$REPORTS"
  rm -f "$REPORTS"/pip-audit.* "$REPORTS"/npm-audit.*  # never summarise a stale report
  echo "audit: pip-audit over $LOCK ($(grep -c '==' "$LOCK") pinned packages, service $SERVICE)"
  # Non-zero means findings or an error; the summary below tells them apart.
  "$AUDIT_VENV/bin/pip-audit" -r "$LOCK" --no-deps --disable-pip \
    --vulnerability-service "$SERVICE" --format json --desc on --aliases on \
    --progress-spinner off --output "$REPORTS/pip-audit.json" \
    2>"$REPORTS/pip-audit.stderr" || true

  echo "audit: npm audit over package-lock.json (test tools only; none of them run in production)"
  if command -v npm >/dev/null 2>&1; then
    # All three npm packages are "dependencies" (no devDependencies), so --omit=dev would
    # change nothing; --package-lock-only audits the lock without needing node_modules.
    npm audit --json --package-lock-only >"$REPORTS/npm-audit.json" \
      2>"$REPORTS/npm-audit.stderr" || true
  else
    echo '{"error": {"summary": "npm not found"}}' >"$REPORTS/npm-audit.json"
  fi
fi

exec "${AUDIT_SUMMARY_PYTHON:-python3}" - "$REPORTS" "$DECISIONS" <<'PY'
"""Summarise pip-audit and npm audit JSON reports against docs/security.md; exit 0, 1 or 2."""

import json
import re
import sys
from pathlib import Path

reports, decisions_path = Path(sys.argv[1]), Path(sys.argv[2])
decided_text = decisions_path.read_text(encoding="utf-8") if decisions_path.exists() else ""
findings = []  # (ecosystem, package, version, id, aliases, fixed in, summary)
problems = []  # why the audit is incomplete


def load(name):
    path = reports / name
    if not path.exists() or not path.read_text(encoding="utf-8").strip():
        return None
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError:
        return None


def first_line(text):
    return " ".join((text or "").split())[:90]


pip = load("pip-audit.json")
if pip is None:
    stderr = reports / "pip-audit.stderr"
    tail = stderr.read_text(encoding="utf-8").strip().splitlines()[-1:] if stderr.exists() else []
    problems.append("pip-audit produced no report" + (f": {tail[0]}" if tail else ""))
else:
    deps = pip.get("dependencies", [])
    skipped = [d for d in deps if d.get("skip_reason")]
    if deps and len(skipped) == len(deps):
        problems.append(
            f"pip-audit could look up none of the {len(deps)} packages (the advisory service "
            f"did not answer, e.g. '{skipped[0]['skip_reason']}')"
        )
    elif skipped:
        names = ", ".join(f"{d['name']}" for d in skipped[:8])
        problems.append(f"pip-audit could not look up {len(skipped)} packages: {names}")
    for dep in deps:
        for vuln in dep.get("vulns", []):
            findings.append(
                (
                    "PyPI",
                    dep["name"],
                    dep.get("version", "?"),
                    vuln["id"],
                    vuln.get("aliases", []),
                    ", ".join(vuln.get("fix_versions", [])) or "none",
                    first_line(vuln.get("description")),
                )
            )

npm = load("npm-audit.json")
if npm is None:
    problems.append("npm audit produced no report")
elif "vulnerabilities" not in npm:
    error = npm.get("error") or {}
    problems.append(
        "npm audit failed: "
        + first_line(error.get("summary") or npm.get("message") or "no vulnerability data")
    )
else:
    seen = set()
    for package in npm["vulnerabilities"].values():
        for via in package.get("via", []):
            if not isinstance(via, dict):
                continue  # a string names another vulnerable package; its entry lists the advisory
            match = re.search(r"GHSA(-[23456789cfghjmpqrvwx]{4}){3}", via.get("url", ""))
            ident = match.group(0) if match else f"npm-advisory-{via.get('source')}"
            key = (via.get("name"), ident)
            if key in seen:
                continue
            seen.add(key)
            findings.append(
                (
                    "npm",
                    via.get("name", package["name"]),
                    via.get("range", "?"),
                    ident,
                    [],
                    "see npm audit fix" if package.get("fixAvailable") else "none",
                    f"[{via.get('severity', '?')}] {first_line(via.get('title'))}",
                )
            )


def decided(ident, aliases):
    return any(re.search(rf"(?<![\w-]){re.escape(i)}(?![\w-])", decided_text) for i in [ident, *aliases])


open_findings = [f for f in findings if not decided(f[3], f[4])]
print()
print(f"Dependency audit: {len(findings)} finding(s), {len(open_findings)} not yet decided "
      f"in {decisions_path}")
if findings:
    print(f"  {'':3}{'ecosystem':9} {'package':22} {'version':14} {'id':22} fixed in / summary")
    for eco, name, version, ident, aliases, fixed, summary in findings:
        mark = "ok " if decided(ident, aliases) else "NEW"
        alias = f" ({', '.join(aliases[:2])})" if aliases else ""
        print(f"  {mark}{eco:9} {name:22} {version:14} {ident + alias:22} {fixed} | {summary}")
for problem in problems:
    print(f"INCOMPLETE: {problem}")
if problems:
    print("The audit is incomplete: absence of findings above proves nothing. Run `make audit` on a")
    print("machine that reaches the advisory services (PyPI's per-release JSON API, or OSV with")
    print("AUDIT_PIP_SERVICE=osv; the npm registry's bulk advisory endpoint).")
    sys.exit(2)
if open_findings:
    print(f"Decide about each NEW finding and record it in the table in {decisions_path}.")
    sys.exit(1)
print("All findings are decided in " + str(decisions_path) + "." if findings else "No known vulnerabilities.")
sys.exit(0)
PY

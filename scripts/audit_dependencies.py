"""Audit the locked dependencies with pip-audit (make quality).

Fails on any known vulnerability. When the vulnerability database cannot be reached (a closed
network, or a PyPI mirror without the JSON API), says so clearly and does not fail: an audit
that could not run is reported, never taken for a clean one."""

import json
import subprocess
import sys
import tempfile
from pathlib import Path

BIN = Path(sys.executable).parent


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        requirements = Path(folder) / "requirements.txt"
        exported = subprocess.run(
            [BIN / "uv", "export", "--frozen", "--all-groups", "--format", "requirements-txt", "--quiet"],
            capture_output=True,
            text=True,
            check=True,
        )
        requirements.write_text(exported.stdout, encoding="utf-8")
        audit = subprocess.run(
            [
                BIN / "pip-audit",
                "-r",
                requirements,
                "--require-hashes",
                "--disable-pip",
                "-f",
                "json",
                "--progress-spinner",
                "off",
            ],
            capture_output=True,
            text=True,
            check=False,
        )
    try:
        report = json.loads(audit.stdout)
    except json.JSONDecodeError:
        print("pip-audit: SKIPPED — the vulnerability database could not be reached:")
        print((audit.stderr.strip().splitlines() or ["(no message)"])[-1])
        return 0
    dependencies = report["dependencies"]
    audited = [item for item in dependencies if "skip_reason" not in item]
    vulnerable = [item for item in audited if item.get("vulns")]
    for item in vulnerable:
        for vuln in item["vulns"]:
            fixes = ", ".join(vuln.get("fix_versions", [])) or "no fix yet"
            print(f"{item['name']} {item['version']}: {vuln['id']} (fixed in {fixes})")
    if vulnerable:
        return 1
    if not audited:
        print(
            f"pip-audit: SKIPPED — none of the {len(dependencies)} locked dependencies could be looked up "
            "(the vulnerability database is not reachable from this machine)."
        )
        return 0
    skipped = len(dependencies) - len(audited)
    print(f"pip-audit: {len(audited)} dependencies audited, no known vulnerability ({skipped} not found).")
    return 0


if __name__ == "__main__":
    sys.exit(main())

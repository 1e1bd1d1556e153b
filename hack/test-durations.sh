#!/usr/bin/env bash
# Prints how long each test took, slowest first, from the Surefire and Failsafe reports of the last runs
# (target/*-reports/TEST-*.xml): hack/test.sh calls it after the integration and the end-to-end tests, so CI's
# output shows where the time goes.
#
#   hack/test-durations.sh [failsafe|surefire] [N]    # default: failsafe, the 40 slowest
set -euo pipefail
cd "$(dirname "$0")/.."
kind="${1:-failsafe}"
python3 - "target/$kind-reports" "${2:-40}" <<'PY'
import glob, sys, xml.etree.ElementTree as ET
reports, limit = sys.argv[1], int(sys.argv[2])
cases, classes = [], {}
for path in glob.glob(f"{reports}/TEST-*.xml"):
    suite = ET.parse(path).getroot()
    name = suite.get("name").rsplit(".", 1)[-1]
    classes[name] = float(suite.get("time") or 0)
    for case in suite.iter("testcase"):
        failed = case.find("failure") is not None or case.find("error") is not None
        cases.append((float(case.get("time") or 0), f"{name}.{case.get('name')}", failed))
if not cases:
    sys.exit(0)
print(f"[durations] {len(cases)} tests in {len(classes)} classes, {sum(classes.values()):.0f} s in all "
      f"({reports}); the {min(limit, len(cases))} slowest:")
for seconds, name, failed in sorted(cases, reverse=True)[:limit]:
    print(f"[durations] {seconds:8.1f} s  {name}{'  FAILED' if failed else ''}")
PY

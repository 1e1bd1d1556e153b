#!/usr/bin/env python3
"""Copies live objects the end-to-end tests kept (target/live-objects/<kind>-<phase>.json, GitOpsStatus) into the
Argo CD health tests' testdata (deploy/argocd/resource_customizations/<group>/<Kind>/testdata/<phase>.yaml), without
managedFields, and writes each health_test.yaml with the health argocd-health computes for them now. Review the diff:
the expectations are what the checks say today, so a change of health.lua shows up there.

    hack/argocd-testdata.py
"""
import json
import pathlib
import subprocess
import sys

import yaml

ROOT = pathlib.Path(__file__).resolve().parent.parent
LIVE = ROOT / "target/live-objects"
CHECKS = ROOT / "deploy/argocd/resource_customizations"
tools = subprocess.run([ROOT / "hack/gitops-tools.sh"], check=True, capture_output=True, text=True).stdout.strip()

tests = {}
for live in sorted(LIVE.glob("*.json")):
    obj = json.loads(live.read_text())
    obj["metadata"].pop("managedFields", None)
    group = obj["apiVersion"].split("/")[0]
    kind_dir = CHECKS / group / obj["kind"]
    phase = live.stem.split("-", 1)[1]
    target = kind_dir / "testdata" / f"{phase}.yaml"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(yaml.safe_dump(obj, sort_keys=False, width=120))
    out = subprocess.run([f"{tools}/argocd-health", "eval", str(CHECKS), str(target)], check=True,
                         capture_output=True, text=True).stdout
    _, status, message = out.rstrip("\n").split("\t", 2)
    tests.setdefault(kind_dir, []).append(
        {"healthStatus": {"status": status, "message": message}, "inputPath": f"testdata/{phase}.yaml"})

if not tests:
    sys.exit(f"no live objects in {LIVE}: run the end-to-end tests first")
for kind_dir, cases in tests.items():
    (kind_dir / "health_test.yaml").write_text(yaml.safe_dump({"tests": cases}, sort_keys=False, width=120))
    print(f"{kind_dir.relative_to(ROOT)}: {len(cases)} tests")

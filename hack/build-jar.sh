#!/usr/bin/env bash
# Builds the runnable jar (target/quarkus-app/quarkus-run.jar) and the generated CRD, without running the tests:
# for the demo, the benchmarks and hack/update-crds.sh. The test command is hack/test.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
JAVA_HOME="$(hack/java-home.sh)" ./mvnw -B -q package -DskipTests

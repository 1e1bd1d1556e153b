#!/usr/bin/env bash
# Prints a JDK >= 21 to build with: $JAVA_HOME if it qualifies, else the newest under /usr/lib/jvm.
set -euo pipefail
major() { "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p'; }
if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ] && [ "$(major "$JAVA_HOME")" -ge 21 ]; then
  echo "$JAVA_HOME"; exit 0
fi
best=""; best_major=0
for jdk in /usr/lib/jvm/*/; do
  jdk="${jdk%/}"
  [ -x "$jdk/bin/javac" ] || continue
  m=$(major "$jdk"); [ -n "$m" ] || continue
  if [ "$m" -ge 21 ] && [ "$m" -gt "$best_major" ]; then best="$jdk"; best_major="$m"; fi
done
[ -n "$best" ] || { echo "no JDK 21 or newer found under /usr/lib/jvm; install one (e.g. temurin-21-jdk)" >&2; exit 1; }
echo "$best"

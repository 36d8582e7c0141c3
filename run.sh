#!/usr/bin/env bash
# Runs the whole system on this machine: a real Kafka broker, a real PostgreSQL, the four
# services, the cluster teams' board (http://localhost:8085/) and a demo referral. Needs only a
# JDK 17; Ctrl-C stops everything it started.
# Their data is kept in .local-stack/ (postgres/, kafka/) from one run to the next.
#   ./run.sh              build, start, run the demo
#   ./run.sh --no-demo    build and start only
#   ./run.sh --fresh      delete the data earlier runs kept, then start clean
#   ./run.sh --rebuild-care-plans   empty care-plans' database and rebuild it from the event log
# Use an existing PostgreSQL instead of the embedded one:
#   ONETEM_POSTGRES_URL=jdbc:postgresql://localhost:5432/postgres ONETEM_POSTGRES_USER=... \
#   ONETEM_POSTGRES_PASSWORD=... ./run.sh
set -euo pipefail
cd "$(dirname "$0")"
launcher=platform/local-stack/target/onetem-local-stack.jar
build_log=.local-stack/logs/build.log

# Shows one line per module as Maven starts it; everything else goes to the build log.
show_modules() {
  local line module='^\[INFO\] Building (.+) [^ ]+ +\[([0-9]+/[0-9]+)\]$'
  while IFS= read -r line; do
    if [[ $line =~ $module ]]; then
      echo "[run.sh]   ${BASH_REMATCH[2]} ${BASH_REMATCH[1]}"
    fi
  done
}

# Build first, unless no source has changed since the last build (the launcher is built last):
# a second run then starts in seconds rather than rebuilding for most of a minute.
if [ ! -f "$launcher" ] || [ -n "$(find pom.xml .mvn services platform -type f -newer "$launcher" \
      -not -path '*/target/*' -print -quit)" ]; then
  mkdir -p "$(dirname "$build_log")"
  echo "[run.sh] Building the services (about a minute; the first run also downloads the dependencies"
  echo "[run.sh] and takes a few minutes more). Full output: $build_log"
  if ! ./mvnw -B -DskipTests package 2>&1 | tee "$build_log" | show_modules; then
    echo "[run.sh] The build failed. The end of $build_log:" >&2
    tail -n 40 "$build_log" >&2
    exit 1
  fi
fi
# The launcher hosts the broker. ONETEM_LAUNCHER_JVM_OPTIONS and ONETEM_SERVICE_JVM_OPTIONS replace
# the JVM options of the launcher and of each service (e.g. to profile them: docs/performance.md).
service_options=()
if [ -n "${ONETEM_SERVICE_JVM_OPTIONS:-}" ]; then
  service_options=("-Donetem.service.jvm-options=$ONETEM_SERVICE_JVM_OPTIONS")
fi
# shellcheck disable=SC2086 # the options are words
exec java ${ONETEM_LAUNCHER_JVM_OPTIONS:-} "${service_options[@]}" -jar "$launcher" "$@"

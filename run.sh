#!/usr/bin/env bash
# Runs the whole system on this machine: a real Kafka broker, a real PostgreSQL, the four
# services and a demo referral. Needs only a JDK 17; Ctrl-C stops everything it started.
# Their data is kept in .local-stack/ (postgres/, kafka/) from one run to the next.
#   ./run.sh              build, start, run the demo
#   ./run.sh --no-demo    build and start only
#   ./run.sh --fresh      delete the data earlier runs kept, then start clean
# Use an existing PostgreSQL instead of the embedded one:
#   ONETEM_POSTGRES_URL=jdbc:postgresql://localhost:5432/postgres ONETEM_POSTGRES_USER=... \
#   ONETEM_POSTGRES_PASSWORD=... ./run.sh
set -euo pipefail
cd "$(dirname "$0")"
launcher=platform/local-stack/target/onetem-local-stack.jar
# Build first, unless no source has changed since the last build (the launcher is built last):
# a second run then starts in seconds rather than rebuilding for most of a minute.
if [ ! -f "$launcher" ] || [ -n "$(find pom.xml .mvn services platform -type f -newer "$launcher" \
      -not -path '*/target/*' -print -quit)" ]; then
  ./mvnw -B -q -DskipTests package
fi
exec java -jar "$launcher" "$@"

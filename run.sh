#!/usr/bin/env bash
# Runs the whole system on this machine: a real Kafka broker, a real PostgreSQL, the four
# services and a demo referral. Needs only a JDK 17; Ctrl-C stops everything it started.
#   ./run.sh              build, start, run the demo
#   ./run.sh --no-demo    build and start only
# Use an existing PostgreSQL instead of the embedded one:
#   ONETEM_POSTGRES_URL=jdbc:postgresql://localhost:5432/postgres ONETEM_POSTGRES_USER=... \
#   ONETEM_POSTGRES_PASSWORD=... ./run.sh
set -euo pipefail
cd "$(dirname "$0")"
./mvnw -B -q -DskipTests package
exec java -jar platform/local-stack/target/onetem-local-stack.jar "$@"

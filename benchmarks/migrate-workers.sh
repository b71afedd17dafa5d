#!/usr/bin/env bash
# migrate --workers N on PostgreSQL (issue 13): rows per second for each worker count, on a fresh
# table of ROWS plaintext rows each time. Runs the CLI jar, so build it first:
#   mvn -B -q package -pl secret-jdbc-cli -am -DskipTests -Dinvoker.skip=true
# then, from the repository root (the test server's settings come from scripts/test-servers.sh):
#   benchmarks/migrate-workers.sh [ROWS [BATCH [WORKERS...]]]     e.g. benchmarks/migrate-workers.sh 1000000 1000 1 2 4
# Prints one line per run: workers, batch size, rows, seconds, rows/s, the 1-minute load average
# before and after (the machine is shared: compare runs only under the same load), and the CPU seconds
# of the CLI's JVM and of the PostgreSQL server during the run (where the time goes).
set -euo pipefail
ROWS=${1:-1000000}
BATCH=${2:-1000}
shift $(( $# > 2 ? 2 : $# )) || true
WORKERS=("${@:-1 2 4}")
[ ${#WORKERS[@]} -eq 1 ] && read -r -a WORKERS <<< "${WORKERS[0]}"
JAR=${JAR:-target/secret-jdbc-cli.jar}
eval "$(scripts/test-servers.sh env)"
# jdbc:postgresql://host:port/db -> host, port
hostport=${SECRET_JDBC_TEST_PG_URL#jdbc:postgresql://}
hostport=${hostport%%/*}
export PGHOST=${hostport%%:*} PGPORT=${hostport##*:} PGUSER=$SECRET_JDBC_TEST_PG_USER PGPASSWORD=$SECRET_JDBC_TEST_PG_PASSWORD
export PGOPTIONS="-c client_min_messages=warning"
DB=bench_migrate_workers
URL="jdbc:postgresql://$PGHOST:$PGPORT/$DB"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cat > "$work/creds.yml" <<'YAML'
id: creds
namespace: bench
inputs:
  - id: username
    type: STRING
  - id: password
    type: SECRET
  - id: token
    type: SECRET
tasks: []
YAML
KEY=$(java -jar "$JAR" keygen)
load() { cut -d' ' -f1 /proc/loadavg; }
# CPU seconds used so far by the PostgreSQL server listening on PGPORT: the postmaster, its live
# children (backends, walwriter, checkpointer...) and the children it has reaped (ended backends).
postmaster=$(ss -ltnpH "sport = :$PGPORT" 2>/dev/null | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2 || true)
servercpu() {
  [ -n "$postmaster" ] || { echo 0; return; }
  { awk '{print $14 + $15 + $16 + $17}' /proc/"$postmaster"/stat
    for c in $(ps -o pid= --ppid "$postmaster"); do awk '{print $14 + $15}' /proc/"$c"/stat 2>/dev/null || true; done
  } | awk -v hz="$(getconf CLK_TCK)" '{t += $1} END {printf "%.1f", t / hz}'
}
echo "workers batch rows seconds rows/s load-before load-after client-cpu-s server-cpu-s"
for w in "${WORKERS[@]}"; do
  # an autovacuum worker of the last run's database cannot be terminated by a non-superuser: retry
  for try in 1 2 3 4 5 6 7 8 9 10; do
    psql -q -d "${SECRET_JDBC_TEST_PG_URL##*/}" -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" 2>/dev/null && break
    sleep 2
  done
  psql -q -d "${SECRET_JDBC_TEST_PG_URL##*/}" -c "CREATE DATABASE $DB"
  psql -q -d $DB -c "CREATE TABLE creds (id BIGINT PRIMARY KEY, username VARCHAR(50), password VARCHAR(400), token VARCHAR(400))" \
    -c "INSERT INTO creds SELECT i, 'user-' || i, 'pw-' || i, 'tk-' || i FROM generate_series(1, $ROWS) AS i" \
    -c "VACUUM ANALYZE creds" >/dev/null
  before=$(load)
  server0=$(servercpu)
  out=$(/usr/bin/time -f "%U %S" -o "$work/time" java -jar "$JAR" migrate --url "$URL" -p user="$PGUSER" -p password="$PGPASSWORD" --flows "$work/creds.yml" \
        --key "$KEY" --no-progress --batch-size "$BATCH" --workers "$w")
  after=$(load)
  server1=$(servercpu)
  client=$(awk '{printf "%.1f", $1 + $2}' "$work/time")
  server=$(awk -v a="$server0" -v b="$server1" 'BEGIN {printf "%.1f", b - a}')
  # the summary line: "... N rows in S s (R rows/s)."
  line=$(grep -E 'rows in [0-9.]+ s' <<< "$out")
  secs=$(sed -E 's/.* rows in ([0-9.]+) s.*/\1/' <<< "$line")
  rate=$(sed -E 's/.*\(([0-9,]+) rows\/s\).*/\1/' <<< "$line" | tr -d ,)
  echo "$w $BATCH $ROWS $secs $rate $before $after $client $server"
done
psql -q -d "${SECRET_JDBC_TEST_PG_URL##*/}" -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)"

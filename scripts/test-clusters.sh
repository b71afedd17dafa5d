#!/usr/bin/env bash
# Starts, stops and describes the two CLUSTERS that secret-jdbc's cluster tests use, beside (never
# instead of) the single servers of scripts/test-servers.sh:
#   - PostgreSQL 15: a primary on 127.0.0.1:55433 and a streaming replica on 127.0.0.1:55434
#     (pg_basebackup -R, synchronous replication so that a commit that returned is on the replica);
#   - MariaDB 10.11 Galera: three nodes on 127.0.0.1:53307/53308/53309 (galera-4, rsync SST).
# All on loopback, data in their own throw-away folder; starting wipes and rebuilds what is not in the
# expected shape, so a test that failed over (or killed a node) leaves nothing for the next run to trip on.
#
#   scripts/test-clusters.sh start          install (apt-get, as root) if missing, start both clusters
#   scripts/test-clusters.sh stop           stop every node of both
#   scripts/test-clusters.sh status         say which nodes run
#   scripts/test-clusters.sh env            print the `export SECRET_JDBC_TEST_..._CLUSTER...` lines
#   scripts/test-clusters.sh clean          stop and delete the data folder
# Used by the tests (through SECRET_JDBC_TEST_CLUSTER_SCRIPT):
#   pg-start | pg-stop                      the PostgreSQL pair only
#   pg-kill-primary                         pg_ctl stop -m immediate on the primary
#   pg-promote                              pg_ctl promote on the replica (waits until it writes)
#   pg-rebuild                              node 1 primary again, the replica rebuilt from it
#   galera-start | galera-stop              the Galera cluster only
#   galera-kill N                           kill -9 node N (1..3)
#   galera-rejoin N                         start node N again and wait until it is Synced
#
# Settings (environment): SECRET_JDBC_CLUSTERS_DIR (default /tmp/secret-jdbc-clusters; reachable by the
# postgres and mysql OS users when run as root), SECRET_JDBC_PG_CLUSTER_PORTS ("55433 55434"),
# SECRET_JDBC_GALERA_PORTS ("53307 53308 53309"), SECRET_JDBC_GALERA_BASE_PORT (54560: node N uses
# base+N for group communication, base+10+N for IST, base+20+N for SST).
set -euo pipefail

SCRIPT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/$(basename "${BASH_SOURCE[0]}")"
CLUSTERS_DIR="${SECRET_JDBC_CLUSTERS_DIR:-/tmp/secret-jdbc-clusters}"
read -r -a PG_PORTS <<<"${SECRET_JDBC_PG_CLUSTER_PORTS:-55433 55434}"
read -r -a GALERA_PORTS <<<"${SECRET_JDBC_GALERA_PORTS:-53307 53308 53309}"
GALERA_BASE="${SECRET_JDBC_GALERA_BASE_PORT:-54560}"

LOG_TAG=test-clusters
# shellcheck source=scripts/test-db-common.sh
. "$(dirname "$SCRIPT")/test-db-common.sh"

GALERA_LIB=/usr/lib/galera/libgalera_smm.so

PG_ROOT="$CLUSTERS_DIR/pg"
GALERA_ROOT="$CLUSTERS_DIR/galera"

# --------------------------------------------------------------------------------------- install

install_missing() {
  local packages=()
  [ -x "$PG_BIN/pg_ctl" ] && [ -x "$PG_BIN/pg_basebackup" ] || packages+=(postgresql-15)
  { [ -x "$MARIADBD" ] && [ -x "$MARIADB_INSTALL_DB" ]; } || packages+=(mariadb-server mariadb-client)
  [ -f "$GALERA_LIB" ] || packages+=(galera-4)
  # rsync SST: the joiner runs an rsync daemon; the SST script finds its listener with ss (iproute2) or lsof.
  command -v rsync >/dev/null || packages+=(rsync)
  command -v ps >/dev/null || packages+=(procps)
  { command -v ss >/dev/null || command -v lsof >/dev/null; } || packages+=(iproute2)
  [ ${#packages[@]} -eq 0 ] && return 0
  apt_install "${packages[@]}"
  [ -f "$GALERA_LIB" ] || die "$GALERA_LIB still missing after installing galera-4"
}

prepare_dir() { # dir owner
  mkdir -p "$CLUSTERS_DIR" "$1"
  chmod 755 "$CLUSTERS_DIR"
  if is_root; then chown "$2": "$1"; fi
}

# Waits until "$@" succeeds, up to $WAIT_SECONDS (default 60); returns 1 on time-out.
wait_for() {
  local deadline=$((SECONDS + ${WAIT_SECONDS:-60}))
  until "$@" >/dev/null 2>&1; do
    [ "$SECONDS" -lt "$deadline" ] || return 1
    sleep 0.3
  done
}

# ------------------------------------------------------------------------------------ PostgreSQL

pg_dir() { echo "$PG_ROOT/node$1"; }
pg_data() { echo "$PG_ROOT/node$1/data"; }
pg_port() { echo "${PG_PORTS[$(($1 - 1))]}"; }
pg_log() { echo "$PG_ROOT/node$1/postgresql.log"; }
pg_running() { [ -f "$(pg_data "$1")/PG_VERSION" ] && as_pg "$PG_BIN/pg_ctl" -D "$(pg_data "$1")" status >/dev/null 2>&1; }
pg_sql() { local n=$1; shift; as_pg "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$(pg_dir "$n")" -p "$(pg_port "$n")" -U postgres -d postgres "$@"; }
pg_in_recovery() { pg_sql "$1" -At -c 'SELECT pg_is_in_recovery()' 2>/dev/null; }
pg_fail() { tail -n 30 "$(pg_log "$1")" >&2 || true; die "$2 (last log lines above, full log: $(pg_log "$1"))"; }

pg_ctl_start() {
  local n=$1
  rm -f "$(pg_data "$n")/postmaster.pid"
  as_pg "$PG_BIN/pg_ctl" -D "$(pg_data "$n")" -l "$(pg_log "$n")" -w -t 60 start >/dev/null ||
    pg_fail "$n" "PostgreSQL node $n did not start"
  WAIT_SECONDS=30 wait_for "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$(pg_port "$n")" ||
    pg_fail "$n" "PostgreSQL node $n does not accept connections on 127.0.0.1:$(pg_port "$n")"
}

pg_ctl_stop() { # node mode
  if pg_running "$1"; then
    as_pg "$PG_BIN/pg_ctl" -D "$(pg_data "$1")" -m "$2" -w -t 60 stop >/dev/null || pg_fail "$1" "PostgreSQL node $1 did not stop"
  fi
}

pg_init_primary() {
  local data
  data="$(pg_data 1)"
  log "PostgreSQL cluster: creating the primary in $data"
  rm -rf "$data"
  as_pg "$PG_BIN/initdb" -D "$data" -U postgres -E UTF8 --locale=C --auth-local=trust \
    --auth-host=scram-sha-256 >"$(pg_dir 1)/initdb.log" 2>&1 ||
    { cat "$(pg_dir 1)/initdb.log" >&2; die "initdb of the PostgreSQL primary failed (log above)"; }
  # Synchronous replication: a commit returns once the replica has the WAL, so a failover loses no
  # committed row. fsync stays off (test data; the processes that hold it are not killed).
  cat >>"$data/postgresql.conf" <<EOF

# secret-jdbc test cluster, node 1 (the primary)
listen_addresses = '127.0.0.1'
port = $(pg_port 1)
unix_socket_directories = '$(pg_dir 1)'
max_connections = 100
fsync = off
full_page_writes = off
wal_level = replica
max_wal_senders = 4
wal_keep_size = 64MB
synchronous_commit = on
synchronous_standby_names = '*'
EOF
  pg_ctl_start 1
  # No standby exists yet: these commits must not wait for one.
  pg_sql 1 >/dev/null <<EOF
SET synchronous_commit = local;
CREATE ROLE $TEST_USER WITH LOGIN CREATEDB PASSWORD '$TEST_PASSWORD';
CREATE DATABASE $TEST_DB OWNER $TEST_USER ENCODING 'UTF8';
EOF
}

# Node 2 anew from node 1: pg_basebackup -R (over node 1's socket, local trust) and its own port.
pg_build_replica() {
  local data
  data="$(pg_data 2)"
  pg_ctl_stop 2 immediate
  rm -rf "$data"
  log "PostgreSQL cluster: building the replica from the primary (pg_basebackup -R)"
  as_pg "$PG_BIN/pg_basebackup" -h "$(pg_dir 1)" -p "$(pg_port 1)" -U postgres -D "$data" -R -X stream \
    -c fast >"$(pg_dir 2)/basebackup.log" 2>&1 ||
    { cat "$(pg_dir 2)/basebackup.log" >&2; die "pg_basebackup of the replica failed (log above)"; }
  # Later lines win. Once promoted, node 2 has no standby: it must not wait for one.
  cat >>"$data/postgresql.conf" <<EOF

# secret-jdbc test cluster, node 2 (the replica; overrides the primary's lines above)
port = $(pg_port 2)
unix_socket_directories = '$(pg_dir 2)'
synchronous_standby_names = ''
hot_standby = on
EOF
  pg_ctl_start 2
  # Streaming, and the primary sees it as its synchronous standby (else commits would hang).
  WAIT_SECONDS=30 wait_for pg_is_sync_streaming ||
    pg_fail 2 "the PostgreSQL replica on port $(pg_port 2) does not stream from the primary"
}

pg_is_sync_streaming() {
  [ "$(pg_sql 1 -At -c "SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming' AND sync_state = 'sync'")" = 1 ]
}

pg_healthy() {
  pg_running 1 && pg_running 2 && [ "$(pg_in_recovery 1)" = f ] && [ "$(pg_in_recovery 2)" = t ] && pg_is_sync_streaming
}

pg_start() {
  prepare_dir "$PG_ROOT" postgres
  prepare_dir "$(pg_dir 1)" postgres
  prepare_dir "$(pg_dir 2)" postgres
  if pg_healthy; then
    log "PostgreSQL cluster: already running (primary $(pg_port 1), replica $(pg_port 2))"
    return 0
  fi
  pg_rebuild
}

# Node 1 primary (its data kept, created if missing), node 2 a fresh replica of it. After a failover
# node 2 is a primary of its own timeline; it is simply rebuilt.
pg_rebuild() {
  pg_ctl_stop 2 immediate
  if [ ! -f "$(pg_data 1)/PG_VERSION" ] || [ -f "$(pg_data 1)/standby.signal" ]; then
    pg_ctl_stop 1 immediate
    pg_init_primary
  elif ! pg_running 1; then
    log "PostgreSQL cluster: starting the primary on 127.0.0.1:$(pg_port 1)"
    pg_ctl_start 1
  fi
  [ "$(pg_in_recovery 1)" = f ] || die "PostgreSQL node 1 is in recovery; run '$0 clean' and start again"
  pg_build_replica
  log "PostgreSQL cluster: ready, primary 127.0.0.1:$(pg_port 1), replica 127.0.0.1:$(pg_port 2) (synchronous)"
}

pg_stop() {
  local n
  for n in 2 1; do
    if pg_running "$n"; then log "PostgreSQL cluster: stopping node $n"; pg_ctl_stop "$n" fast; fi
  done
}

pg_kill_primary() {
  log "PostgreSQL cluster: pg_ctl stop -m immediate on the primary (node 1)"
  pg_ctl_stop 1 immediate
}

pg_promote() {
  log "PostgreSQL cluster: promoting the replica (node 2)"
  as_pg "$PG_BIN/pg_ctl" -D "$(pg_data 2)" -w -t 60 promote >/dev/null || pg_fail 2 "pg_ctl promote failed"
  WAIT_SECONDS=30 wait_for pg_is_primary 2 || pg_fail 2 "node 2 is still in recovery after pg_ctl promote"
}
pg_is_primary() { [ "$(pg_in_recovery "$1")" = f ]; }

# --------------------------------------------------------------------------------------- Galera

g_dir() { echo "$GALERA_ROOT/node$1"; }
g_port() { echo "${GALERA_PORTS[$(($1 - 1))]}"; }
g_cnf() { echo "$(g_dir "$1")/my.cnf"; }
g_sock() { echo "$(g_dir "$1")/mariadb.sock"; }
g_pidfile() { echo "$(g_dir "$1")/mariadb.pid"; }
g_log() { echo "$(g_dir "$1")/mariadb.log"; }
g_pid() { [ -f "$(g_pidfile "$1")" ] && cat "$(g_pidfile "$1")" 2>/dev/null || true; }
# A killed server whose new parent (it is detached) has not reaped it yet is a zombie: dead, though kill -0 succeeds.
proc_alive() { kill -0 "$1" 2>/dev/null && ! grep -qE '^[0-9]+ \(.*\) Z' "/proc/$1/stat" 2>/dev/null; }
g_alive() { local pid; pid="$(g_pid "$1")"; [ -n "$pid" ] && proc_alive "$pid"; }
g_sql() { local n=$1; shift; "$MARIADB_CLIENT" --no-defaults --protocol=socket --socket="$(g_sock "$n")" -u "$(mariadb_admin_user)" "$@"; }
g_status() { g_sql "$1" -N -B -e "SHOW GLOBAL STATUS LIKE '$2'" 2>/dev/null | cut -f2; }
g_synced() { [ "$(g_status "$1" wsrep_local_state_comment)" = Synced ] && [ "$(g_status "$1" wsrep_ready)" = ON ]; }
g_fail() { tail -n 40 "$(g_log "$1")" >&2 || true; die "$2 (last log lines above, full log: $(g_log "$1"))"; }

g_write_cnf() {
  local n=$1 addresses="" i
  for i in 1 2 3; do addresses="$addresses${addresses:+,}127.0.0.1:$((GALERA_BASE + i))"; done
  cat >"$(g_cnf "$n")" <<EOF
[mariadbd]
user = $(mariadb_os_user)
datadir = $(g_dir "$n")/data
socket = $(g_sock "$n")
pid-file = $(g_pidfile "$n")
log-error = $(g_log "$n")
port = $(g_port "$n")
bind-address = 127.0.0.1
skip-name-resolve
character-set-server = utf8mb4
collation-server = utf8mb4_unicode_ci
max-connections = 100
performance-schema = OFF
innodb-buffer-pool-size = 64M
innodb-log-file-size = 32M
innodb-flush-log-at-trx-commit = 2
innodb-doublewrite = 0
innodb-use-native-aio = 0
# Galera: row events, InnoDB, interleaved auto-increment locks
binlog-format = ROW
default-storage-engine = InnoDB
innodb-autoinc-lock-mode = 2
wsrep-on = ON
wsrep-provider = $GALERA_LIB
wsrep-cluster-name = secretjdbc_test
wsrep-cluster-address = gcomm://$addresses
wsrep-node-name = node$n
wsrep-node-address = 127.0.0.1:$((GALERA_BASE + n))
wsrep-node-incoming-address = 127.0.0.1:$(g_port "$n")
wsrep-provider-options = "gmcast.listen_addr=tcp://127.0.0.1:$((GALERA_BASE + n)); ist.recv_addr=127.0.0.1:$((GALERA_BASE + 10 + n)); gcache.size=64M; evs.suspect_timeout=PT3S; evs.inactive_timeout=PT6S; evs.install_timeout=PT6S"
wsrep-sst-method = rsync
wsrep-sst-receive-address = 127.0.0.1:$((GALERA_BASE + 20 + n))
EOF
}

# Starts node N (extra mariadbd arguments after it) and waits until it is Synced with the group.
g_start_node() {
  local n=$1; shift
  g_alive "$n" && die "Galera node $n ($(g_pid "$n")) already runs"
  rm -f "$(g_pidfile "$n")" "$(g_sock "$n")" "$(g_sock "$n").lock"
  nohup "$MARIADBD" --defaults-file="$(g_cnf "$n")" "$@" </dev/null >>"$(g_log "$n")" 2>&1 &
  local launcher=$! deadline=$((SECONDS + 90))
  until g_synced "$n"; do
    kill -0 "$launcher" 2>/dev/null || g_fail "$n" "Galera node $n exited while starting"
    [ "$SECONDS" -lt "$deadline" ] || g_fail "$n" "Galera node $n is not Synced after 90 s"
    sleep 0.3
  done
}

# An empty data directory for a joiner, owned by the MariaDB OS user: the rsync SST fills it.
g_empty_data() {
  rm -rf "$(g_dir "$1")/data"
  mkdir -p "$(g_dir "$1")/data"
  is_root && chown "$(mariadb_os_user):" "$(g_dir "$1")/data"
  return 0
}

g_stop_node() {
  local n=$1 pid
  g_alive "$n" || { rm -f "$(g_pidfile "$n")" "$(g_sock "$n")" "$(g_sock "$n").lock"; return 0; }
  pid="$(g_pid "$n")"
  log "Galera: stopping node $n"
  kill -TERM "$pid" 2>/dev/null || true
  local deadline=$((SECONDS + 60))
  while proc_alive "$pid"; do
    [ "$SECONDS" -lt "$deadline" ] || { kill -KILL "$pid" 2>/dev/null || true; log "Galera node $n did not stop in 60 s: killed"; }
    sleep 0.3
  done
  rm -f "$(g_pidfile "$n")" "$(g_sock "$n")" "$(g_sock "$n").lock"
}

g_healthy() {
  local n
  for n in 1 2 3; do g_alive "$n" && g_synced "$n" || return 1; done
  [ "$(g_status 1 wsrep_cluster_size)" = 3 ]
}

# A fresh cluster every time it is not already whole: bootstrapping a stopped Galera cluster means
# finding the most advanced node (grastate.dat); for test data a new cluster is faster and never wrong.
galera_start() {
  prepare_dir "$GALERA_ROOT" "$(mariadb_os_user)"
  if g_healthy; then
    log "Galera: already running (nodes on ${GALERA_PORTS[*]})"
    return 0
  fi
  galera_stop
  local n
  for n in 1 2 3; do
    rm -rf "$(g_dir "$n")"
    prepare_dir "$(g_dir "$n")" "$(mariadb_os_user)"
    g_write_cnf "$n"
  done
  log "Galera: creating node 1's data directory"
  "$MARIADB_INSTALL_DB" --defaults-file="$(g_cnf 1)" --skip-test-db --auth-root-authentication-method=socket \
    --wsrep-on=OFF >"$(g_dir 1)/install-db.log" 2>&1 ||
    { cat "$(g_dir 1)/install-db.log" >&2; die "mariadb-install-db for Galera node 1 failed (log above)"; }
  log "Galera: bootstrapping node 1 on 127.0.0.1:$(g_port 1) (--wsrep-new-cluster)"
  g_start_node 1 --wsrep-new-cluster
  g_sql 1 >/dev/null <<EOF
DELETE FROM mysql.global_priv WHERE User = '';
FLUSH PRIVILEGES;
CREATE DATABASE IF NOT EXISTS $TEST_DB CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
CREATE USER IF NOT EXISTS '$TEST_USER'@'%' IDENTIFIED BY '$TEST_PASSWORD';
GRANT ALL PRIVILEGES ON *.* TO '$TEST_USER'@'%';
EOF
  # Joiners start with an empty data directory: the rsync SST brings everything, one at a time.
  for n in 2 3; do
    log "Galera: node $n joins on 127.0.0.1:$(g_port "$n") (rsync SST)"
    g_empty_data "$n"
    # The joiner's rsync daemon now and then dies at once (seen: errno 16, right after an earlier
    # cluster on these ports was stopped), which ends that mariadbd. One more try from an empty data
    # directory, a few seconds later; a second failure stops the script as before.
    if ! (g_start_node "$n"); then
      log "Galera: node $n did not join (its SST failed); stopping it and trying once more in 5 s"
      g_stop_node "$n"
      sleep 5
      g_empty_data "$n"
      g_start_node "$n"
    fi
  done
  [ "$(g_status 1 wsrep_cluster_size)" = 3 ] || die "Galera cluster size is $(g_status 1 wsrep_cluster_size), not 3"
  log "Galera: ready, 3 nodes on ${GALERA_PORTS[*]} ($(g_sql 1 -N -B -e 'SELECT VERSION()'))"
}

galera_stop() {
  local n
  for n in 3 2 1; do g_stop_node "$n"; done
}

galera_kill() {
  local n=$1 pid
  pid="$(g_pid "$n")"
  [ -n "$pid" ] && proc_alive "$pid" || die "Galera node $n does not run"
  log "Galera: kill -9 node $n ($pid)"
  kill -KILL "$pid"
  local deadline=$((SECONDS + 30))
  while proc_alive "$pid"; do
    [ "$SECONDS" -lt "$deadline" ] || die "Galera node $n ($pid) still runs 30 s after kill -9"
    sleep 0.1
  done
}

galera_rejoin() {
  local n=$1
  log "Galera: node $n rejoins (IST from the group's cache)"
  g_start_node "$n"
  log "Galera: node $n Synced, cluster size $(g_status "$n" wsrep_cluster_size)"
}

node_arg() {
  case "${1:-}" in 1 | 2 | 3) echo "$1" ;; *) die "a Galera node number 1, 2 or 3 is needed" ;; esac
}

# ------------------------------------------------------------------------------------------ main

print_env() {
  local hosts="" n
  for n in 1 2 3; do hosts="$hosts${hosts:+,}127.0.0.1:$(g_port "$n")"; done
  cat <<EOF
export SECRET_JDBC_TEST_PG_CLUSTER_HOSTS=127.0.0.1:$(pg_port 1),127.0.0.1:$(pg_port 2)
export SECRET_JDBC_TEST_PG_CLUSTER_DATABASE=$TEST_DB
export SECRET_JDBC_TEST_PG_CLUSTER_USER=$TEST_USER
export SECRET_JDBC_TEST_PG_CLUSTER_PASSWORD=$TEST_PASSWORD
export SECRET_JDBC_TEST_GALERA_HOSTS=$hosts
export SECRET_JDBC_TEST_GALERA_DATABASE=$TEST_DB
export SECRET_JDBC_TEST_GALERA_USER=$TEST_USER
export SECRET_JDBC_TEST_GALERA_PASSWORD=$TEST_PASSWORD
export SECRET_JDBC_TEST_CLUSTER_SCRIPT=$SCRIPT
EOF
}

stop_all() {
  local status=0
  [ -x "$PG_BIN/pg_ctl" ] && { (pg_stop) || status=1; }
  [ -x "$MARIADBD" ] && { (galera_stop) || status=1; }
  return "$status"
}

status_all() {
  local n
  for n in 1 2; do
    if pg_running "$n"; then
      echo "PostgreSQL node $n: running on 127.0.0.1:$(pg_port "$n") (in recovery: $(pg_in_recovery "$n"))"
    else echo "PostgreSQL node $n: stopped"; fi
  done
  for n in 1 2 3; do
    if g_alive "$n"; then
      echo "Galera node $n: running on 127.0.0.1:$(g_port "$n") ($(g_status "$n" wsrep_local_state_comment), cluster size $(g_status "$n" wsrep_cluster_size))"
    else echo "Galera node $n: stopped"; fi
  done
}

case "${1:-}" in
  start) install_missing && pg_start && galera_start ;;
  stop) stop_all ;;
  status) status_all ;;
  env) print_env ;;
  clean) stop_all && rm -rf "$CLUSTERS_DIR" && log "removed $CLUSTERS_DIR" ;;
  pg-start) install_missing && pg_start ;;
  pg-stop) pg_stop ;;
  pg-kill-primary) pg_kill_primary ;;
  pg-promote) pg_promote ;;
  pg-rebuild) prepare_dir "$PG_ROOT" postgres && pg_rebuild ;;
  galera-start) install_missing && galera_start ;;
  galera-stop) galera_stop ;;
  galera-kill) galera_kill "$(node_arg "${2:-}")" ;;
  galera-rejoin) galera_rejoin "$(node_arg "${2:-}")" ;;
  *)
    echo "usage: $0 start|stop|status|env|clean|pg-start|pg-stop|pg-kill-primary|pg-promote|pg-rebuild|galera-start|galera-stop|galera-kill N|galera-rejoin N" >&2
    exit 2
    ;;
esac

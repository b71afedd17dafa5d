#!/usr/bin/env bash
# Starts, stops and describes the real PostgreSQL 15 and MariaDB 10.11 servers that secret-jdbc's
# server tests use. Both listen on 127.0.0.1 only, on non-default ports, with their data in a
# throw-away folder, so they never clash with a database the machine already runs.
#
#   scripts/test-servers.sh start    install (apt-get, as root) if missing, start, create db + user
#   scripts/test-servers.sh stop     stop both servers (data is kept; `start` again reuses it)
#   scripts/test-servers.sh restart  stop then start
#   scripts/test-servers.sh status   say which servers are running
#   scripts/test-servers.sh env      print the `export SECRET_JDBC_TEST_...` lines the tests read
#   scripts/test-servers.sh clean    stop both and delete the data folder
#
# Typical use:  scripts/test-servers.sh start && eval "$(scripts/test-servers.sh env)" && mvn -B verify
#
# Settings (environment): SECRET_JDBC_SERVERS_DIR (default /tmp/secret-jdbc-servers; it must be
# reachable by the postgres and mysql OS users when run as root), SECRET_JDBC_PG_PORT (55432),
# SECRET_JDBC_MARIADB_PORT (53306).
set -euo pipefail

SERVERS_DIR="${SECRET_JDBC_SERVERS_DIR:-/tmp/secret-jdbc-servers}"
PG_PORT="${SECRET_JDBC_PG_PORT:-55432}"
MARIADB_PORT="${SECRET_JDBC_MARIADB_PORT:-53306}"

LOG_TAG=test-servers
# shellcheck source=scripts/test-db-common.sh
. "$(dirname "${BASH_SOURCE[0]}")/test-db-common.sh"

PG_DIR="$SERVERS_DIR/postgresql"
PG_DATA="$PG_DIR/data"
PG_LOG="$PG_DIR/postgresql.log"
MARIADB_DIR="$SERVERS_DIR/mariadb"
MARIADB_DATA="$MARIADB_DIR/data"
MARIADB_CNF="$MARIADB_DIR/my.cnf"
MARIADB_SOCKET="$MARIADB_DIR/mariadb.sock"
MARIADB_PID="$MARIADB_DIR/mariadb.pid"
MARIADB_LOG="$MARIADB_DIR/mariadb.log"

mariadb_sql() { "$MARIADB_CLIENT" --no-defaults --protocol=socket --socket="$MARIADB_SOCKET" -u "$(mariadb_admin_user)" "$@"; }

pg_sql() { as_pg "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$PG_DIR" -p "$PG_PORT" -U postgres "$@"; }

# --------------------------------------------------------------------------------------- install

install_missing() {
  local packages=()
  [ -x "$PG_BIN/pg_ctl" ] || packages+=(postgresql-15)
  { [ -x "$MARIADBD" ] && [ -x "$MARIADB_INSTALL_DB" ]; } || packages+=(mariadb-server mariadb-client)
  [ ${#packages[@]} -eq 0 ] && return 0

  apt_install "${packages[@]}"
  [ -x "$PG_BIN/pg_ctl" ] || die "$PG_BIN/pg_ctl still missing after the install: is this Debian 12 (PostgreSQL 15)?"
  [ -x "$MARIADBD" ] || die "$MARIADBD still missing after the install"
}

prepare_servers_dir() {
  mkdir -p "$SERVERS_DIR"
  chmod 755 "$SERVERS_DIR"
  mkdir -p "$PG_DIR" "$MARIADB_DIR"
  if is_root; then
    chown postgres: "$PG_DIR"
    chown "$(mariadb_os_user):" "$MARIADB_DIR"
    runuser -u postgres -- test -w "$PG_DIR" ||
      die "the postgres OS user cannot write $PG_DIR: choose a SECRET_JDBC_SERVERS_DIR that other users can reach (e.g. under /tmp)"
  fi
}

# ------------------------------------------------------------------------------------ PostgreSQL

pg_running() { [ -f "$PG_DATA/PG_VERSION" ] && as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" status >/dev/null 2>&1; }

pg_start() {
  if [ ! -f "$PG_DATA/PG_VERSION" ]; then
    log "PostgreSQL: creating a cluster in $PG_DATA"
    rm -rf "$PG_DATA"
    # C locale, UTF-8: no dependency on the machine's locales. Local socket is trusted (admin
    # only, socket inside our folder); TCP needs the password.
    as_pg "$PG_BIN/initdb" -D "$PG_DATA" -U postgres -E UTF8 --locale=C \
      --auth-local=trust --auth-host=scram-sha-256 >"$PG_DIR/initdb.log" 2>&1 ||
      { cat "$PG_DIR/initdb.log" >&2; die "PostgreSQL initdb failed (log above)"; }
    cat >>"$PG_DATA/postgresql.conf" <<EOF

# secret-jdbc test server: loopback only, its own port and socket folder, fast and not durable.
listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = '$PG_DIR'
max_connections = 200
fsync = off
synchronous_commit = off
full_page_writes = off
EOF
  fi
  if pg_running; then
    log "PostgreSQL: already running on 127.0.0.1:$PG_PORT"
  else
    rm -f "$PG_DATA/postmaster.pid" # pg_ctl said no server runs: a left-over lock file only
    log "PostgreSQL: starting on 127.0.0.1:$PG_PORT"
    as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$PG_LOG" -w -t 60 start >/dev/null ||
      { tail -n 30 "$PG_LOG" >&2 || true; die "PostgreSQL did not start (last log lines above, full log: $PG_LOG)"; }
  fi
  local tries=0
  until "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT"; do
    tries=$((tries + 1))
    [ "$tries" -lt 60 ] || die "PostgreSQL does not accept connections on 127.0.0.1:$PG_PORT after 30 s (log: $PG_LOG); if it crashed, run '$0 stop' and start again"
    sleep 0.5
  done
  pg_sql -d postgres >/dev/null <<EOF
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$TEST_USER') THEN
    CREATE ROLE $TEST_USER;
  END IF;
END \$\$;
ALTER ROLE $TEST_USER WITH LOGIN CREATEDB PASSWORD '$TEST_PASSWORD';
SELECT 'CREATE DATABASE $TEST_DB OWNER $TEST_USER ENCODING ''UTF8'''
 WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = '$TEST_DB')\gexec
EOF
  log "PostgreSQL: ready, database $TEST_DB, user $TEST_USER ($(pg_sql -d postgres -At -c 'SHOW server_version'))"
}

pg_stop() {
  if pg_running; then
    log "PostgreSQL: stopping"
    as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast -w -t 60 stop >/dev/null ||
      die "PostgreSQL did not stop (log: $PG_LOG)"
  else
    log "PostgreSQL: not running"
  fi
}

# --------------------------------------------------------------------------------------- MariaDB

mariadb_pid() { [ -f "$MARIADB_PID" ] && cat "$MARIADB_PID" 2>/dev/null || true; }
mariadb_alive() { local pid; pid="$(mariadb_pid)"; [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; }
mariadb_running() { mariadb_alive && "$MARIADB_ADMIN" --no-defaults --socket="$MARIADB_SOCKET" -u "$(mariadb_admin_user)" ping >/dev/null 2>&1; }

mariadb_start() {
  local os_user
  os_user="$(mariadb_os_user)"
  cat >"$MARIADB_CNF" <<EOF
[mariadbd]
user = $os_user
datadir = $MARIADB_DATA
socket = $MARIADB_SOCKET
pid-file = $MARIADB_PID
log-error = $MARIADB_LOG
port = $MARIADB_PORT
bind-address = 127.0.0.1
skip-name-resolve
skip-log-bin
character-set-server = utf8mb4
collation-server = utf8mb4_unicode_ci
sql-mode = STRICT_TRANS_TABLES,STRICT_ALL_TABLES,ERROR_FOR_DIVISION_BY_ZERO,NO_AUTO_CREATE_USER,NO_ENGINE_SUBSTITUTION
max-connections = 200
performance-schema = OFF
# test server: small, fast, not durable
innodb-buffer-pool-size = 128M
innodb-log-file-size = 48M
innodb-flush-log-at-trx-commit = 2
innodb-doublewrite = 0
innodb-use-native-aio = 0
EOF
  if [ ! -d "$MARIADB_DATA/mysql" ]; then
    log "MariaDB: creating a data directory in $MARIADB_DATA"
    rm -rf "$MARIADB_DATA"
    "$MARIADB_INSTALL_DB" --defaults-file="$MARIADB_CNF" --skip-test-db \
      --auth-root-authentication-method=socket >"$MARIADB_DIR/install-db.log" 2>&1 ||
      { cat "$MARIADB_DIR/install-db.log" >&2; die "mariadb-install-db failed (log above)"; }
  fi
  if mariadb_running; then
    log "MariaDB: already running on 127.0.0.1:$MARIADB_PORT"
  else
    if mariadb_alive; then die "a MariaDB process ($(mariadb_pid)) from $MARIADB_DIR runs but does not answer: run '$0 stop' first"; fi
    rm -f "$MARIADB_PID" "$MARIADB_SOCKET" "$MARIADB_SOCKET.lock" # left-overs of a server that is gone
    log "MariaDB: starting on 127.0.0.1:$MARIADB_PORT"
    # Detached and with every standard stream redirected, so that the caller's pipes close.
    nohup "$MARIADBD" --defaults-file="$MARIADB_CNF" </dev/null >>"$MARIADB_LOG" 2>&1 &
    local launcher=$! tries=0
    until "$MARIADB_ADMIN" --no-defaults --socket="$MARIADB_SOCKET" -u "$(mariadb_admin_user)" ping >/dev/null 2>&1; do
      tries=$((tries + 1))
      if ! kill -0 "$launcher" 2>/dev/null; then
        tail -n 30 "$MARIADB_LOG" >&2 || true
        die "MariaDB exited while starting (last log lines above, full log: $MARIADB_LOG)"
      fi
      [ "$tries" -lt 120 ] || die "MariaDB does not accept connections after 60 s (log: $MARIADB_LOG)"
      sleep 0.5
    done
  fi
  mariadb_sql >/dev/null <<EOF
DELETE FROM mysql.global_priv WHERE User = '';
FLUSH PRIVILEGES;
CREATE DATABASE IF NOT EXISTS $TEST_DB CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
CREATE USER IF NOT EXISTS '$TEST_USER'@'%' IDENTIFIED BY '$TEST_PASSWORD';
ALTER USER '$TEST_USER'@'%' IDENTIFIED BY '$TEST_PASSWORD';
-- every database: tests create and drop one per test class
GRANT ALL PRIVILEGES ON *.* TO '$TEST_USER'@'%';
EOF
  log "MariaDB: ready, database $TEST_DB, user $TEST_USER ($(mariadb_sql -N -B -e 'SELECT VERSION()'))"
}

mariadb_stop() {
  if ! mariadb_alive; then
    log "MariaDB: not running"
    rm -f "$MARIADB_PID" "$MARIADB_SOCKET" "$MARIADB_SOCKET.lock"
    return 0
  fi
  log "MariaDB: stopping"
  local pid tries=0
  pid="$(mariadb_pid)"
  "$MARIADB_ADMIN" --no-defaults --socket="$MARIADB_SOCKET" -u "$(mariadb_admin_user)" shutdown >/dev/null 2>&1 ||
    kill -TERM "$pid" 2>/dev/null || true
  while kill -0 "$pid" 2>/dev/null; do
    tries=$((tries + 1))
    [ "$tries" -lt 120 ] || die "MariaDB ($pid) did not stop within 60 s (log: $MARIADB_LOG)"
    sleep 0.5
  done
  rm -f "$MARIADB_PID" "$MARIADB_SOCKET" "$MARIADB_SOCKET.lock"
}

# ------------------------------------------------------------------------------------------ main

print_env() {
  cat <<EOF
export SECRET_JDBC_TEST_PG_URL=jdbc:postgresql://127.0.0.1:$PG_PORT/$TEST_DB
export SECRET_JDBC_TEST_PG_USER=$TEST_USER
export SECRET_JDBC_TEST_PG_PASSWORD=$TEST_PASSWORD
export SECRET_JDBC_TEST_MARIADB_URL=jdbc:mariadb://127.0.0.1:$MARIADB_PORT/$TEST_DB
export SECRET_JDBC_TEST_MARIADB_USER=$TEST_USER
export SECRET_JDBC_TEST_MARIADB_PASSWORD=$TEST_PASSWORD
EOF
}

start_all() {
  install_missing
  prepare_servers_dir
  pg_start
  mariadb_start
}

stop_all() {
  # Stop both even if the first one fails, then report.
  local status=0
  [ -x "$PG_BIN/pg_ctl" ] && { (pg_stop) || status=1; }
  [ -x "$MARIADB_ADMIN" ] && { (mariadb_stop) || status=1; }
  return "$status"
}

case "${1:-}" in
  start) start_all ;;
  stop) stop_all ;;
  restart) stop_all && start_all ;;
  status)
    if pg_running; then echo "PostgreSQL: running on 127.0.0.1:$PG_PORT"; else echo "PostgreSQL: stopped"; fi
    if mariadb_running; then echo "MariaDB: running on 127.0.0.1:$MARIADB_PORT"; else echo "MariaDB: stopped"; fi
    ;;
  env) print_env ;;
  clean) stop_all && rm -rf "$SERVERS_DIR" && log "removed $SERVERS_DIR" ;;
  *)
    echo "usage: $0 start|stop|restart|status|env|clean" >&2
    exit 2
    ;;
esac

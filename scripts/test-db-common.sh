# Shared by scripts/test-servers.sh and scripts/test-clusters.sh (sourced, not run): the test
# database and user, Debian's server binaries, and the helpers both need. The sourcing script sets
# LOG_TAG (the prefix of its messages) first.

# The test database, user and password (the same everywhere; test-only, loopback-only).
TEST_DB=secretjdbc
TEST_USER=secretjdbc
TEST_PASSWORD=secretjdbc

# Debian's own binaries by full path: other pg_ctl/initdb on the PATH may be another version.
PG_BIN=/usr/lib/postgresql/15/bin
MARIADBD=/usr/sbin/mariadbd
MARIADB_INSTALL_DB=/usr/bin/mariadb-install-db
MARIADB_CLIENT=/usr/bin/mariadb
MARIADB_ADMIN=/usr/bin/mariadb-admin

log() { echo "[$LOG_TAG] $*" >&2; }
die() { echo "[$LOG_TAG] ERROR: $*" >&2; exit 1; }
is_root() { [ "$(id -u)" -eq 0 ]; }

# PostgreSQL refuses to run as root: as root, run its tools as the `postgres` OS user.
as_pg() { if is_root; then runuser -u postgres -- "$@"; else "$@"; fi; }

# MariaDB's OS user: `mysql` (made by the Debian package) when we are root, else ourselves.
mariadb_os_user() { if is_root && id mysql >/dev/null 2>&1; then echo mysql; else id -un; fi; }
# mariadb-install-db gives root@localhost (and the OS user running it) unix-socket login.
mariadb_admin_user() { if is_root; then echo root; else id -un; fi; }

# Installs the given Debian packages with apt-get (as root), or says how to. The packages would
# start their own services on 5432/3306; we run our own instances instead, so service starts are
# denied during the install (the standard Debian policy-rc.d hook).
apt_install() {
  is_root || die "missing $*; install them with: sudo apt-get install -y $* (Debian 12)"
  command -v apt-get >/dev/null || die "missing $* and no apt-get here: install PostgreSQL 15 and MariaDB 10.11 by hand"
  log "installing $* with apt-get (once per machine)"
  local policy=/usr/sbin/policy-rc.d own_policy=no status=0
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod +x "$policy" && own_policy=yes
  fi
  {
    DEBIAN_FRONTEND=noninteractive apt-get update -q &&
      DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@"
  } >&2 || status=$?
  [ "$own_policy" = yes ] && rm -f "$policy"
  [ "$status" -eq 0 ] || die "apt-get install $* failed (exit $status), see the output above"
}

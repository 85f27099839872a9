# Sourced by .ci/run: a throwaway PostgreSQL cluster for the graph host's PostgreSQL test runs
# (store, GraphQL, restart, reorg suites read GRAPH_HOST_TEST_POSTGRES_URL). Installs Debian's
# postgresql when no server binaries exist, runs the cluster as a non-root user on a free port with
# durability off (it is thrown away), and stops and deletes it when the calling shell exits.

start_test_postgres() {
  if [ -n "${GRAPH_HOST_TEST_POSTGRES_URL:-}" ]; then
    echo "postgres: using the given GRAPH_HOST_TEST_POSTGRES_URL"
    return 0
  fi
  local pgbin=""
  pgbin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
  if [ -z "$pgbin" ] || [ ! -x "$pgbin/pg_ctl" ]; then
    if [ "$(id -u)" -ne 0 ]; then
      echo "postgres: no server binaries and not root; skipping the PostgreSQL runs" >&2
      return 0
    fi
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    pgbin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
  fi

  # initdb refuses to run as root: use the package's postgres user (or nobody) when we are root.
  local runas=()
  local owner
  owner="$(id -un)"
  if [ "$(id -u)" -eq 0 ]; then
    owner="postgres"
    id postgres >/dev/null 2>&1 || owner="nobody"
    runas=(runuser -u "$owner" --)
  fi

  PG_CI_DIR="$(mktemp -d /tmp/vpp-ci-postgres.XXXXXX)"
  chmod 755 "$PG_CI_DIR"
  [ "${#runas[@]}" -gt 0 ] && chown "$owner" "$PG_CI_DIR"
  local port
  port="$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')"

  "${runas[@]}" "$pgbin/initdb" -D "$PG_CI_DIR/data" -U postgres -A trust -E UTF8 --no-sync >/dev/null
  "${runas[@]}" "$pgbin/pg_ctl" -D "$PG_CI_DIR/data" -l "$PG_CI_DIR/log" -w -t 60 \
    -o "-p $port -k $PG_CI_DIR -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
    start >/dev/null
  PG_CI_BIN="$pgbin"
  PG_CI_RUNAS="${runas[*]}"
  trap stop_test_postgres EXIT
  export GRAPH_HOST_TEST_POSTGRES_URL="postgres://postgres@127.0.0.1:$port/postgres"
  echo "postgres: throwaway cluster at $GRAPH_HOST_TEST_POSTGRES_URL ($("$pgbin/postgres" --version))"
}

stop_test_postgres() {
  if [ -n "${PG_CI_DIR:-}" ] && [ -d "$PG_CI_DIR/data" ]; then
    # shellcheck disable=SC2086
    $PG_CI_RUNAS "$PG_CI_BIN/pg_ctl" -D "$PG_CI_DIR/data" -m immediate -w stop >/dev/null 2>&1 || true
    rm -rf "$PG_CI_DIR"
  fi
}

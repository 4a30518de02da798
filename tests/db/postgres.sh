#!/usr/bin/env bash
# A throwaway PostgreSQL server for the tests, from Debian's packages: `postgres.sh start STATE`
# makes a cluster in a temporary folder (as an unprivileged user when run as root), listens on a
# Unix socket only and writes its connection URL to STATE; `postgres.sh stop STATE` removes it.
# Exit code 77 (CTest's skip) when no server is installed.
set -euo pipefail
action=$1 state=$2

stop() {
  [ -f "$state" ] || return 0
  local dir
  dir=$(sed -n 2p "$state")
  if [ -n "$dir" ] && [ -d "$dir" ]; then
    as_owner "$dir" "$(pg_bin)/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$dir"
  fi
  rm -f "$state"
}

pg_bin() {
  local b
  b=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  [ -n "$b" ] && [ -x "$b/initdb" ] && echo "$b"
}

# Runs a command as the folder's owner: initdb and postgres refuse to run as root.
as_owner() {
  local dir=$1; shift
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u "$(stat -c %U "$dir")" -- "$@"
  else
    "$@"
  fi
}

case $action in
  start)
    stop
    bin=$(pg_bin) || { echo "skipped: no PostgreSQL server installed (Debian package postgresql)"; exit 77; }
    dir=$(mktemp -d /tmp/chibo-pg.XXXXXX)
    chmod 755 "$dir"
    [ "$(id -u)" -ne 0 ] || chown nobody "$dir"
    port=$(( 20000 + RANDOM % 20000 ))
    as_owner "$dir" "$bin/initdb" -D "$dir/data" -U chibo --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 ||
      { cat "$dir/initdb.log"; exit 1; }
    as_owner "$dir" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-c listen_addresses='' -k $dir -p $port -c fsync=off -c full_page_writes=off" start >/dev/null ||
      { cat "$dir/server.log"; exit 1; }
    printf 'postgresql:///postgres?host=%s&port=%s&user=chibo\n%s\n' "$dir" "$port" "$dir" >"$state"
    echo "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') started on $dir:$port"
    ;;
  stop) stop ;;
  *) echo "usage: postgres.sh start|stop STATE" >&2; exit 2 ;;
esac

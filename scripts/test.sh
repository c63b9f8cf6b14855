#!/usr/bin/env bash
# The project's one test command, for developers and CI alike (.ci/run calls it unchanged):
#   ./scripts/test.sh
# It makes sure a PostgreSQL server and Chromium are there, then runs every test in the solution.
set -euo pipefail

# Work from the repository root, wherever the script is called from, so every path below is stable.
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO_ROOT"

export DOTNET_NOLOGO=1
export DOTNET_CLI_TELEMETRY_OPTOUT=1
export DEBIAN_FRONTEND=noninteractive
# The tests start hundreds of portal hosts; each would watch appsettings.json and wwwroot (for asp-append-version)
# with inotify instances of its own, and a user has 128 in all. Nothing in a test edits those files: the hosts read
# settings once, and file providers poll instead of holding an inotify instance each.
export DOTNET_hostBuilder__reloadConfigOnChange=false
export DOTNET_USE_POLLING_FILE_WATCHER=1

log() { printf '[test.sh] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
is_root() { [[ "$(id -u)" -eq 0 ]]; }

# apt-get update runs at most once per script run, and only when something must be installed.
APT_UPDATED=0
apt_install() {
    is_root || die "cannot install '$*': not root. Install it yourself (apt-get install $*) and re-run."
    command -v apt-get >/dev/null || die "cannot install '$*': no apt-get on this machine."
    if [[ "$APT_UPDATED" -eq 0 ]]; then
        log "apt-get update"
        apt-get update -qq
        APT_UPDATED=1
    fi
    log "apt-get install $*"
    apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

# Everything this script creates lives in one temporary directory, removed on exit whatever happens.
# The cluster's stop is in the same trap, so a failed or interrupted run leaves no server behind.
WORK_TMP=""
PG_BIN=""
PG_DATA=""
cleanup() {
    if [[ -n "$PG_DATA" && -f "$PG_DATA/postmaster.pid" ]]; then
        log "stopping throwaway PostgreSQL cluster"
        as_postgres "$PG_BIN/pg_ctl" -D "$PG_DATA" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    if [[ -n "$WORK_TMP" && -d "$WORK_TMP" ]]; then
        rm -rf "$WORK_TMP" || true
    fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if is_root; then
    # initdb refuses to run as root, and the data directory must be owned by the server's user:
    # as root, the cluster belongs to the `postgres` OS user, so the directory is made where it can reach it.
    WORK_TMP="$(mktemp -d /tmp/previewaccess-test.XXXXXX)"
else
    WORK_TMP="$(mktemp -d "${TMPDIR:-/tmp}/previewaccess-test.XXXXXX")"
fi

# Runs a PostgreSQL tool as the cluster's owner. The working directory is the temp dir because
# PostgreSQL's tools fail when they cannot read their current directory (e.g. a repo under /root).
as_postgres() {
    if is_root; then
        (cd "$WORK_TMP" && runuser -u postgres -- "$@")
    else
        (cd "$WORK_TMP" && "$@")
    fi
}

# Finds a directory holding both initdb and pg_ctl: PATH first (symlinks resolved, to land in the
# real bin dir), then Debian's versioned directories (Debian puts neither on PATH), newest first.
find_pg_bin() {
    if command -v initdb >/dev/null && command -v pg_ctl >/dev/null; then
        dirname "$(readlink -f "$(command -v pg_ctl)")"
        return 0
    fi
    local dir
    for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
        if [[ -x "$dir/initdb" && -x "$dir/pg_ctl" ]]; then
            echo "$dir"
            return 0
        fi
    done
    return 1
}

# A port is taken if something accepts a connection on it. This is only a first filter: the real
# test is the server's own bind, which start_cluster retries on another port if it loses a race.
port_in_use() {
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}
pick_port() {
    local port
    for _ in $(seq 1 50); do
        port=$((20000 + RANDOM % 40000))
        if ! port_in_use "$port"; then
            echo "$port"
            return 0
        fi
    done
    die "no free TCP port found on 127.0.0.1"
}

# Starts a throwaway cluster: trust auth (loopback only), no fsync (the data is thrown away),
# listening on 127.0.0.1 alone, with its unix socket inside the temp dir so it never collides
# with a system cluster's /var/run/postgresql.
start_cluster() {
    PG_BIN="$(find_pg_bin || true)"
    if [[ -z "$PG_BIN" ]]; then
        apt_install postgresql
        PG_BIN="$(find_pg_bin)" || die "PostgreSQL was installed but initdb/pg_ctl were not found"
    fi
    if is_root && ! id -u postgres >/dev/null 2>&1; then
        log "creating the postgres OS user"
        useradd --system --no-create-home --shell /usr/sbin/nologin postgres
    fi
    log "using PostgreSQL binaries in $PG_BIN"

    if is_root; then
        chown postgres: "$WORK_TMP"
    fi
    chmod 700 "$WORK_TMP"
    PG_DATA="$WORK_TMP/data"

    as_postgres "$PG_BIN/initdb" -D "$PG_DATA" -U postgres --auth=trust \
        --encoding=UTF8 --locale=C --no-sync >"$WORK_TMP/initdb.log" 2>&1 \
        || { cat "$WORK_TMP/initdb.log" >&2; die "initdb failed"; }

    # max_connections: every test class gets its own database and so its own Npgsql pool;
    # the default of 100 can run out when the web and browser test projects run side by side.
    as_postgres tee -a "$PG_DATA/postgresql.conf" >/dev/null <<EOF

# --- throwaway test cluster (scripts/test.sh) ---
listen_addresses = '127.0.0.1'
unix_socket_directories = '$WORK_TMP'
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 300
EOF

    local port attempt
    for attempt in 1 2 3 4 5; do
        port="$(pick_port)"
        rm -f "$WORK_TMP/postgres.log"
        if as_postgres "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$WORK_TMP/postgres.log" -w -t 60 \
            -o "-p $port" start >/dev/null; then
            export PREVIEWACCESS_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=postgres;Password=postgres;Database=postgres"
            log "throwaway PostgreSQL cluster listening on 127.0.0.1:$port"
            return 0
        fi
        if grep -q "Address already in use" "$WORK_TMP/postgres.log" 2>/dev/null; then
            log "port $port was taken meanwhile (attempt $attempt), trying another"
            continue
        fi
        break
    done
    cat "$WORK_TMP/postgres.log" >&2 || true
    die "could not start the throwaway PostgreSQL cluster"
}

# --- 1. PostgreSQL -----------------------------------------------------------------------------
# The web and browser tests need a real PostgreSQL server (tests/PreviewAccess.Web.Tests/
# Infrastructure/PostgresServer.cs). An explicit server wins; a Docker engine is left to
# Testcontainers; otherwise a throwaway local cluster lives exactly as long as this script.
if [[ -n "${PREVIEWACCESS_TEST_POSTGRES:-}" ]]; then
    log "using PostgreSQL from PREVIEWACCESS_TEST_POSTGRES"
elif command -v docker >/dev/null && timeout 15 docker info >/dev/null 2>&1; then
    log "a Docker engine answers: the tests start PostgreSQL with Testcontainers"
else
    start_cluster
fi

# --- 2. Chromium -------------------------------------------------------------------------------
# The browser tests drive Debian's Chromium at /usr/bin/chromium: Playwright's own browser
# download cannot be relied on. fonts-liberation gives pages real fonts to render with.
if [[ ! -x /usr/bin/chromium ]]; then
    if is_root; then
        apt_install chromium fonts-liberation
    else
        die "/usr/bin/chromium is missing and this script is not root: run 'sudo apt-get install chromium fonts-liberation' and re-run."
    fi
fi
[[ -x /usr/bin/chromium ]] || die "/usr/bin/chromium is still missing after installing chromium"

# --- 3. Tests ----------------------------------------------------------------------------------
# The whole solution, so no test project can be forgotten. The console logger at minimal
# verbosity prints each failed test with its message and one summary line per test project.
# --disable-build-servers: no MSBuild node or compiler server outlives the run (a lingering one
# would hold the output pipe below open and leave processes behind on CI).
# --blame-hang-timeout: a test stuck for 10 minutes fails the run, naming the test, instead of
# running into CI's time limit.
# The output is also kept so a one-line total can be printed at the end.
TEST_LOG="$WORK_TMP/dotnet-test.log"
set +e
dotnet test PreviewAccess.sln --nologo --disable-build-servers \
    --logger "console;verbosity=minimal" \
    --blame-hang-timeout 10m --blame-hang-dump-type none \
    2>&1 | tee "$TEST_LOG"
status=${PIPESTATUS[0]}
set -e

# One total across all test projects, in the plain "N passed, N failed, N skipped" form.
# Printed only when the runner reported counts, so it never claims a number it did not see.
if grep -Eq 'Failed: *[0-9]+, Passed: *[0-9]+, Skipped: *[0-9]+' "$TEST_LOG"; then
    grep -Eo 'Failed: *[0-9]+, Passed: *[0-9]+, Skipped: *[0-9]+' "$TEST_LOG" \
        | awk -F'[:,]' '{ f += $2; p += $4; s += $6 } END { printf "Total: %d passed, %d failed, %d skipped\n", p, f, s }'
fi
if [[ "$status" -ne 0 ]]; then
    log "dotnet test exited with status $status (a failed test, a build error or a crashed test host: see above)"
fi
exit "$status"

#!/usr/bin/env bash
# Peak memory and first-load time of ONE portal instance over the bench's data (bench/README.md, "Memory").
#   sudo bench/memory.sh                 # seed 100,000 organizations / 1,000,000 grants, measure, clean up
#   sudo KEEP=1 bench/memory.sh          # keep the seeded cluster; a later run with KEEP=1 reuses it (no reseed)
# Prints the first load (ms), VmHWM and VmRSS after /health/ready, and again after CHECKS access checks.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=${BENCH_OUT:-$ROOT/bench/out-memory}
ORGANIZATIONS=${ORGANIZATIONS:-100000}
GRANTS_PER_ORGANIZATION=${GRANTS_PER_ORGANIZATION:-10}
PG_PORT=${BENCH_PG_PORT:-55452}
PORT=${BENCH_PORT_A:-5194}
CHECKS=${CHECKS:-700}
KEEP=${KEEP:-0}
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
PG_DIR=/tmp/previewaccess-memory-pg-$PG_PORT
ADMIN_EMAIL=bench-admin@bench.example
REP_EMAIL=bench-rep@bench.example

PIDS=()
cleanup() {
  local status=$?
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [[ $KEEP != 1 && -d $PG_DIR/data ]]; then
    (cd /tmp && runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate stop >/dev/null 2>&1) || true
    rm -rf "$PG_DIR"
  fi
  [[ $status -eq 0 ]] || echo "memory: failed (exit $status); logs in $OUT" >&2
}
trap cleanup EXIT
trap 'exit 130' INT TERM
log() { printf '[%s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
[[ $(id -u) -eq 0 ]] || { echo "run as root: the throwaway cluster runs as the postgres user" >&2; exit 1; }
mkdir -p "$OUT/mail"

log "building in Release"
dotnet publish "$ROOT/src/PreviewAccess.Web" -c Release -o "$OUT/portal" --nologo -v quiet >"$OUT/build.log" 2>&1 || { cat "$OUT/build.log" >&2; exit 1; }
dotnet build "$ROOT/bench/PreviewAccess.Bench" -c Release -o "$OUT/tool" --nologo -v quiet >>"$OUT/build.log" 2>&1 || { cat "$OUT/build.log" >&2; exit 1; }
bench_tool() { dotnet "$OUT/tool/PreviewAccess.Bench.dll" "$@"; }

CONNECTION="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=previewaccess"
export ASPNETCORE_ENVIRONMENT=Production Database__Provider=Postgres ConnectionStrings__PreviewAccess="$CONNECTION"
export Api__RateLimits__AccessCheckPerMinute=1000000000 Api__RateLimits__PerKeyPerMinute=1000000000
export Serilog__MinimumLevel__Default=Warning Mail__PickupFolder="$OUT/mail"
export DOTNET_hostBuilder__reloadConfigOnChange=false DOTNET_USE_POLLING_FILE_WATCHER=true
portal() { (cd "$OUT/portal" && dotnet PreviewAccess.Web.dll "$@"); }

# The same options whether the cluster is new or kept from an earlier KEEP=1 run.
start_cluster() {
  (cd /tmp && runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/log" -w start \
    -o "-p $PG_PORT -k $PG_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300 -c shared_buffers=256MB" >/dev/null)
}

if [[ -f $PG_DIR/seeded && -f $OUT/api-key ]]; then
  log "reusing the seeded cluster on port $PG_PORT"
  pg_isready -q -h 127.0.0.1 -p "$PG_PORT" || start_cluster
  API_KEY=$(cat "$OUT/api-key")
else
  log "starting PostgreSQL on port $PG_PORT"
  if [[ -d $PG_DIR/data ]]; then (cd /tmp && runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate stop >/dev/null 2>&1) || true; fi
  rm -rf "$PG_DIR" && mkdir -p "$PG_DIR" && chown postgres "$PG_DIR"
  (cd /tmp && runuser -u postgres -- "$PG_BIN/initdb" -D "$PG_DIR/data" -A trust -U postgres >/dev/null)
  start_cluster
  psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -qc "CREATE DATABASE previewaccess" >/dev/null
  PASSWORD="bench-password-$RANDOM$RANDOM$RANDOM"
  ADMIN_ID=$(echo "$PASSWORD" | portal users create --email "$ADMIN_EMAIL" --role Admin --password-stdin)
  REP_ID=$(echo "$PASSWORD" | portal users create --email "$REP_EMAIL" --role AccountRep --password-stdin)
  API_KEY=$(portal api-keys create --user "$ADMIN_EMAIL" --name bench --scope access:check)
  log "seeding $ORGANIZATIONS organizations x $GRANTS_PER_ORGANIZATION grants"
  bench_tool seed --connection "$CONNECTION" --rep "$REP_ID" --admin "$ADMIN_ID" --out "$OUT" \
    --organizations "$ORGANIZATIONS" --grants-per-organization "$GRANTS_PER_ORGANIZATION" | tee "$OUT/seed.txt" >&2
  echo "$API_KEY" >"$OUT/api-key"
  touch "$PG_DIR/seeded"
fi

log "starting one instance on :$PORT"
STARTED=$SECONDS
(cd "$OUT/portal" && exec env ASPNETCORE_URLS="http://127.0.0.1:$PORT" \
  'Serilog__MinimumLevel__Override__PreviewAccess.Web.Features.Gateway=Information' \
  dotnet PreviewAccess.Web.dll >"$OUT/portal.log" 2>&1) &
PID=$!
PIDS+=("$PID")
until curl -fs "http://127.0.0.1:$PORT/health/ready" >/dev/null; do
  kill -0 "$PID" 2>/dev/null || { echo "the portal exited; see $OUT/portal.log" >&2; exit 1; }
  (( SECONDS - STARTED < 900 )) || { echo "not ready within 900 s" >&2; exit 1; }
  sleep 0.5
done
READY=$((SECONDS - STARTED))
mem() { awk '/^VmHWM:|^VmRSS:/ { printf "%s %.0f MB  ", $1, $2 / 1024 }' "/proc/$PID/status"; }
AT_READY=$(mem)
bench_tool verify --url "http://127.0.0.1:$PORT" --key "$API_KEY" --targets "$OUT/check-expected.tsv" --sample "$CHECKS" | tee "$OUT/verify.txt" >&2
AFTER=$(mem)
LOAD_MS=$(sed -n 's/.*Access snapshot loaded: .* in \([0-9]*\) ms.*/\1/p' "$OUT/portal.log" | head -1)
{
  echo "memory — $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "first snapshot load: ${LOAD_MS:-?} ms (ready after ${READY} s); $(grep -o "managed heap.*committed" "$OUT/portal.log" | head -1)"
  echo "after /health/ready: $AT_READY"
  echo "after $CHECKS checks: $AFTER"
  echo "$(cat "$OUT/verify.txt")"
} | tee "$OUT/results.txt"

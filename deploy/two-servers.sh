#!/usr/bin/env bash
# Start two Brobygger processes on one PostgreSQL database behind nginx on :8080 (see docs/deploy.md).
# Usage: deploy/two-servers.sh start|stop   (needs nginx and a PostgreSQL server)
set -euo pipefail
cd "$(dirname "$0")/.."
RUN=${BROBYGGER_RUN_DIR:-/tmp/brobygger-two-servers}
DB=${BROBYGGER_DATABASE_URL:-"postgresql+psycopg://postgres@127.0.0.1:5432/test?options=-csearch_path%3Dbrobygger_two"}
case "${1:-start}" in
  start)
    mkdir -p "$RUN"
    psql -h 127.0.0.1 -U postgres -d test -qc "CREATE SCHEMA IF NOT EXISTS brobygger_two" >/dev/null
    secret=${STREAMLIT_SERVER_COOKIE_SECRET:-$(python3 -c 'import secrets; print(secrets.token_hex(16))')}
    .venv/bin/python -c "from brobygger.store import engine_for; engine_for('$DB')"   # migrate once, before both start
    for port in 8601 8602; do
      BROBYGGER_DATABASE_URL="$DB" STREAMLIT_SERVER_COOKIE_SECRET="$secret" BROBYGGER_PUBLIC_URL="http://127.0.0.1:8080" \
        nohup .venv/bin/python -m streamlit run app.py --server.port "$port" --server.address 127.0.0.1 --server.headless true \
        > "$RUN/app-$port.log" 2>&1 &
      echo $! > "$RUN/app-$port.pid"
    done
    cp deploy/nginx.conf "$RUN/nginx.conf"
    nginx -p "$RUN" -c "$RUN/nginx.conf"
    for port in 8601 8602 8080; do
      for _ in $(seq 60); do curl -fs "http://127.0.0.1:$port/_stcore/health" >/dev/null && break; sleep 0.5; done
    done
    echo "two servers on :8601 and :8602 behind nginx on http://127.0.0.1:8080 (database $DB)"
    ;;
  stop)
    nginx -p "$RUN" -c "$RUN/nginx.conf" -s stop 2>/dev/null || true
    for f in "$RUN"/app-*.pid; do [ -f "$f" ] && kill "$(cat "$f")" 2>/dev/null || true; rm -f "$f"; done
    echo stopped
    ;;
esac

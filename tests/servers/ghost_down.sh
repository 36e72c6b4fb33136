#!/usr/bin/env bash
# Stop the test Ghost (SIGTERM, ~2 s graceful shutdown, then SIGKILL). Keeps the
# installed tree so the next start is warm.
GHOST_STATE=${GHOST_STATE:-/tmp/copydesk-ghost/run-${GHOST_PORT:-2368}}
pid=$(cat "$GHOST_STATE/ghost.pid" 2>/dev/null) || exit 0
rm -f "$GHOST_STATE/ghost.pid"
kill "$pid" 2>/dev/null || exit 0
for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || exit 0; sleep 0.25; done
kill -9 "$pid" 2>/dev/null || true

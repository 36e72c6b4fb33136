#!/usr/bin/env bash
# Stop the test WordPress. PHP_CLI_SERVER_WORKERS forks workers that outlive their
# parent, so its children are stopped too. --keep-db leaves MariaDB running.
WP_STATE=${WP_STATE:-/tmp/copydesk-wp}
if pid=$(cat "$WP_STATE/php-server.pid" 2>/dev/null); then
  children=$(pgrep -P "$pid" || true)
  kill $children "$pid" 2>/dev/null || true
  rm -f "$WP_STATE/php-server.pid"
fi
if [ "${1:-}" != "--keep-db" ]; then
  service mariadb stop >/dev/null 2>&1 || true
fi
exit 0

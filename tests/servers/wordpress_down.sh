#!/usr/bin/env bash
# Stop a test WordPress started by wordpress_up.sh (same WP_STATE). PHP_CLI_SERVER_WORKERS
# forks workers that outlive their parent, so its children are stopped too. Its
# database and host config go as well; MariaDB is stopped when no other test site is
# left (--keep-db: leave the database and MariaDB alone, used on restart).
WP_STATE=${WP_STATE:-/tmp/copydesk-wp-127.0.0.1-8881}
if pid=$(cat "$WP_STATE/php-server.pid" 2>/dev/null); then
  children=$(pgrep -P "$pid" || true)
  kill $children "$pid" 2>/dev/null || true
  rm -f "$WP_STATE/php-server.pid"
fi
[ "${1:-}" = "--keep-db" ] && exit 0
if [ -f "$WP_STATE/site" ]; then
  . "$WP_STATE/site"    # WP_HOST, WP_DB of this site
  mysql -uroot -e "DROP DATABASE IF EXISTS $WP_DB" 2>/dev/null || true
  rm -f "/etc/wordpress/config-$WP_HOST.php" "$WP_STATE/site"
fi
exec 9>/tmp/copydesk-wp.lock; flock 9
if ! grep -l "copydesk-test" /etc/wordpress/config-*.php >/dev/null 2>&1; then
  service mariadb stop >/dev/null 2>&1 || true
fi
exit 0

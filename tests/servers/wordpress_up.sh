#!/usr/bin/env bash
# A throwaway WordPress on http://127.0.0.1:$WP_PORT for the publishing tests.
# Debian's packages, MariaDB, PHP's built-in server; install and application password
# scripted with php-cli (Debian has no wp-cli). Root and apt-get are needed on a fresh
# machine; a warm machine starts in ~2 s. Writes $WP_STATE/env:
#   WP_URL, WP_USER, WP_APP_PASSWORD
# Several sites can run side by side (test runs in parallel): each gets its own loopback
# address WP_HOST (127.0.0.N), because Debian's wp-config.php picks its settings file by
# host name (config-<host>.php), and its own database.
set -euo pipefail
WP_HOST=${WP_HOST:-127.0.0.1}
WP_PORT=${WP_PORT:-8881}
WP_STATE=${WP_STATE:-/tmp/copydesk-wp-$WP_HOST-$WP_PORT}
WP_DB=${WP_DB:-copydesk_wp_$(echo "$WP_HOST" | tr -c '0-9\n' '_')$WP_PORT}
HOSTCFG=/etc/wordpress/config-$WP_HOST.php
HERE="$(dirname "$(readlink -f "$0")")"
mkdir -p "$WP_STATE"
t0=$(date +%s)

# One installer (apt, MariaDB start) at a time.
exec 9>/tmp/copydesk-wp.lock; flock 9
if ! dpkg -s wordpress php-cli php-mysql mariadb-server >/dev/null 2>&1; then
  if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null; then
    echo "wordpress_up: needs root and apt-get to install wordpress php-cli php-mysql mariadb-server" >&2
    exit 3
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      wordpress php-cli php-mysql mariadb-server >/dev/null
fi
t1=$(date +%s)

# A leftover server from an interrupted run would hold the port.
WP_STATE="$WP_STATE" "$HERE/wordpress_down.sh" --keep-db >/dev/null 2>&1 || true

# No systemd in containers, and policy-rc.d blocks auto-start: start MariaDB by hand.
mysqladmin ping >/dev/null 2>&1 || service mariadb start >/dev/null
for _ in $(seq 1 60); do mysqladmin ping >/dev/null 2>&1 && break; sleep 0.5; done
mysql -uroot <<SQL
DROP DATABASE IF EXISTS $WP_DB;
CREATE DATABASE $WP_DB CHARACTER SET utf8mb4;
CREATE USER IF NOT EXISTS '$WP_DB'@'localhost' IDENTIFIED BY '$WP_DB';
GRANT ALL ON $WP_DB.* TO '$WP_DB'@'localhost';
SQL
flock -u 9
printf 'WP_HOST=%s\nWP_DB=%s\n' "$WP_HOST" "$WP_DB" > "$WP_STATE/site"

cat > "$HOSTCFG" <<PHP
<?php // copydesk-test: written by tests/servers/wordpress_up.sh, removed by wordpress_down.sh
define('DB_NAME', '$WP_DB');
define('DB_USER', '$WP_DB');
define('DB_PASSWORD', '$WP_DB');
define('DB_HOST', 'localhost');
define('WP_HOME', 'http://$WP_HOST:$WP_PORT');
define('WP_SITEURL', 'http://$WP_HOST:$WP_PORT');
define('WP_ENVIRONMENT_TYPE', 'local');   // application passwords over plain http
define('WP_HTTP_BLOCK_EXTERNAL', true);   // no outbound calls from the test site
define('DISABLE_WP_CRON', true);
define('AUTOMATIC_UPDATER_DISABLED', true);
PHP

cat > "$WP_STATE/install.php" <<'PHP'
<?php
$_SERVER['HTTP_HOST'] = getenv('WP_HOST'); $_SERVER['REQUEST_URI'] = '/'; $_SERVER['SERVER_PROTOCOL'] = 'HTTP/1.1';
define('WP_INSTALLING', true);
require '/usr/share/wordpress/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/upgrade.php';
if (!is_blog_installed()) {
    $r = wp_install('Copydesk Test Newsroom', 'copydesk', 'copydesk@example.invalid', false, '', wp_generate_password(24));
    if (is_wp_error($r)) { fwrite(STDERR, $r->get_error_message() . "\n"); exit(1); }
}
update_option('permalink_structure', '/%postname%/');
$u = get_user_by('login', 'copydesk');
$res = WP_Application_Passwords::create_new_application_password($u->ID, array('name' => 'copydesk-tests'));
if (is_wp_error($res)) { fwrite(STDERR, $res->get_error_message() . "\n"); exit(1); }
echo $res[0];
PHP
# stderr "sendmail: not found" from the admin e-mail is expected
APP_PW=$(WP_HOST="$WP_HOST" php "$WP_STATE/install.php" 2>"$WP_STATE/install.err")
t2=$(date +%s)

PHP_CLI_SERVER_WORKERS=4 nohup php -S "$WP_HOST:$WP_PORT" -t /usr/share/wordpress \
    >"$WP_STATE/php-server.log" 2>&1 </dev/null &
echo $! > "$WP_STATE/php-server.pid"
for _ in $(seq 1 100); do curl -sf -o /dev/null "http://$WP_HOST:$WP_PORT/wp-json/" && break; sleep 0.2; done
curl -sf -u "copydesk:$APP_PW" "http://$WP_HOST:$WP_PORT/wp-json/wp/v2/users/me?_fields=id" >/dev/null
t3=$(date +%s)
umask 077
printf 'WP_URL=http://%s:%s\nWP_USER=copydesk\nWP_APP_PASSWORD=%s\n' "$WP_HOST" "$WP_PORT" "$APP_PW" > "$WP_STATE/env"
echo "wordpress ready on $WP_HOST:$WP_PORT: packages $((t1-t0))s, db+install $((t2-t1))s, serve $((t3-t2))s, total $((t3-t0))s"

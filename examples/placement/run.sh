#!/usr/bin/env bash
# Reproduce examples/placement: install OpenStack Placement 16.0.0 in its own venv, start it on 127.0.0.1
# (no Keystone: noauth2, the token "admin"; SQLite in a temporary directory), extract the spec from the
# api-ref of the same release (the sdist's api-ref/source, downloaded from PyPI) and contract-test the server.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
port="${PORT:-8780}"
venv="${PLACEMENT_VENV:-$root/.venv-placement}"
work="$(mktemp -d)"
[ -x "$venv/bin/placement-manage" ] || { python3 -m venv "$venv" && "$venv/bin/pip" install -q "openstack-placement==16.0.0"; }
"$venv/bin/pip" download -q --no-deps --no-binary :all: -d "$work" "openstack-placement==16.0.0"
tar -xzf "$work"/openstack_placement-16.0.0.tar.gz -C "$work"
mkdir -p "$work/conf"
printf '[api]\nauth_strategy = noauth2\n[placement_database]\nconnection = sqlite:///%s/placement.db\n' "$work" \
  > "$work/conf/placement.conf"
"$venv/bin/placement-manage" --config-file "$work/conf/placement.conf" db sync
OS_PLACEMENT_CONFIG_DIR="$work/conf" "$venv/bin/python" "$here/serve.py" "$port" >/dev/null 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 50); do curl -fs "http://127.0.0.1:$port/" >/dev/null && break; sleep 0.2; done
cd "$work/openstack_placement-16.0.0"
doccontract extract api-ref/source -o "$here/openapi.yaml" --title "OpenStack Placement API (api-ref at 16.0.0)" \
  2> "$here/extract-diagnostics.txt" || true
doccontract test "$here/openapi.yaml" --base-url "http://127.0.0.1:$port" --header "X-Auth-Token: admin" \
  --header "OpenStack-API-Version: placement latest" --max-examples 5 --seed 1 --report-dir "$here/report"

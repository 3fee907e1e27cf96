#!/usr/bin/env bash
# Reproduce examples/kinto: install Kinto in its own venv, start it on 127.0.0.1 with the memory
# backend, extract the spec from Kinto's docs (../shared/corpus/kinto) and contract-test the server.
# --include-disruptive: this Kinto is a throwaway memory-backend server, so flush and delete-all run too.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
port="${PORT:-8889}"
venv="${KINTO_VENV:-$root/.venv-kinto}"
[ -x "$venv/bin/kinto" ] || { python3 -m venv "$venv" && "$venv/bin/pip" install -q "kinto==26.3.1"; }
sed "s/^port = .*/port = $port/" "$here/kinto.ini" > "$here/.kinto-run.ini"
"$venv/bin/kinto" start --ini "$here/.kinto-run.ini" >/dev/null 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; rm -f "$here/.kinto-run.ini"' EXIT
for _ in $(seq 50); do curl -fs "http://127.0.0.1:$port/v1/" >/dev/null && break; sleep 0.2; done
cd "$root"
doccontract extract "$root/../shared/corpus/kinto" -o "$here/openapi.yaml" --title "Kinto HTTP API (docs/api at 26.3.1)" \
  2> "$here/extract-diagnostics.txt" || true
doccontract test "$here/openapi.yaml" --base-url "http://127.0.0.1:$port/v1" --auth bob:p4ssw0rd \
  --unprivileged-auth alice:alicepw --max-examples 10 --seed 1 --include-disruptive --report-dir "$here/report"

#!/usr/bin/env bash
# Consumer tests: the published JSON Schema and OpenAPI document through the
# mainstream generators of Python, TypeScript and Go at their default
# settings, and the generated code checked against every document example,
# every corpus body and a running bereke-sandbox.
#
# Tools are pinned (python/requirements.txt, typescript/package-lock.json,
# Debian's golang-go) and cached under target/consumers: a second run
# installs nothing. Generated code goes to target/consumers/work, anew on
# every run. Any failure fails the script.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
here=$root/tests/consumers
cache=$root/target/consumers
work=$cache/work
GO_PACKAGE="golang-go=2:1.19~1"
mkdir -p "$cache"
started=$SECONDS
passed=0

step() { echo "== consumers: $*"; }
ok() { passed=$((passed + 1)); echo "   ok: $*"; }

# --- tools -----------------------------------------------------------------
step "Python tools"
venv=$cache/venv
if ! cmp -s "$here/python/requirements.txt" "$venv/requirements.txt" 2>/dev/null; then
    rm -rf "$venv"
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check \
        --cache-dir "$cache/pip-cache" -r "$here/python/requirements.txt"
    cp "$here/python/requirements.txt" "$venv/requirements.txt"
fi
export PATH="$venv/bin:$PATH"

step "Node tools"
node_dir=$cache/node
if ! cmp -s "$here/typescript/package-lock.json" "$node_dir/package-lock.json" 2>/dev/null \
    || [ ! -d "$node_dir/node_modules" ]; then
    rm -rf "$node_dir"
    mkdir -p "$node_dir"
    cp "$here/typescript/package.json" "$here/typescript/package-lock.json" "$node_dir/"
    (cd "$node_dir" && npm ci --no-audit --no-fund --prefer-offline --cache "$cache/npm-cache")
fi
bin=$node_dir/node_modules/.bin

step "Go toolchain"
if ! command -v go > /dev/null; then
    # The .deb files stay in the cache, so a new machine downloads nothing twice.
    mkdir -p "$cache/apt/partial"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
        -o Dir::Cache::Archives="$cache/apt" "$GO_PACKAGE" > /dev/null
fi
export GOCACHE=$cache/go-build GOPATH=$cache/gopath
go version

# --- inputs ----------------------------------------------------------------
step "bodies and sandbox"
rm -rf "$work"
mkdir -p "$work/python" "$work/ts" "$work/go"
# BEREKE_PREBUILT names a target profile directory where the `bodies`
# example and the sandbox were just built from this checkout (CI's
# `cargo test --workspace` builds both); without it they are built here,
# with their packages' own feature sets.
if [ -n "${BEREKE_PREBUILT:-}" ]; then
    "$BEREKE_PREBUILT/examples/bodies" > "$work/bodies.json"
    sandbox_bin=$(cd "$BEREKE_PREBUILT" && pwd)/bereke-sandbox
else
    cargo run --quiet -p bereke-tests --example bodies > "$work/bodies.json"
    cargo build --quiet -p bereke-sandbox --bin bereke-sandbox
    sandbox_bin=$root/target/debug/bereke-sandbox
fi
[ -x "$sandbox_bin" ] || { echo "no sandbox binary at $sandbox_bin" >&2; exit 1; }
schema=$root/schema/bereke.schema.json
openapi=$root/schema/bereke.openapi.json
tools_ready=$SECONDS

# --- OpenAPI ---------------------------------------------------------------
step "openapi-spec-validator"
openapi-spec-validator "$openapi"
ok "the OpenAPI document is valid"

# --- Python ----------------------------------------------------------------
step "datamodel-code-generator (pydantic v2)"
datamodel-codegen --input "$schema" --input-file-type jsonschema \
    --output-model-type pydantic_v2.BaseModel \
    --output "$work/python/bereke_models.py" 2> "$work/python/datamodel-codegen.log" \
    || { cat "$work/python/datamodel-codegen.log"; exit 1; }
ok "pydantic models generated"

step "openapi-python-client"
(cd "$work/python" && openapi-python-client generate --path "$openapi" \
    --output-path bereke_client --meta none > openapi-python-client.log 2>&1) \
    || { cat "$work/python/openapi-python-client.log"; exit 1; }
if grep -q "Warning" "$work/python/openapi-python-client.log"; then
    cat "$work/python/openapi-python-client.log"
    echo "openapi-python-client left parts of the document out"
    exit 1
fi
ok "Python client generated"

step "pytest: models and the generated client against the sandbox"
BEREKE_CONSUMER_WORK=$work BEREKE_SANDBOX=$sandbox_bin \
    PYTHONDONTWRITEBYTECODE=1 python3 -m pytest -q -p no:cacheprovider "$here/python"
ok "Python"

# --- TypeScript ------------------------------------------------------------
step "json-schema-to-typescript, openapi-typescript, tsc --strict"
"$bin/json2ts" --input "$schema" --output "$work/ts/bereke.ts"
"$bin/openapi-typescript" "$openapi" --output "$work/ts/openapi.ts" --silent
node "$here/typescript/make_checks.mjs" "$work/bodies.json" "$work/ts"
cp "$here/typescript/negative.ts" "$here/typescript/tsconfig.json" "$work/ts/"
(cd "$work/ts" && "$bin/tsc" -p tsconfig.json)
ok "TypeScript types every body and refuses the wrong values"

# --- Go --------------------------------------------------------------------
step "quicktype (Go), go vet, go run"
"$bin/quicktype" --lang go --src-lang schema --src "$schema" \
    --package main --top-level Bereke --out "$work/go/bereke.go"
cp "$here/go/main.go" "$work/go/"
python3 "$here/go/make_main.py" "$work/bodies.json" "$work/go"
(cd "$work/go" && printf 'module bereke.example/consumer\n\ngo 1.19\n' > go.mod \
    && go vet . && go run .)
ok "Go decodes every body"

echo "consumers: tools and inputs $((tools_ready - started)) s, checks $((SECONDS - tools_ready)) s"
echo "consumers: $passed passed, 0 failed"

#!/usr/bin/env bash
# Status reads per second of the sandbox alone, measured by wrk (Debian's
# `wrk` package) in its own process: the release binary on a free loopback
# port, one order registered with curl, then 64 connections for 10 s of
# `getOrderStatusExtended.do` posts. The in-process benchmark
# (`cargo bench -p bereke-sandbox --bench throughput`) drives the sandbox
# through the client instead, which shares the cores with it.
#
#   bash crates/bereke-sandbox/benches/wrk.sh [SECONDS] [CONNECTIONS]
set -euo pipefail
cd "$(dirname "$0")/../../.."
seconds=${1:-10}
connections=${2:-64}
command -v wrk > /dev/null || { echo "wrk is not installed (Debian: apt-get install wrk)" >&2; exit 1; }
command -v curl > /dev/null || { echo "curl is not installed" >&2; exit 1; }

cargo build --quiet --release -p bereke-sandbox --bin bereke-sandbox
work=$(mktemp -d)
trap 'kill "$pid" 2> /dev/null || true; rm -rf "$work"' EXIT

# Port 0 picks a free port; the sandbox's log line says which.
RUST_LOG=warn target/release/bereke-sandbox --addr 127.0.0.1:0 > "$work/log" 2>&1 &
pid=$!
base=
for _ in $(seq 50); do
    base=$(grep -o 'http://127.0.0.1:[0-9]*' "$work/log" | head -n 1 || true)
    [ -n "$base" ] && break
    sleep 0.1
done
[ -n "$base" ] || { echo "the sandbox did not start:" >&2; cat "$work/log" >&2; exit 1; }

credentials="userName=test_user&password=test_user_password"
order=$(curl -sf -X POST "$base/payment/rest/register.do" \
    -d "$credentials&orderNumber=wrk-1&amount=12345&returnUrl=https://shop.example/ok" \
    | sed -n 's/.*"orderId":"\([^"]*\)".*/\1/p')
[ -n "$order" ] || { echo "register.do gave no orderId" >&2; exit 1; }

cat > "$work/status.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.body = "$credentials&orderId=$order"
LUA
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
wrk -t1 -c"$connections" -d"${seconds}s" --latency -s "$work/status.lua" \
    "$base/payment/rest/getOrderStatusExtended.do"

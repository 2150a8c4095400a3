#!/usr/bin/env bash
# What a user's binary pays to build: a clean debug build, then the rebuild
# after touching its main.rs, of
#   hand     a status call written by hand: reqwest (the same TLS stack the
#            client uses: rustls with ring), serde, serde_json, tokio;
#   bereke   the same call through `bereke` (default features);
#   rsa      the same with `bereke`'s `rsa` feature (RSA callback keys).
# Each crate is created in a temporary directory outside the workspace,
# depends on the workspace by path, starts from the workspace's Cargo.lock
# (the same versions) and builds into an empty target directory. Sources
# are fetched before the clock starts. Prints wall and CPU (user + system)
# seconds and each ratio to `hand`.
#
#   bash tests/build-cost/run.sh            # all three
#   bash tests/build-cost/run.sh hand bereke
#   BUILD_COST_ROUNDS=3 bash tests/build-cost/run.sh hand bereke   # median of 3
set -euo pipefail
cd "$(dirname "$0")/../.."
workspace=$(pwd)
export CARGO_INCREMENTAL="${CARGO_INCREMENTAL:-0}"
variants=("$@")
[ ${#variants[@]} -gt 0 ] || variants=(hand bereke rsa)

scratch=$(mktemp -d "${TMPDIR:-/tmp}/bereke-build-cost.XXXXXX")
trap 'rm -rf "$scratch"' EXIT

# Cargo.toml and main.rs of one variant.
write_crate() {
    local name=$1 dir=$scratch/$1
    mkdir -p "$dir/src"
    cp "$workspace/Cargo.lock" "$dir/Cargo.lock"
    local deps
    case $name in
    hand)
        deps='reqwest = { version = "0.13", default-features = false, features = ["rustls-no-provider", "form"] }
rustls = { version = "0.23", default-features = false, features = ["ring", "std", "tls12"] }
serde = { version = "1", features = ["derive"] }
serde_json = "1"
tokio = { version = "1", features = ["rt-multi-thread", "macros"] }'
        cat >"$dir/src/main.rs" <<'EOF'
//! A status call written by hand.
#[derive(serde::Deserialize, Debug)]
#[serde(rename_all = "camelCase")]
struct Status {
    order_status: Option<i64>,
    error_code: Option<String>,
    error_message: Option<String>,
    amount: Option<u64>,
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let http = reqwest::Client::new();
    let body = http
        .post("https://epay.berekebank.kz/payment/rest/getOrderStatusExtended.do")
        .form(&[("userName", "shop-api"), ("password", "s3cret"), ("orderId", "1")])
        .send()
        .await?
        .bytes()
        .await?;
    let status: Status = serde_json::from_slice(&body)?;
    println!("{status:?}");
    Ok(())
}
EOF
        ;;
    bereke | rsa)
        local features=''
        [ "$name" = rsa ] && features=', features = ["rsa"]'
        deps="bereke = { path = \"$workspace/crates/bereke\"$features }
tokio = { version = \"1\", features = [\"rt-multi-thread\", \"macros\"] }"
        cat >"$dir/src/main.rs" <<'EOF'
//! The same status call through the client.
use bereke::models::GetOrderStatusExtendedRequest;
use bereke::{Client, Credentials, Environment};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client = Client::builder()
        .environment(Environment::Production)
        .credentials(Credentials::password("shop-api", "s3cret"))
        .build()?;
    let status = client
        .get_order_status_extended(&GetOrderStatusExtendedRequest::new().order_id("1"))
        .await?;
    println!("{status:?}");
    Ok(())
}
EOF
        ;;
    *)
        echo "unknown variant $name (hand, bereke, rsa)" >&2
        exit 2
        ;;
    esac
    cat >"$dir/Cargo.toml" <<EOF
[package]
name = "build-cost-$name"
version = "0.0.0"
edition = "2021"
publish = false

[dependencies]
$deps

# Not part of any workspace around the scratch directory.
[workspace]

[profile.dev.package."*"]
debug = false
EOF
}

# Runs cargo build in the crate; prints "wall cpu" in seconds (cargo's
# output goes to build.log, shown when the build fails).
timed_build() {
    local dir=$1
    if ! (cd "$dir" && /usr/bin/time -o time.txt -f '%e %U %S' cargo build --offline >build.log 2>&1); then
        cat "$dir/build.log" >&2
        return 1
    fi
    awk '{ printf "%.1f %.1f\n", $1, $2 + $3 }' "$dir/time.txt"
}

# Median of the numbers given as arguments.
median() {
    printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# The variants are built in turn, BUILD_COST_ROUNDS times (default 1): the
# machine's speed moves over minutes, so each round's ratio compares builds
# made a minute apart, and the median of the rounds' ratios is the figure.
rounds=${BUILD_COST_ROUNDS:-1}
declare -A clean_wall clean_cpu touch_wall
for name in "${variants[@]}"; do
    write_crate "$name"
    (cd "$scratch/$name" && cargo fetch --quiet)
done
for round in $(seq "$rounds"); do
    for name in "${variants[@]}"; do
        times=$(timed_build "$scratch/$name")
        read -r wall cpu <<<"$times"
        touch "$scratch/$name/src/main.rs"
        times=$(timed_build "$scratch/$name")
        read -r touch _ <<<"$times"
        rm -rf "$scratch/$name/target"
        clean_wall[$name]+="$wall "
        clean_cpu[$name]+="$cpu "
        touch_wall[$name]+="$touch "
        echo "round $round, $name: clean $wall s wall, $cpu s CPU; after touching main.rs $touch s"
    done
done

echo
printf '%-8s %12s %12s %16s   (medians of %s round(s))\n' variant 'clean wall' 'clean CPU' 'touch main.rs' "$rounds"
for name in "${variants[@]}"; do
    # shellcheck disable=SC2086 # the lists are space-separated numbers
    printf '%-8s %10s s %10s s %14s s\n' "$name" "$(median ${clean_wall[$name]})" \
        "$(median ${clean_cpu[$name]})" "$(median ${touch_wall[$name]})"
done
if [ -n "${clean_wall[hand]:-}" ]; then
    for name in "${variants[@]}"; do
        [ "$name" = hand ] && continue
        read -ra walls <<<"${clean_wall[$name]}"
        read -ra cpus <<<"${clean_cpu[$name]}"
        read -ra hand_walls <<<"${clean_wall[hand]}"
        read -ra hand_cpus <<<"${clean_cpu[hand]}"
        wall_ratios=() cpu_ratios=()
        for r in "${!walls[@]}"; do
            wall_ratios+=("$(awk -v a="${walls[$r]}" -v b="${hand_walls[$r]}" 'BEGIN { printf "%.2f", a / b }')")
            cpu_ratios+=("$(awk -v a="${cpus[$r]}" -v b="${hand_cpus[$r]}" 'BEGIN { printf "%.2f", a / b }')")
        done
        printf '%s / hand: %s× wall, %s× CPU (median of the rounds; CPU by round: %s)\n' "$name" \
            "$(median "${wall_ratios[@]}")" "$(median "${cpu_ratios[@]}")" "${cpu_ratios[*]}"
    done
fi
echo "($(nproc) cores; load average at the end (1, 5, 15 min): $(cut -d' ' -f1-3 /proc/loadavg))"

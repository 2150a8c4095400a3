//! How long the work a payment call adds around the network takes: decoding
//! answers, encoding requests, verifying callbacks. Run with
//! `cargo bench -p bereke-tests --bench codec`; the README keeps the figures.
//!
//! After divan's table it prints how much faster the typed decode of the
//! document's status answer is than decoding it into a `serde_json::Value`
//! (interleaved rounds: the best of each and the median of the rounds'
//! ratios), and serde_json's scan of the same body alone, the floor under
//! both decodes.

use std::hint::black_box;
use std::time::Instant;

use bereke::callback::{Callback, CallbackKey};
use bereke_types::{Amount, GetOrderStatusExtendedResponse, RegisterRequest, Validate};

fn main() {
    divan::main();
    typed_against_value();
}

/// Decodes per round and rounds of the typed-against-`Value` comparison;
/// `BENCH_DECODES` and `BENCH_ROUNDS` change them (for example to count
/// instructions under callgrind with few decodes).
fn ratio_settings() -> (u32, usize) {
    let var = |name: &str, default: usize| {
        std::env::var(name)
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(default)
    };
    let decodes = var("BENCH_DECODES", 20_000);
    (
        u32::try_from(decodes).unwrap_or(u32::MAX),
        var("BENCH_ROUNDS", 15),
    )
}

/// One typed decode of `body`, result freed; a named function so that
/// callgrind can count it alone (`--toggle-collect=*decode_typed*`).
#[inline(never)]
fn decode_typed(body: &str) {
    let model: GetOrderStatusExtendedResponse =
        serde_json::from_str(black_box(body)).expect("decodes");
    black_box(model);
}

/// One `serde_json::Value` decode of `body`, result freed.
#[inline(never)]
fn decode_value(body: &str) {
    let value: serde_json::Value = serde_json::from_str(black_box(body)).expect("JSON");
    black_box(value);
}

/// serde_json's scan of `body` alone, building nothing: the floor under
/// both decodes.
#[inline(never)]
fn scan_only(body: &str) {
    let ignored: serde::de::IgnoredAny = serde_json::from_str(black_box(body)).expect("JSON");
    black_box(ignored);
}

/// Prints the typed decode's speed-up over the `Value` decode: rounds of
/// each, interleaved, so that both sides see the same machine; the median
/// of the rounds' ratios is steady when the machine's speed drifts.
fn typed_against_value() {
    let body = order_status_example();
    let (decodes, rounds) = ratio_settings();
    let time = |decode: fn(&str)| {
        let started = Instant::now();
        for _ in 0..decodes {
            decode(body);
        }
        started.elapsed().as_secs_f64() * 1e9 / f64::from(decodes.max(1))
    };
    let (mut best_typed, mut best_value, mut best_scan) = (f64::MAX, f64::MAX, f64::MAX);
    let mut ratios = Vec::with_capacity(rounds);
    for _ in 0..rounds {
        let typed = time(decode_typed);
        let value = time(decode_value);
        best_typed = best_typed.min(typed);
        best_value = best_value.min(value);
        best_scan = best_scan.min(time(scan_only));
        ratios.push(value / typed);
    }
    ratios.sort_by(f64::total_cmp);
    let median = ratios.get(ratios.len() / 2).copied().unwrap_or(f64::NAN);
    println!(
        "\ndecode of the document's status answer, {rounds} interleaved rounds of {decodes}: \
         best typed {best_typed:.0} ns, best serde_json::Value {best_value:.0} ns ({:.2}×); \
         median of the rounds' ratios: typed is {median:.2}× as fast\n\
         serde_json's scan alone (IgnoredAny), best: {best_scan:.0} ns; \
         above it, typed {:.0} ns, serde_json::Value {:.0} ns",
        best_value / best_typed,
        best_typed - best_scan,
        best_value - best_scan,
    );
}

/// The document's order-status example: the largest answer of the gateway.
fn order_status_example() -> &'static str {
    bereke_tests::catalog::endpoints()
        .iter()
        .find(|e| e.info.name == "GetOrderStatusExtended")
        .and_then(|e| e.examples.iter().find(|x| !x.is_request))
        .and_then(|x| x.json)
        .expect("the spec has the order-status example")
}

#[divan::bench]
fn decode_order_status(bencher: divan::Bencher) {
    let body = order_status_example();
    bencher.bench(|| {
        serde_json::from_str::<GetOrderStatusExtendedResponse>(divan::black_box(body))
            .expect("decodes")
    });
}

#[divan::bench]
fn decode_order_status_value(bencher: divan::Bencher) {
    let body = order_status_example();
    bencher
        .bench(|| serde_json::from_str::<serde_json::Value>(divan::black_box(body)).expect("JSON"));
}

#[divan::bench]
fn validate_and_encode_register_form(bencher: divan::Bencher) {
    let request = RegisterRequest::new(Amount::from_minor(2000), "https://shop.example/ok")
        .order_number("ORDER-1")
        .fail_url("https://shop.example/fail")
        .description("Two coffees")
        .email("buyer@example.com")
        .language("en");
    bencher.bench(|| {
        let request = divan::black_box(&request);
        request.validate().expect("valid");
        serde_urlencoded::to_string(request).expect("encodes")
    });
}

const HMAC_QUERY: &str = "mdOrder=06cf5599-3f17-7c86-bdbc-bd7d00a8b38b&operation=approved&orderNumber=2003&status=1&checksum=EAF2FB72CAB99FD5067F4BA493DD84F4D79C1589FDE8ED29622F0F07215AA972";

#[divan::bench]
fn parse_and_verify_hmac_callback(bencher: divan::Bencher) {
    let key = CallbackKey::hmac_sha256("ooc7slpvc61k7sf7ma7p4hrefr").expect("a key");
    bencher.bench(|| {
        let callback = Callback::from_query(divan::black_box(HMAC_QUERY)).expect("parses");
        callback.verify(&key).expect("verifies");
    });
}

const RSA_PUBLIC_KEY: &str = "-----BEGIN PUBLIC KEY-----
MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAwtuGKbQ4WmfdV1gjWWys
5jyHKTWXnxX3zVa5/Cx5aKwJpOsjrXnHh6l8bOPQ6Sgj3iSeKJ9plZ3i7rPjkfmw
qUOJ1eLU5NvGkVjOgyi11aUKgEKwS5Iq5HZvXmPLzu+U22EUCTQwjBqnE/Wf0hnI
wYABDgc0fJeJJAHYHMBcJXTuxF8DmDf4DpbLrQ2bpGaCPKcX+04POS4zVLVCHF6N
6gYtM7U2QXYcTMTGsAvmIqSj1vddGwvNGeeUVoPbo6enMBbvZgjN5p6j3ItTziMb
Vba3m/u7bU1dOG2/79UpGAGR10qEFHiOqS6WpO7CuIR2tL9EznXRc7D9JZKwGfoY
/QIDAQAB
-----END PUBLIC KEY-----";

const RSA_QUERY: &str = "amount=35000099&mdOrder=12b59da8-f68f-7c8d-12b5-9da8000826ea&operation=deposited&status=1&sign_alias=SHA-256+with+RSA&checksum=9524FD765FB1BABFB1F42E4BC6EF5A4B07BAA3F9C809098ACBB462618A9327539F975FEDB4CF6EC1556FF88BA74774342AF4F5B51BA63903BE9647C670EBD962467282955BD1D57B16935C956864526810870CD32967845EBABE1C6565C03F94FF66907CEDB54669A1C74AC1AD6E39B67FA7EF6D305A007A474F03B80FD6C965656BEAA74E09BB1189F4B32E622C903DC52843C454B7ACF76D6F76324C27767DE2FF6E7217716C19C530CA7551DB58268CC815638C30F3BCA3270E1FD44F63C14974B108E65C20638ECE2F2D752F32742FFC5077415102706FA5235D310D4948A780B08D1B75C8983F22F211DFCBF14435F262ADDA6A97BFEB6D332C3D51010B";

#[divan::bench]
fn parse_and_verify_rsa_callback(bencher: divan::Bencher) {
    let key = CallbackKey::rsa_public_key_pem(RSA_PUBLIC_KEY).expect("key parses");
    bencher.bench(|| {
        let callback = Callback::from_query(divan::black_box(RSA_QUERY)).expect("parses");
        callback.verify(&key).expect("verifies");
    });
}

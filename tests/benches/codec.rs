//! How long the work a payment call adds around the network takes: decoding
//! answers, encoding requests, verifying callbacks. Run with
//! `cargo bench -p bereke-tests --bench codec`; the README keeps the figures.
//!
//! After divan's table it compares the typed decode of the document's
//! status answer with the same decode into a struct written by hand and
//! into a `serde_json::Value` (interleaved rounds: the best of each and the
//! median of the rounds' ratios), with serde_json's scan of the same body
//! alone, the floor under every decode.

use std::hint::black_box;
use std::time::Instant;

use bereke::callback::{Callback, CallbackKey};
use bereke_tests::bench::{env_count, order_status_example, quartiles};
use bereke_types::{Amount, GetOrderStatusExtendedResponse, RegisterRequest, Validate};

fn main() {
    divan::main();
    typed_against_value();
}

/// Decodes per round and rounds of the typed-against-`Value` comparison;
/// `BENCH_DECODES` and `BENCH_ROUNDS` change them (for example to count
/// instructions under callgrind with few decodes).
fn ratio_settings() -> (u32, usize) {
    let decodes = env_count("BENCH_DECODES", 20_000);
    (
        u32::try_from(decodes).unwrap_or(u32::MAX),
        env_count("BENCH_ROUNDS", 15),
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

/// One decode of `body` into the struct a user would write by hand
/// ([`hand_written::OrderStatus`]), result freed.
#[inline(never)]
fn decode_hand_written(body: &str) {
    let model: hand_written::OrderStatus = serde_json::from_str(black_box(body)).expect("decodes");
    black_box(model);
}

/// One `serde_json::Value` decode of `body`, result freed.
#[inline(never)]
fn decode_value(body: &str) {
    let value: serde_json::Value = serde_json::from_str(black_box(body)).expect("JSON");
    black_box(value);
}

/// serde_json's scan of `body` alone, building nothing: the floor under
/// every decode.
#[inline(never)]
fn scan_only(body: &str) {
    let ignored: serde::de::IgnoredAny = serde_json::from_str(black_box(body)).expect("JSON");
    black_box(ignored);
}

/// Prints the typed decode against the hand-written struct and against
/// `serde_json::Value`: rounds of each, interleaved, so that all sides see
/// the same machine; the median of the rounds' ratios is steady when the
/// machine's speed drifts.
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
    let mut best = [f64::MAX; 4];
    let (mut typed_vs_hand, mut typed_vs_value, mut hand_vs_value) = (vec![], vec![], vec![]);
    for _ in 0..rounds {
        let round = [
            time(decode_typed),
            time(decode_hand_written),
            time(decode_value),
            time(scan_only),
        ];
        for (best, now) in best.iter_mut().zip(round) {
            *best = best.min(now);
        }
        let [typed, hand, value, _] = round;
        typed_vs_hand.push(hand / typed);
        typed_vs_value.push(value / typed);
        hand_vs_value.push(value / hand);
    }
    let median = |ratios: Vec<f64>| quartiles(ratios)[1];
    let [typed, hand, value, scan] = best;
    println!(
        "\ndecode of the document's status answer, {rounds} interleaved rounds of {decodes}, \
         best round of each: typed {typed:.0} ns, hand-written struct {hand:.0} ns, \
         serde_json::Value {value:.0} ns, serde_json's scan alone (IgnoredAny) {scan:.0} ns\n\
         median of the rounds' ratios: typed is {:.3}× as fast as the hand-written struct; \
         against serde_json::Value, typed {:.2}×, hand-written {:.2}×",
        median(typed_vs_hand),
        median(typed_vs_value),
        median(hand_vs_value),
    );
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

/// The struct a performance-minded user would write by hand for the
/// status answer: serde's derive, each field in the JSON kind the
/// document's example sends, no leniency, no enums, no aliases. The typed
/// decode is measured against it, since it is what the generated model
/// replaces.
#[allow(dead_code)] // decoded to be measured, never read
mod hand_written {
    use serde::Deserialize;

    /// The answer.
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct OrderStatus {
        order_number: Option<String>,
        order_status: Option<i64>,
        action_code: Option<i64>,
        action_code_description: Option<String>,
        error_code: Option<String>,
        error_message: Option<String>,
        amount: Option<u64>,
        currency: Option<String>,
        date: Option<i64>,
        order_description: Option<String>,
        ip: Option<String>,
        payment_way: Option<String>,
        avs_code: Option<String>,
        #[serde(default)]
        merchant_order_params: Vec<Param>,
        #[serde(default)]
        transaction_attributes: Vec<Param>,
        #[serde(default)]
        attributes: Vec<Param>,
        card_auth_info: Option<CardAuthInfo>,
        binding_info: Option<BindingInfo>,
        auth_date_time: Option<i64>,
        auth_ref_num: Option<String>,
        terminal_id: Option<String>,
        payment_amount_info: Option<PaymentAmountInfo>,
        bank_info: Option<BankInfo>,
        deposited_date: Option<i64>,
        refunded_date: Option<i64>,
        reversed_date: Option<i64>,
    }

    /// A name and value pair of the order's lists.
    #[derive(Deserialize)]
    pub struct Param {
        name: Option<String>,
        value: Option<String>,
    }

    /// The card block.
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct CardAuthInfo {
        masked_pan: Option<String>,
        expiration: Option<String>,
        cardholder_name: Option<String>,
        approval_code: Option<String>,
        refund: Option<bool>,
        payment_system: Option<String>,
        product: Option<String>,
        pan: Option<String>,
    }

    /// The binding block.
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct BindingInfo {
        client_id: Option<String>,
        binding_id: Option<String>,
        auth_date_time: Option<i64>,
        auth_ref_num: Option<String>,
        terminal_id: Option<String>,
    }

    /// The amounts block.
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct PaymentAmountInfo {
        approved_amount: Option<u64>,
        deposited_amount: Option<u64>,
        refunded_amount: Option<u64>,
        payment_state: Option<String>,
        fee_amount: Option<u64>,
    }

    /// The issuing bank block.
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct BankInfo {
        bank_name: Option<String>,
        bank_country_code: Option<String>,
        bank_country_name: Option<String>,
    }
}

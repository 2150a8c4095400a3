//! Shared by the callback tests: the published vectors and an RSA signer
//! built from the fixture key.

use std::sync::OnceLock;

use rsa::pkcs1v15::SigningKey;
use rsa::pkcs8::DecodePrivateKey;
use rsa::signature::{SignatureEncoding, Signer};
use rsa::PrivateKey;
use sha2::Sha512;

pub const HMAC_SECRET: &str = "ooc7slpvc61k7sf7ma7p4hrefr";
pub const HMAC_PARAMS: [(&str, &str); 4] = [
    ("mdOrder", "06cf5599-3f17-7c86-bdbc-bd7d00a8b38b"),
    ("operation", "approved"),
    ("orderNumber", "2003"),
    ("status", "1"),
];
pub const HMAC_PAYLOAD: &str =
    "mdOrder;06cf5599-3f17-7c86-bdbc-bd7d00a8b38b;operation;approved;orderNumber;2003;status;1;";
pub const HMAC_CHECKSUM: &str = "EAF2FB72CAB99FD5067F4BA493DD84F4D79C1589FDE8ED29622F0F07215AA972";

pub const RSA_PARAMS: [(&str, &str); 5] = [
    ("amount", "35000099"),
    ("mdOrder", "12b59da8-f68f-7c8d-12b5-9da8000826ea"),
    ("operation", "deposited"),
    ("status", "1"),
    ("sign_alias", "SHA-256 with RSA"),
];
pub const RSA_PAYLOAD: &str =
    "amount;35000099;mdOrder;12b59da8-f68f-7c8d-12b5-9da8000826ea;operation;deposited;status;1;";
pub const RSA_PUBLIC_KEY: &str = "-----BEGIN PUBLIC KEY-----
MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAwtuGKbQ4WmfdV1gjWWys
5jyHKTWXnxX3zVa5/Cx5aKwJpOsjrXnHh6l8bOPQ6Sgj3iSeKJ9plZ3i7rPjkfmw
qUOJ1eLU5NvGkVjOgyi11aUKgEKwS5Iq5HZvXmPLzu+U22EUCTQwjBqnE/Wf0hnI
wYABDgc0fJeJJAHYHMBcJXTuxF8DmDf4DpbLrQ2bpGaCPKcX+04POS4zVLVCHF6N
6gYtM7U2QXYcTMTGsAvmIqSj1vddGwvNGeeUVoPbo6enMBbvZgjN5p6j3ItTziMb
Vba3m/u7bU1dOG2/79UpGAGR10qEFHiOqS6WpO7CuIR2tL9EznXRc7D9JZKwGfoY
/QIDAQAB
-----END PUBLIC KEY-----
";
pub const RSA_CHECKSUM: &str = "9524FD765FB1BABFB1F42E4BC6EF5A4B07BAA3F9C809098ACBB462618A9327539F975FEDB4CF6EC1556FF88BA74774342AF4F5B51BA63903BE9647C670EBD962467282955BD1D57B16935C956864526810870CD32967845EBABE1C6565C03F94FF66907CEDB54669A1C74AC1AD6E39B67FA7EF6D305A007A474F03B80FD6C965656BEAA74E09BB1189F4B32E622C903DC52843C454B7ACF76D6F76324C27767DE2FF6E7217716C19C530CA7551DB58268CC815638C30F3BCA3270E1FD44F63C14974B108E65C20638ECE2F2D752F32742FFC5077415102706FA5235D310D4948A780B08D1B75C8983F22F211DFCBF14435F262ADDA6A97BFEB6D332C3D51010B";

pub const FIXTURE_PRIVATE_KEY: &str = include_str!("../../fixtures/rsa-private.pem");
pub const FIXTURE_PUBLIC_KEY: &str = include_str!("../../fixtures/rsa-public.pem");
pub const FIXTURE_PUBLIC_KEY_PKCS1: &str = include_str!("../../fixtures/rsa-public-pkcs1.pem");
pub const FIXTURE_CERT_PEM: &str = include_str!("../../fixtures/rsa-cert.pem");
pub const FIXTURE_CERT_DER: &[u8] = include_bytes!("../../fixtures/rsa-cert.der");
pub const FIXTURE_EXPIRED_CERT_PEM: &str = include_str!("../../fixtures/rsa-cert-expired.pem");
pub const FIXTURE_EC_CERT_PEM: &str = include_str!("../../fixtures/ec-cert.pem");
pub const FIXTURE_RSA_512_PUBLIC_KEY: &str = include_str!("../../fixtures/rsa-512-public.pem");

/// The fixture key's PKCS#1 v1.5 / SHA-512 signer, loaded once (slow in debug builds).
fn signer() -> &'static SigningKey<Sha512> {
    static SIGNER: OnceLock<SigningKey<Sha512>> = OnceLock::new();
    SIGNER.get_or_init(|| {
        let key = PrivateKey::from_pkcs8_pem(FIXTURE_PRIVATE_KEY).expect("fixture private key");
        SigningKey::new(key)
    })
}

/// Signs `payload` with the fixture key, as the bank signs a callback: hex of
/// an RSA PKCS#1 v1.5 signature with SHA-512.
pub fn rsa_sign(payload: &str) -> String {
    hex::encode_upper(signer().sign(payload.as_bytes()).to_bytes())
}

/// Encodes parameters as a query string (no checksum added).
pub fn query<K: AsRef<str>, V: AsRef<str>>(params: &[(K, V)]) -> String {
    form_urlencoded::Serializer::new(String::new())
        .extend_pairs(params.iter().map(|(k, v)| (k.as_ref(), v.as_ref())))
        .finish()
}

/// Every ordering of `items`.
pub fn permutations<T: Clone>(items: &[T]) -> Vec<Vec<T>> {
    if items.len() <= 1 {
        return vec![items.to_vec()];
    }
    let mut all = Vec::new();
    for i in 0..items.len() {
        let mut rest = items.to_vec();
        let first = rest.remove(i);
        for mut tail in permutations(&rest) {
            tail.insert(0, first.clone());
            all.push(tail);
        }
    }
    all
}

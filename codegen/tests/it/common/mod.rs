//! A minimal valid spec and helpers that break it one mistake at a time.

use std::path::{Path, PathBuf};

use bereke_codegen::{Diagnostic, Diagnostics, SpecSource};

/// The workspace root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the codegen package sits in the workspace")
        .to_path_buf()
}

/// The bank's document beside the checkout (`../shared/seed/…`), or `None`
/// on a developer machine without it; with `CI` set, a missing document
/// fails the test.
pub fn seed() -> Option<String> {
    let path = root().join("../shared/seed/000_1ff788070507a351.txt");
    match std::fs::read_to_string(&path) {
        Ok(text) => Some(text),
        Err(e) if std::env::var_os("CI").is_some() => {
            panic!(
                "CI is set and the bank's document is missing: {}: {e}",
                path.display()
            )
        }
        Err(e) => {
            eprintln!("skipping: {}: {e}", path.display());
            None
        }
    }
}

/// Path of the fixture's gateway file.
pub const GATEWAY_PATH: &str = "spec/gateway.yaml";
/// Path of the fixture's enumerations.
pub const ENUMS_PATH: &str = "spec/enums.yaml";
/// Path of the fixture's nested type.
pub const TYPES_PATH: &str = "spec/types/card.yaml";
/// Path of the fixture's endpoint.
pub const ENDPOINT_PATH: &str = "spec/endpoints/get_status.yaml";

/// The gateway: one environment, a test card, the `rest` and `wallet` schemes.
pub const GATEWAY: &str = r#"gateway:
  name: Test gateway
  doc: A gateway for the generator's tests.
  environments:
    - name: test
      base_url: https://test.example/payment/
      doc: The test environment.
  auth:
    - name: rest
      doc: Credentials in the form body.
      kk: Мерчант аутентификациясы.
      params:
        - name: userName
          type: string
          required: {when: "unless token is sent"}
          doc: Login of the API account.
        - name: password
          type: string
          required: {when: "unless token is sent"}
          sensitive: true
          doc: Password of the API account.
        - name: token
          type: string
          required: {when: "instead of userName and password"}
          sensitive: true
          doc: Token used instead of the login and password.
    - name: wallet
      doc: The merchant's login in the JSON body.
      params:
        - name: merchant
          type: string
          required: true
          doc: The merchant's login.
  test_cards:
    - name: ssl
      pan: "4444555511113333"
      expiry: "12/24"
      cvc: "123"
      doc: Pays at once, without 3-D Secure.
"#;

/// An integer and a string enumeration.
pub const ENUMS: &str = r#"enums:
  - name: OrderStatus
    repr: integer
    doc: State of an order.
    kk: Тапсырыс күйі.
    values:
      - value: 0
        name: Registered
        doc: The order is registered but not paid.
        kk: тапсырыс тіркелген
      - value: 2
        name: Deposited
        doc: The order is paid.
  - name: PaymentState
    repr: string
    doc: State of the order's payment.
    values:
      - value: CREATED
        name: Created
        aliases: [created]
        doc: The order is created.
      - value: DEPOSITED
        name: Deposited
        doc: The order is completed.
"#;

/// One nested block.
pub const TYPES: &str = r#"types:
  - name: CardInfo
    doc: Card data of an order.
    kk: Карта деректері.
    fields:
      - name: maskedPan
        type: string
        required: false
        doc: The masked card number.
      - name: expiry
        type: expiry
        required: false
        doc: Card expiry.
"#;

/// One small form endpoint that uses the enumerations and the nested block.
pub const ENDPOINT: &str = r#"endpoint:
  name: GetStatus
  path: rest/getStatus.do
  content_type: form
  auth: rest
  auth_params:
    - {name: userName, required: {when: "unless token is sent"}}
    - {name: password, required: {when: "unless token is sent"}}
  retry: safe
  response_style: error_code
  title: Get an order's status
  doc: Returns the state of an order.
  kk: Тапсырыс күйі туралы ақпарат.
  request:
    fields:
      - name: orderId
        type: string
        order_ref: true
        required: {when: "unless orderNumber is sent"}
        constraints: {max_length: 36}
        doc: Number of the order in the payment gateway.
      - name: orderNumber
        type: string
        order_ref: true
        required: {when: "instead of orderId"}
        constraints: {max_length: 30}
        doc: Number of the order in the merchant's system.
      - name: language
        type: string
        required: false
        constraints: {format: language}
        doc: Language of errorMessage.
        answer_language: true
    one_of: [[orderId, orderNumber]]
  response:
    fields:
      - name: errorCode
        type: error_code
        required: false
        lenient: true
        aliases: [ErrorCode]
        doc: Error code; 0 when the request was processed.
      - name: errorMessage
        type: string
        required: false
        doc: Description of the error.
      - name: orderStatus
        type: OrderStatus
        required: false
        lenient: true
        doc: State of the order.
      - name: paymentState
        type: PaymentState
        required: false
        doc: State of the payment.
      - name: amount
        type: amount
        required: false
        doc: Amount of the order in minor units.
      - name: cardInfo
        type: CardInfo
        required: false
        doc: Card data.
  errors:
    - code: 0
      name: Success
      doc: The request was processed.
      messages:
        - {en: "Success", kk: "Сұрау сәтті өңделді."}
    - code: 6
      name: OrderNotFound
      doc: The gateway knows no such order.
      messages:
        - {en: "Unregistered orderId.", kk: "Тіркелмеген orderId."}
  examples:
    - kind: request
      title: Request example
      kk: Сұрау мысалы
      form: [[userName, test_user], [orderId, "b8d70aa7"]]
    - kind: response
      title: Response example
      json: |
        {"errorCode": "0", "orderStatus": 2, "amount": 2000}
"#;

/// A valid wallet error block, for [`wallet_endpoint`].
pub const WALLET_ERROR: &str = "  - name: WalletError\n    doc: An error.\n    fields:\n      - {name: code, type: integer, required: false, doc: Code.}\n      - {name: message, type: string, required: false, doc: Text.}\n";

/// The fixture's endpoint as a wallet endpoint (`success` and an `error`
/// block), with `error_type` (a `types:` entry such as [`WALLET_ERROR`])
/// added to the nested blocks.
pub fn wallet_endpoint(error_type: &str) -> Spec {
    let response = "      - name: success\n        type: boolean\n        required: false\n        doc: Whether the payment went through.\n      - name: error\n        type: WalletError\n        required: false\n        doc: The error.\n";
    let text = Spec::valid().text(ENDPOINT_PATH).to_owned();
    let start =
        text.find("  response:\n    fields:\n").unwrap() + "  response:\n    fields:\n".len();
    let end = text.find("  errors:\n").unwrap();
    Spec::valid()
        .edit(ENDPOINT_PATH, &text[start..end], response)
        .edit(
            ENDPOINT_PATH,
            "  response_style: error_code\n",
            "  response_style: wallet\n",
        )
        .edit(TYPES_PATH, "types:\n", &format!("types:\n{error_type}"))
}

/// The marker that tests put on the line where they expect a mistake to be
/// reported. It is a YAML comment, so it changes nothing else.
pub const MARK: &str = "# <<<";

/// A spec under test: files by path, in the order they are listed.
#[derive(Debug, Clone)]
pub struct Spec {
    /// `(path, text)` pairs.
    pub files: Vec<(String, String)>,
}

impl Spec {
    /// The minimal valid spec.
    pub fn valid() -> Self {
        Spec {
            files: [
                (GATEWAY_PATH, GATEWAY),
                (ENUMS_PATH, ENUMS),
                (TYPES_PATH, TYPES),
                (ENDPOINT_PATH, ENDPOINT),
            ]
            .iter()
            .map(|(p, t)| (p.to_string(), t.to_string()))
            .collect(),
        }
    }

    /// The text of a file.
    pub fn text(&self, path: &str) -> &str {
        self.files
            .iter()
            .find(|(p, _)| p == path)
            .map(|(_, t)| t.as_str())
            .unwrap_or_else(|| panic!("no file {path} in the fixture"))
    }

    /// Replaces the only occurrence of `from` in the file by `to`.
    pub fn edit(mut self, path: &str, from: &str, to: &str) -> Self {
        let (_, text) = self
            .files
            .iter_mut()
            .find(|(p, _)| p == path)
            .unwrap_or_else(|| panic!("no file {path} in the fixture"));
        assert_eq!(
            text.matches(from).count(),
            1,
            "the edit's anchor {from:?} must occur exactly once in {path}"
        );
        *text = text.replacen(from, to, 1);
        self
    }

    /// Adds a file (or replaces one with the same path).
    pub fn with_file(mut self, path: &str, text: &str) -> Self {
        self.files.retain(|(p, _)| p != path);
        self.files.push((path.to_owned(), text.to_owned()));
        self
    }

    /// Removes a file.
    pub fn without_file(mut self, path: &str) -> Self {
        let before = self.files.len();
        self.files.retain(|(p, _)| p != path);
        assert_eq!(before, self.files.len() + 1, "no file {path} to remove");
        self
    }

    /// The spec as the generator takes it.
    pub fn source(&self) -> SpecSource {
        SpecSource::new(self.files.clone())
    }

    /// The 1-based line of the only line of `path` that carries [`MARK`].
    pub fn marked_line(&self, path: &str) -> u64 {
        self.line_of(path, MARK)
    }

    /// The 1-based lines of `path` that contain `needle`.
    pub fn lines_of(&self, path: &str, needle: &str) -> Vec<u64> {
        self.text(path)
            .lines()
            .enumerate()
            .filter(|(_, l)| l.contains(needle))
            .map(|(i, _)| i as u64 + 1)
            .collect()
    }

    /// The 1-based line of the only line of `path` that contains `needle`.
    pub fn line_of(&self, path: &str, needle: &str) -> u64 {
        let lines = self.lines_of(path, needle);
        assert_eq!(
            lines.len(),
            1,
            "{needle:?} must be on exactly one line of {path}"
        );
        lines[0]
    }

    /// Checks the spec, which must fail.
    pub fn diagnostics(&self) -> Diagnostics {
        match bereke_codegen::check(&self.source()) {
            Ok(_) => panic!("the broken spec was accepted:\n{}", self.dump()),
            Err(d) => {
                assert!(!d.0.is_empty(), "an error with no diagnostic");
                d
            }
        }
    }

    /// All files, for failure messages.
    pub fn dump(&self) -> String {
        self.files
            .iter()
            .map(|(p, t)| format!("--- {p}\n{t}"))
            .collect()
    }

    /// Asserts that checking fails with a diagnostic at the marked line of
    /// `path` whose message contains every one of `words`, and that every
    /// diagnostic is on that line (the one mistake causes no others).
    /// `generate` must fail with the same diagnostics.
    pub fn expect_error(&self, path: &str, words: &[&str]) -> Diagnostics {
        let line = self.marked_line(path);
        self.expect_error_at(path, line, words, true)
    }

    /// Like [`Spec::expect_error`] but other diagnostics may come along.
    pub fn expect_error_among(&self, path: &str, words: &[&str]) -> Diagnostics {
        let line = self.marked_line(path);
        self.expect_error_at(path, line, words, false)
    }

    /// The check behind [`Spec::expect_error`], for an explicit line.
    pub fn expect_error_at(
        &self,
        path: &str,
        line: u64,
        words: &[&str],
        only: bool,
    ) -> Diagnostics {
        let diags = self.diagnostics();
        let wanted = |d: &Diagnostic| {
            d.file == path && d.line == line && words.iter().all(|w| d.message.contains(w))
        };
        assert!(
            diags.0.iter().any(wanted),
            "expected a diagnostic at {path}:{line} containing {words:?}, got:\n{diags}"
        );
        if only {
            assert!(
                diags.0.iter().all(|d| d.file == path && d.line == line),
                "expected every diagnostic at {path}:{line}, got:\n{diags}"
            );
        }
        for d in &diags.0 {
            let shown = d.to_string();
            let prefix = if d.line == 0 {
                format!("{}: ", d.file)
            } else {
                format!("{}:{}: ", d.file, d.line)
            };
            assert!(shown.starts_with(&prefix), "{shown:?} lacks {prefix:?}");
            assert!(shown.ends_with(&d.message));
        }
        match bereke_codegen::generate(&self.source()) {
            Ok(_) => panic!("generate accepted a spec that check rejects"),
            Err(g) => assert_eq!(g, diags, "generate and check disagree"),
        }
        diags
    }
}

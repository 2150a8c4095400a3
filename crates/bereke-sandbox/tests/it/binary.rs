//! The `bereke-sandbox` program: its help documents the fault profile, a
//! bad profile is refused with the reason, and `--faults` injects faults
//! into a running gateway.

use std::process::Stdio;
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::Command;

const PROGRAM: &str = env!("CARGO_BIN_EXE_bereke-sandbox");

#[tokio::test]
async fn help_documents_the_fault_profile() {
    let output = Command::new(PROGRAM).arg("--help").output().await.unwrap();
    assert!(output.status.success());
    let help = String::from_utf8_lossy(&output.stdout);
    for text in [
        "--faults <PROFILE>",
        "seed=7,latency=0.1:50ms,error_before=0.05,error_after=0.05,reset_after=0.05,truncate=0.05,html=0.05",
        "--header-read-timeout-secs",
        "--idle-timeout-secs",
        "--max-connections",
    ] {
        assert!(help.contains(text), "--help shows {text}: {help}");
    }

    let refused = Command::new(PROGRAM)
        .args(["--faults", "error_before=0.7,reset_after=0.7"])
        .output()
        .await
        .unwrap();
    assert!(!refused.status.success());
    let error = String::from_utf8_lossy(&refused.stderr);
    assert!(error.contains("more than 1"), "{error}");
}

#[tokio::test]
async fn faults_from_the_command_line_reach_the_wire() {
    let mut child = Command::new(PROGRAM)
        .args(["--addr", "127.0.0.1:0", "--faults", "seed=1,error_before=1"])
        .env("RUST_LOG", "warn")
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let base_url = tokio::time::timeout(Duration::from_secs(30), async {
        while let Some(line) = lines.next_line().await.unwrap() {
            if let Some(url) = line.strip_prefix("bereke-sandbox: gateway at ") {
                return url.to_owned();
            }
        }
        panic!("the program ended without saying where it listens");
    })
    .await
    .expect("the program starts");

    // reqwest comes without a crypto provider; pick one as an application would.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let response = reqwest::Client::new()
        .post(format!("{base_url}rest/register.do"))
        .form(&[
            ("userName", "test_user"),
            ("password", "test_user_password"),
            ("amount", "100"),
            ("returnUrl", "finish.html"),
        ])
        .timeout(Duration::from_secs(10))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 503);
    child.kill().await.unwrap();
}

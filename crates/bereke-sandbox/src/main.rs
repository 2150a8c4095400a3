//! `bereke-sandbox`: the sandbox gateway as a program.
//!
//! ```text
//! bereke-sandbox --addr 127.0.0.1:8080
//! ```
//!
//! Logs each request (method, path, status; never credentials or card data)
//! to standard error; `RUST_LOG` sets the level (default `info`).

use std::net::SocketAddr;
use std::time::Duration;

use bereke_sandbox::{Sandbox, SandboxConfig};
use clap::Parser;

/// A local imitation of Bereke Bank's e-commerce payment gateway.
#[derive(Debug, Parser)]
#[command(name = "bereke-sandbox", version, about)]
struct Args {
    /// Address to listen on (port 0 picks a free port).
    #[arg(long, default_value = "127.0.0.1:8080")]
    addr: SocketAddr,

    /// Base URL written into answers (formUrl, acsUrl, redirects), when the
    /// sandbox is reached under another name than its address.
    #[arg(long)]
    base_url: Option<String>,

    /// Static callback URL of every merchant.
    #[arg(long)]
    callback_url: Option<String>,

    /// HMAC-SHA256 secret callbacks are signed with.
    #[arg(long)]
    callback_secret: Option<String>,

    /// Seconds between two delivery attempts of a callback.
    #[arg(long, default_value_t = 30)]
    callback_retry_secs: u64,

    /// Declined payment attempts an order allows before it is declined.
    #[arg(long, default_value_t = 1)]
    payment_attempts: u32,
}

#[tokio::main]
async fn main() {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .init();
    let args = Args::parse();
    let mut config = SandboxConfig::with_addr(args.addr)
        .callback_retry_interval(Duration::from_secs(args.callback_retry_secs));
    config.public_base_url = args.base_url;
    config.payment_attempts = args.payment_attempts;
    if let Some(url) = args.callback_url {
        config = config.callback_url(url);
    }
    if let Some(secret) = args.callback_secret {
        config = config.callback_secret(secret);
    }
    match Sandbox::start(config).await {
        Ok(sandbox) => {
            eprintln!("bereke-sandbox: gateway at {}", sandbox.base_url());
            sandbox.run_until_signal().await;
        }
        Err(error) => {
            eprintln!("bereke-sandbox: cannot listen on {}: {error}", args.addr);
            std::process::exit(1);
        }
    }
}

//! `bereke-sandbox`: the sandbox gateway as a program.
//!
//! ```text
//! bereke-sandbox --addr 127.0.0.1:8080
//! bereke-sandbox --faults seed=7,latency=0.1:50ms,error_after=0.05,reset_after=0.05
//! ```
//!
//! Logs each request (method, path, status; never credentials or card data)
//! to standard error; `RUST_LOG` sets the level (default `info`).

use std::net::SocketAddr;
use std::time::Duration;

use bereke_sandbox::{ConnectionLimits, FaultProfile, Sandbox, SandboxConfig};
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

    /// Seconds a request's head may take to arrive (also how long an idle
    /// connection is kept open between requests).
    #[arg(long, default_value_t = 10)]
    header_read_timeout_secs: u64,

    /// Seconds without a byte read or written before a connection is closed.
    #[arg(long, default_value_t = 60)]
    idle_timeout_secs: u64,

    /// Connections served at once; more are answered 503 and closed.
    #[arg(long, default_value_t = 512)]
    max_connections: usize,

    /// Inject faults into the API's answers, seeded and reproducible.
    ///
    /// PROFILE is comma-separated key=value pairs, each optional:
    /// seed=N (default 0); latency=P:DURATION (delay with probability P,
    /// DURATION as 50ms or 2s); error_before=P (503, request not
    /// processed); html=P (an HTML error page with HTTP 200, not
    /// processed); error_after=P (504 after processing: applied, answer
    /// lost); reset_after=P (TCP reset after processing); truncate=P (half
    /// the answer's body after processing). The probabilities other than
    /// latency's add up to at most 1. Example:
    /// seed=7,latency=0.1:50ms,error_before=0.05,error_after=0.05,reset_after=0.05,truncate=0.05,html=0.05
    #[arg(long, value_name = "PROFILE", verbatim_doc_comment)]
    faults: Option<FaultProfile>,
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
    config.limits = ConnectionLimits {
        header_read_timeout: Duration::from_secs(args.header_read_timeout_secs),
        idle_timeout: Duration::from_secs(args.idle_timeout_secs),
        max_connections: args.max_connections,
    };
    config.faults = args.faults;
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

//! Running the sandbox: [`Sandbox::start`] binds, serves in the background
//! and hands back the base URL; [`Sandbox::stop`] shuts it down.

use std::io;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use crate::callbacks;
use crate::config::SandboxConfig;
use crate::connections;
use crate::faults::{FaultCounts, FaultProfile, Faults};
use crate::routes::{self, App};
use crate::store::{now_ms, Store};

/// A running sandbox gateway.
///
/// ```no_run
/// # async fn demo() -> std::io::Result<()> {
/// let sandbox = bereke_sandbox::Sandbox::start(bereke_sandbox::SandboxConfig::default()).await?;
/// println!("gateway at {}", sandbox.base_url()); // http://127.0.0.1:PORT/payment/
/// sandbox.stop().await;
/// # Ok(())
/// # }
/// ```
///
/// Dropping it without [`Sandbox::stop`] also shuts it down, without waiting.
#[derive(Debug)]
pub struct Sandbox {
    addr: SocketAddr,
    base_url: String,
    shutdown: Option<oneshot::Sender<()>>,
    server: Option<JoinHandle<()>>,
    background: Vec<JoinHandle<()>>,
    faults: Arc<Faults>,
}

impl Sandbox {
    /// Starts the sandbox on `config.addr` (port 0 picks a free one).
    ///
    /// Must be called inside a Tokio runtime.
    ///
    /// # Errors
    ///
    /// When the address cannot be bound.
    pub async fn start(config: SandboxConfig) -> io::Result<Sandbox> {
        let listener = TcpListener::bind(config.addr).await?;
        Self::serve(listener, config)
    }

    /// Starts the default configuration on a free port of 127.0.0.1.
    ///
    /// # Errors
    ///
    /// When no port can be bound.
    pub async fn start_default() -> io::Result<Sandbox> {
        Self::start(SandboxConfig::default()).await
    }

    /// Serves on a listener already bound.
    ///
    /// # Errors
    ///
    /// When the listener's address cannot be read.
    pub fn serve(listener: TcpListener, config: SandboxConfig) -> io::Result<Sandbox> {
        let addr = listener.local_addr()?;
        let base_url = match &config.public_base_url {
            Some(url) if url.ends_with('/') => url.clone(),
            Some(url) => format!("{url}/"),
            None => format!("http://{addr}/payment/"),
        };
        let (notifier, dispatcher) = callbacks::spawn(&config);
        let session_timeout_ms =
            i64::try_from(config.default_session_timeout.as_millis()).unwrap_or(i64::MAX);
        let app = Arc::new(App {
            store: Store::new(&config, Some(notifier)),
            merchants: config.merchants.clone(),
            base_url: base_url.clone(),
            currencies: config.currencies.clone(),
            session_timeout_ms,
            apple_pay_default_amount: config.apple_pay_default_amount,
        });
        let sweeper = tokio::spawn(sweep_expired(
            Arc::clone(&app),
            config.expiry_check_interval.max(Duration::from_millis(10)),
        ));
        let faults = Arc::new(Faults::new(config.faults));
        let router = routes::router(app, Arc::clone(&faults));
        let (shutdown_tx, shutdown_rx) = oneshot::channel::<()>();
        let server = tokio::spawn(connections::serve(
            listener,
            router,
            config.limits.clone(),
            shutdown_rx,
        ));
        if let Some(profile) = config.faults {
            tracing::warn!(%profile, "injecting faults");
        }
        tracing::info!(%addr, base_url = %base_url, "sandbox gateway listening");
        Ok(Sandbox {
            addr,
            base_url,
            shutdown: Some(shutdown_tx),
            server: Some(server),
            background: vec![sweeper, dispatcher],
            faults,
        })
    }

    /// The address it listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The gateway's base URL, `http://127.0.0.1:PORT/payment/`: give it to
    /// the client as its base URL.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The URL of an endpoint path under the base URL (`rest/register.do`).
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base_url, path.trim_start_matches('/'))
    }

    /// How many faults were injected so far (all zero without a profile).
    pub fn fault_counts(&self) -> FaultCounts {
        self.faults.counts()
    }

    /// Replaces the fault profile while running (`None` stops injecting,
    /// for instance to read the final state undisturbed); the counts go on.
    pub fn set_faults(&self, profile: Option<FaultProfile>) {
        self.faults.set(profile);
    }

    /// Stops serving: no new connections, requests in progress are given up
    /// to five seconds, callbacks not yet delivered are abandoned.
    pub async fn stop(mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
        if let Some(server) = self.server.take() {
            let abort = server.abort_handle();
            if tokio::time::timeout(Duration::from_secs(5), server)
                .await
                .is_err()
            {
                abort.abort();
            }
        }
        for task in self.background.drain(..) {
            task.abort();
        }
        tracing::info!(addr = %self.addr, "sandbox gateway stopped");
    }

    /// Serves until Ctrl-C (or SIGTERM on Unix), then stops.
    pub async fn run_until_signal(self) {
        wait_for_signal().await;
        self.stop().await;
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
        if let Some(server) = self.server.take() {
            server.abort();
        }
        for task in self.background.drain(..) {
            task.abort();
        }
    }
}

async fn sweep_expired(app: Arc<App>, every: Duration) {
    let mut ticks = tokio::time::interval(every);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        ticks.tick().await;
        app.store.expire_due(now_ms());
    }
}

async fn wait_for_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = term.recv() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

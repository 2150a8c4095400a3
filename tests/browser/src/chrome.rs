//! Headless Chromium driven over WebDriver: Debian's `chromium` and
//! `chromium-driver` (`tests/browser/install.sh` installs them), through
//! fantoccini.
//!
//! Every session gets a fresh profile and the flags that keep Chromium from
//! reaching out to the network on its own (a closed network refuses those
//! background connections, and they would slow every page).

use std::io;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use fantoccini::{Client, ClientBuilder};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::json;
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};

/// The flags every Chromium session starts with (plus a fresh
/// `--user-data-dir` and the window size).
pub const CHROMIUM_FLAGS: &[&str] = &[
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
];

/// A desktop window, in CSS pixels.
pub const DESKTOP: (u32, u32) = (1280, 900);
/// A phone's width (an iPhone 12 to 15), in CSS pixels.
pub const MOBILE: (u32, u32) = (390, 844);

/// The two programs the test needs.
#[derive(Debug, Clone)]
pub struct Tools {
    /// The browser.
    pub chromium: PathBuf,
    /// Its WebDriver server.
    pub chromedriver: PathBuf,
}

impl Tools {
    /// Finds them: `BEREKE_CHROMIUM` and `BEREKE_CHROMEDRIVER` if set, else
    /// `chromium` (or `chromium-browser`, `google-chrome`) and `chromedriver`
    /// on `PATH`.
    ///
    /// # Errors
    ///
    /// What is missing, and how to install it.
    pub fn find() -> Result<Tools, String> {
        let chromium = program(
            "BEREKE_CHROMIUM",
            &["chromium", "chromium-browser", "google-chrome"],
        );
        let chromedriver = program("BEREKE_CHROMEDRIVER", &["chromedriver"]);
        match (chromium, chromedriver) {
            (Some(chromium), Some(chromedriver)) => Ok(Tools {
                chromium,
                chromedriver,
            }),
            (chromium, _) => Err(format!(
                "{} not found (set BEREKE_CHROMIUM and BEREKE_CHROMEDRIVER, or run \
                 `bash tests/browser/install.sh` as root to install Debian's chromium \
                 and chromium-driver)",
                if chromium.is_none() {
                    "chromium"
                } else {
                    "chromedriver"
                }
            )),
        }
    }

    /// The tools, or `None` after saying the test is skipped. With `CI` set
    /// a missing tool fails the test instead: CI must run it.
    ///
    /// # Panics
    ///
    /// When `CI` is set and a tool is missing.
    pub fn for_test() -> Option<Tools> {
        match Tools::find() {
            Ok(tools) => Some(tools),
            Err(missing) if std::env::var_os("CI").is_some() => {
                panic!("the browser test must run in CI, but {missing}")
            }
            Err(missing) => {
                eprintln!("skipping the browser test: {missing}");
                None
            }
        }
    }
}

/// The named program: the variable's path, or the first name on `PATH`.
fn program(variable: &str, names: &[&str]) -> Option<PathBuf> {
    if let Some(path) = std::env::var_os(variable) {
        return Some(PathBuf::from(path)).filter(|p| p.is_file());
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| names.iter().map(move |name| dir.join(name)))
        .find(|candidate| candidate.is_file())
}

/// A running chromedriver, and the profiles of its sessions.
#[derive(Debug)]
pub struct Chrome {
    driver: Child,
    url: String,
    chromium: PathBuf,
    profiles: Vec<PathBuf>,
}

impl Chrome {
    /// Starts chromedriver on a free port of 127.0.0.1.
    ///
    /// # Errors
    ///
    /// When it does not start or does not say its port within 20 s.
    pub async fn start(tools: &Tools) -> io::Result<Chrome> {
        let mut driver = Command::new(&tools.chromedriver)
            .arg("--port=0")
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .kill_on_drop(true)
            .spawn()?;
        let stdout = driver
            .stdout
            .take()
            .ok_or_else(|| io::Error::other("chromedriver's output is not piped"))?;
        let mut lines = BufReader::new(stdout).lines();
        let port = tokio::time::timeout(Duration::from_secs(20), async {
            while let Some(line) = lines.next_line().await? {
                // "ChromeDriver was started successfully on port 40115."
                if let Some(port) = line
                    .split("started successfully on port ")
                    .nth(1)
                    .and_then(|rest| rest.trim_end_matches('.').parse::<u16>().ok())
                {
                    return Ok(port);
                }
            }
            Err(io::Error::other(
                "chromedriver exited without saying its port",
            ))
        })
        .await
        .map_err(|_| io::Error::other("chromedriver did not say its port within 20 s"))??;
        // Keep reading its output, so that a full pipe never blocks it.
        tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
        Ok(Chrome {
            driver,
            url: format!("http://127.0.0.1:{port}"),
            chromium: tools.chromium.clone(),
            profiles: Vec::new(),
        })
    }

    /// A new browser session with a fresh profile, a desktop window, and
    /// JavaScript on or off.
    ///
    /// # Errors
    ///
    /// When chromedriver cannot start Chromium.
    pub async fn session(&mut self, javascript: bool) -> Result<Client, String> {
        let stamp = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        let profile =
            std::env::temp_dir().join(format!("bereke-browser-{}-{stamp}", std::process::id()));
        std::fs::create_dir_all(&profile).map_err(|e| format!("{}: {e}", profile.display()))?;
        self.profiles.push(profile.clone());
        let mut args: Vec<String> = CHROMIUM_FLAGS.iter().map(|f| (*f).to_owned()).collect();
        args.push(format!("--user-data-dir={}", profile.display()));
        args.push(format!("--window-size={},{}", DESKTOP.0, DESKTOP.1));
        // 2 blocks every script of every page, as a user's setting would.
        let prefs = json!({ "profile.managed_default_content_settings.javascript": if javascript { 1 } else { 2 } });
        let mut capabilities = serde_json::Map::new();
        capabilities.insert("browserName".into(), json!("chrome"));
        capabilities.insert(
            "goog:chromeOptions".into(),
            json!({ "binary": self.chromium, "args": args, "prefs": prefs }),
        );
        ClientBuilder::new(HttpConnector::new())
            .capabilities(capabilities)
            .connect(&self.url)
            .await
            .map_err(|e| format!("chromedriver at {} cannot start Chromium: {e}", self.url))
    }
}

impl Drop for Chrome {
    fn drop(&mut self) {
        let _ = self.driver.start_kill();
        for profile in &self.profiles {
            let _ = std::fs::remove_dir_all(profile);
        }
    }
}

/// Where screenshots go: `target/browser-screenshots/` (under
/// `CARGO_TARGET_DIR` when set).
pub fn screenshot_dir() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            // The workspace's root is two folders above this package.
            let package = Path::new(env!("CARGO_MANIFEST_DIR"));
            package.ancestors().nth(2).unwrap_or(package).join("target")
        });
    target.join("browser-screenshots")
}

//! A fuzz driver on stable Rust for every decoder of input from the network
//! or from a merchant: the client's decoding of each endpoint's answer, each
//! request model's form or JSON decoding, the sandbox's reading of request
//! bodies, every nested model, and callback parsing and verification.
//!
//! Inputs are mutations of real seeds (the document's examples, the corpus
//! of real gateway bodies, the document's signed callbacks), drawn from a
//! generator seeded by (seed, target, index), so any input can be made
//! again from those three numbers. Each input runs under `catch_unwind`
//! with its peak allocation measured; a panic or a peak over
//! [`alloc::bound`] is a [`Finding`].

pub mod alloc;
pub mod mutate;
pub mod seeds;
pub mod targets;

use std::cell::RefCell;
use std::fmt;
use std::panic::{self, AssertUnwindSafe};
use std::time::{Duration, Instant};

use rand::SeedableRng;

pub use seeds::Seeds;
pub use targets::{Shape, Target};

/// How many inputs, from which seed.
#[derive(Debug, Clone, Copy)]
pub struct Config {
    /// Inputs per target.
    pub inputs: u64,
    /// Seed of the generator.
    pub seed: u64,
    /// Run only the input with this index (to reproduce a finding).
    pub index: Option<u64>,
}

/// A panic or an allocation over the bound, with what reproduces it.
#[derive(Debug, Clone)]
pub struct Finding {
    /// Target name.
    pub target: String,
    /// Generator seed.
    pub seed: u64,
    /// Input index.
    pub index: u64,
    /// What went wrong: the panic message, or the peak and the bound.
    pub what: String,
    /// The input.
    pub input: Vec<u8>,
}

/// Most of an input that a report shows.
const SHOWN_BYTES: usize = 2_048;

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let shown = &self.input[..self.input.len().min(SHOWN_BYTES)];
        writeln!(
            f,
            "{}: {} (reproduce: --seed {} --index {} {})",
            self.target, self.what, self.seed, self.index, self.target
        )?;
        write!(
            f,
            "  input ({} bytes{}): \"{}\"",
            self.input.len(),
            if shown.len() < self.input.len() {
                ", first shown"
            } else {
                ""
            },
            shown.escape_ascii()
        )
    }
}

/// What one target's run saw.
#[derive(Debug, Clone)]
pub struct TargetReport {
    /// Target name.
    pub target: String,
    /// Inputs run.
    pub inputs: u64,
    /// Inputs that panicked.
    pub panics: u64,
    /// Inputs whose peak allocation exceeded the bound.
    pub over_bound: u64,
    /// The largest peak allocation of one input, in bytes.
    pub worst_peak: usize,
    /// The largest ratio of an input's peak allocation to its bound.
    pub worst_ratio: f64,
    /// The length of the input with the largest ratio.
    pub worst_ratio_len: usize,
    /// Wall time of the run, input generation included.
    pub elapsed: Duration,
    /// The first findings (at most [`MAX_FINDINGS`]).
    pub findings: Vec<Finding>,
}

/// Findings kept per target; the counts go on.
pub const MAX_FINDINGS: usize = 5;

impl fmt::Display for TargetReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let per_second = self.inputs as f64 / self.elapsed.as_secs_f64().max(1e-9);
        write!(
            f,
            "{:<40} {:>9} inputs  {} panics  {} over bound  worst peak {:>9} B  \
             worst peak/bound {:.3} ({} B input)  {:>8.0} inputs/s",
            self.target,
            self.inputs,
            self.panics,
            self.over_bound,
            self.worst_peak,
            self.worst_ratio,
            self.worst_ratio_len,
            per_second
        )
    }
}

thread_local! {
    /// The message of the last panic on this thread, set by the hook.
    static PANIC: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// The generator of one input.
fn generator(seed: u64, target: &str, index: u64) -> mutate::Rng {
    // FNV-1a of the name keeps targets independent of their order.
    let name = target.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
    });
    mutate::Rng::seed_from_u64(
        seed ^ name.rotate_left(29) ^ index.wrapping_mul(0x9e37_79b9_7f4a_7c15),
    )
}

/// Runs `config.inputs` inputs (or the one `config.index`) through `target`.
///
/// # Errors
///
/// The counting allocator is not the global allocator.
pub fn run_target(target: &Target, seeds: &Seeds, config: Config) -> Result<TargetReport, String> {
    if !alloc::installed() {
        return Err("the counting allocator is not the global allocator: \
                    add `#[global_allocator] static A: CountingAllocator = CountingAllocator;`"
            .into());
    }
    let mut report = TargetReport {
        target: target.name.clone(),
        inputs: 0,
        panics: 0,
        over_bound: 0,
        worst_peak: 0,
        worst_ratio: 0.0,
        worst_ratio_len: 0,
        elapsed: Duration::ZERO,
        findings: Vec::new(),
    };
    let indices = match config.index {
        Some(index) => index..index + 1,
        None => 0..config.inputs,
    };
    let previous_hook = panic::take_hook();
    panic::set_hook(Box::new(|info| {
        let at = info
            .location()
            .map(|l| format!(" at {l}"))
            .unwrap_or_default();
        PANIC.with(|p| *p.borrow_mut() = Some(format!("{info}{at}")));
    }));
    let start = Instant::now();
    for index in indices {
        let input = target.input(
            &mut generator(config.seed, &target.name, index),
            &seeds.names,
        );
        let (outcome, peak) =
            alloc::peak_of(|| panic::catch_unwind(AssertUnwindSafe(|| target.run(&input))));
        report.inputs += 1;
        let bound = alloc::bound(input.len());
        let ratio = peak as f64 / bound as f64;
        report.worst_peak = report.worst_peak.max(peak);
        if ratio > report.worst_ratio {
            report.worst_ratio = ratio;
            report.worst_ratio_len = input.len();
        }
        let what = if outcome.is_err() {
            report.panics += 1;
            let message = PANIC.with(|p| p.borrow_mut().take()).unwrap_or_default();
            Some(format!("panicked: {message}"))
        } else if peak > bound {
            report.over_bound += 1;
            Some(format!(
                "allocated {peak} bytes at once, over the bound of {bound}"
            ))
        } else {
            None
        };
        if let Some(what) = what.filter(|_| report.findings.len() < MAX_FINDINGS) {
            report.findings.push(Finding {
                target: target.name.clone(),
                seed: config.seed,
                index,
                what,
                input,
            });
        }
    }
    report.elapsed = start.elapsed();
    panic::set_hook(previous_hook);
    Ok(report)
}

/// The seeds, with the corpus beside the checkout (`../shared/corpus`);
/// with `CI` set a missing corpus is an error.
///
/// # Errors
///
/// The corpus is missing under `CI`, or a file of it cannot be read.
pub fn load_seeds() -> Result<Seeds, String> {
    let dir = bereke_tests::workspace_root().join("../shared/corpus");
    let corpus = if dir.is_dir() {
        Some(dir.as_path())
    } else if std::env::var_os("CI").is_some() {
        return Err(format!(
            "CI is set but the corpus is missing at {}",
            dir.display()
        ));
    } else {
        eprintln!(
            "corpus not found at {}: fuzzing from the document's examples only",
            dir.display()
        );
        None
    };
    Seeds::load(corpus)
}

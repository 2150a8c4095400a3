//! `cargo run --release -p bereke-fuzz -- [--inputs N] [--seed S] [TARGET…]`:
//! runs every target (or those whose names start with a given TARGET) and
//! exits non-zero on any panic or allocation over the bound.

use std::process::ExitCode;

use bereke_fuzz::alloc::CountingAllocator;
use bereke_fuzz::{load_seeds, run_target, targets, Config};
use clap::Parser;

#[global_allocator]
static ALLOCATOR: CountingAllocator = CountingAllocator;

/// Fuzzes the decoders with mutations of real seeds.
#[derive(Parser)]
#[command(about)]
struct Args {
    /// Inputs per target.
    #[arg(long, default_value_t = 1_000_000)]
    inputs: u64,
    /// Seed of the generator.
    #[arg(long, default_value_t = 0)]
    seed: u64,
    /// Run only the input with this index (reproduces a finding).
    #[arg(long)]
    index: Option<u64>,
    /// List the targets and exit.
    #[arg(long)]
    list: bool,
    /// Targets to run, by name or name prefix (`response/`, `callback/verify-rsa`); all if none.
    targets: Vec<String>,
}

fn main() -> ExitCode {
    let args = Args::parse();
    let seeds = match load_seeds() {
        Ok(seeds) => seeds,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    let all = match targets::all(&seeds) {
        Ok(all) => all,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    let chosen: Vec<_> = all
        .iter()
        .filter(|t| {
            args.targets.is_empty() || args.targets.iter().any(|p| t.name.starts_with(p.as_str()))
        })
        .collect();
    if args.list || chosen.is_empty() {
        for target in &all {
            println!("{}", target.name);
        }
        return if args.list {
            ExitCode::SUCCESS
        } else {
            ExitCode::FAILURE
        };
    }
    let config = Config {
        inputs: args.inputs,
        seed: args.seed,
        index: args.index,
    };
    let (mut inputs, mut findings) = (0, 0);
    for target in chosen {
        let report = match run_target(target, &seeds, config) {
            Ok(report) => report,
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::FAILURE;
            }
        };
        println!("{report}");
        for finding in &report.findings {
            println!("{finding}");
        }
        inputs += report.inputs;
        findings += report.panics + report.over_bound;
    }
    println!("{inputs} inputs, {findings} findings (seed {})", args.seed);
    if findings == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

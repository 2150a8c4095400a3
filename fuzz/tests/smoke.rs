//! A short run of every fuzz target in the normal test suite, so the
//! targets cannot rot, and proof that the driver's two checks catch what
//! they are for. One test function: the allocation counters are
//! process-wide, so targets must not run on parallel test threads.

use bereke_fuzz::alloc::CountingAllocator;
use bereke_fuzz::{load_seeds, run_target, targets, Config, Shape, Target};
use bereke_tests::catalog::{endpoints, models};

#[global_allocator]
static ALLOCATOR: CountingAllocator = CountingAllocator;

/// Inputs per target in the smoke run (debug build: about 15 s for all).
const SMOKE_INPUTS: u64 = 500;

#[test]
fn every_target_survives_a_short_run_and_the_checks_catch_faults() {
    let seeds = load_seeds().expect("seeds");
    let all = targets::all(&seeds).expect("targets");

    // Every endpoint and every nested model has its targets.
    let names: Vec<&str> = all.iter().map(|t| t.name.as_str()).collect();
    for entry in endpoints() {
        for kind in ["response", "request", "sandbox"] {
            let name = format!("{kind}/{}", entry.info.name);
            assert!(names.contains(&name.as_str()), "no target {name}");
        }
    }
    let covered = |model: &str| {
        endpoints()
            .iter()
            .any(|e| e.request == model || e.response == model)
            || names.contains(&format!("model/{model}").as_str())
    };
    for model in models() {
        assert!(covered(model.name), "model {} has no target", model.name);
    }
    for name in [
        "callback/parse",
        "callback/verify-hmac",
        "callback/verify-rsa",
        "callback/verify-request",
    ] {
        assert!(names.contains(&name), "no target {name}");
    }

    let config = Config {
        inputs: SMOKE_INPUTS,
        seed: 1,
        index: None,
    };
    let mut failures = Vec::new();
    for target in &all {
        let report = run_target(target, &seeds, config).expect("run");
        assert_eq!(report.inputs, SMOKE_INPUTS);
        failures.extend(report.findings.iter().map(ToString::to_string));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));

    // A panic is caught, counted and reported with what reproduces it.
    let panicking = Target::new("test/panics", Shape::Json, vec![b"{}".to_vec()], |input| {
        assert!(input.len() < 4, "input too long");
    });
    let report = run_target(&panicking, &seeds, config).expect("run");
    assert!(
        report.panics > 0 && report.panics < SMOKE_INPUTS,
        "{report}"
    );
    let finding = report.findings[0].to_string();
    assert!(finding.contains("input too long"), "{finding}");
    assert!(finding.contains("--seed 1 --index"), "{finding}");
    // The same seed and index make the same input again.
    let again = Config {
        index: Some(report.findings[0].index),
        ..config
    };
    let once = run_target(&panicking, &seeds, again).expect("run");
    assert_eq!(once.inputs, 1);
    assert_eq!(once.findings[0].input, report.findings[0].input);

    // An allocation far over the bound is caught.
    let greedy = Target::new(
        "test/allocates",
        Shape::Json,
        vec![b"[]".to_vec()],
        |input| {
            std::hint::black_box(vec![0u8; 256 << 20 | input.len()]);
        },
    );
    let report = run_target(
        &greedy,
        &seeds,
        Config {
            inputs: 3,
            ..config
        },
    )
    .expect("run");
    assert_eq!(report.over_bound, 3, "{report}");
    assert!(report.worst_ratio > 1.0, "{report}");
}

//! What the workspace's benchmarks share: their settings from the
//! environment, the process's CPU time, quartiles of a sample, and the body
//! they decode.

use std::time::Duration;

/// A count from the environment variable `name` (`BENCH_CALLS=…`), or
/// `default` when it is unset or not a number.
pub fn env_count(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// CPU time (user + system) of this process so far, from `/proc/self/stat`
/// (Linux; `None` elsewhere). Its ticks are 10 ms, fine over thousands of
/// calls. Unlike the wall clock it leaves out the time the host gives to
/// others, which on a shared machine moves the wall-clock rates by a
/// factor of two within minutes.
pub fn cpu_time() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // The fields after the command name, which is in parentheses.
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let ticks: u64 = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    Some(Duration::from_millis(ticks * 10))
}

/// The lower quartile, the median and the upper quartile of `xs` (nearest
/// rank; NaN for an empty sample).
pub fn quartiles(mut xs: Vec<f64>) -> [f64; 3] {
    xs.sort_by(f64::total_cmp);
    let at = |quarter: usize| {
        xs.get(xs.len().saturating_sub(1) * quarter / 4)
            .copied()
            .unwrap_or(f64::NAN)
    };
    [at(1), at(2), at(3)]
}

/// The document's `getOrderStatusExtended` answer: the largest body of the
/// gateway, which the client and codec benchmarks decode.
pub fn order_status_example() -> &'static str {
    crate::catalog::endpoints()
        .iter()
        .find(|e| e.info.name == "GetOrderStatusExtended")
        .and_then(|e| e.examples.iter().find(|x| !x.is_request))
        .and_then(|x| x.json)
        .expect("the spec has the order-status example")
}

#[cfg(test)]
mod tests {
    use super::quartiles;

    #[test]
    fn quartiles_by_nearest_rank() {
        let xs: Vec<f64> = (1..=9).rev().map(f64::from).collect();
        assert_eq!(quartiles(xs), [3.0, 5.0, 7.0]);
        assert!(quartiles(Vec::new())[1].is_nan());
    }
}

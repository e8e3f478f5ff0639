//! Stage timings for `CONTRACT_TIMINGS=1` (printed by the binary to stderr):
//! where a check spends its time, for the performance notes.

use std::sync::Mutex;
use std::time::{Duration, Instant};

static TIMINGS: Mutex<Vec<(String, Duration)>> = Mutex::new(Vec::new());

/// Run `f`, adding its wall time to the stage `name`.
pub fn stage<T>(name: &str, f: impl FnOnce() -> T) -> T {
    let start = Instant::now();
    let out = f();
    let took = start.elapsed();
    if let Ok(mut t) = TIMINGS.lock() {
        match t.iter_mut().find(|(n, _)| n == name) {
            Some((_, d)) => *d += took,
            None => t.push((name.to_string(), took)),
        }
    }
    out
}

/// The stages so far, in first-seen order, as text.
pub fn report() -> String {
    let t = TIMINGS.lock().map(|t| t.clone()).unwrap_or_default();
    t.iter()
        .map(|(n, d)| format!("{:>9.1} ms  {n}\n", d.as_secs_f64() * 1e3))
        .collect()
}

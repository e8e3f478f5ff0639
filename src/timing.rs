//! Stage timings for `CONTRACT_TIMINGS=1` (printed by the binary to stderr):
//! where a check spends its time, for the performance notes.

use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Each stage: its name, its wall time, and the process's peak resident
/// memory when it last ended (Linux; 0 elsewhere).
static TIMINGS: Mutex<Vec<(String, Duration, u64)>> = Mutex::new(Vec::new());

/// The peak resident set size so far, in KiB (`VmHWM`), when the system says.
fn peak_rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        })
        .unwrap_or(0)
}

/// Run `f`, adding its wall time to the stage `name`.
pub fn stage<T>(name: &str, f: impl FnOnce() -> T) -> T {
    let start = Instant::now();
    let out = f();
    let took = start.elapsed();
    if let Ok(mut t) = TIMINGS.lock() {
        let peak = peak_rss_kib();
        match t.iter_mut().find(|(n, _, _)| n == name) {
            Some((_, d, p)) => {
                *d += took;
                *p = peak;
            }
            None => t.push((name.to_string(), took, peak)),
        }
    }
    out
}

/// The stages so far, in first-seen order, as text.
pub fn report() -> String {
    let t = TIMINGS.lock().map(|t| t.clone()).unwrap_or_default();
    t.iter()
        .map(|(n, d, p)| {
            format!(
                "{:>9.1} ms  {:>7} MiB peak  {n}\n",
                d.as_secs_f64() * 1e3,
                p / 1024
            )
        })
        .collect()
}

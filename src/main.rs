//! The `contract` binary: parse arguments, run, print, exit. Nothing else.

use std::io::Write;

use clap::Parser;

mod cli;

/// The allocator: parsing allocates millions of small nodes per run, which
/// mimalloc serves faster than the system allocator, from both threads.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    // Worker threads parse files; give them room (input depth is bounded anyway).
    let _ = rayon::ThreadPoolBuilder::new()
        .stack_size(contract::limits::WORKER_STACK_BYTES)
        .build_global();
    let cli = cli::Cli::parse();
    let env = cli::Env::from_process();
    let out = contract::timing::stage("the whole command", || {
        std::panic::catch_unwind(|| cli::run(cli, &env))
            .unwrap_or_else(|_| cli::Outcome::fatal(&contract::error::Error::Internal))
    });
    let _ = std::io::stdout().write_all(out.stdout.as_bytes());
    let _ = std::io::stderr().write_all(out.stderr.as_bytes());
    if std::env::var_os("CONTRACT_TIMINGS").is_some() {
        let _ = std::io::stderr().write_all(contract::timing::report().as_bytes());
    }
    std::process::exit(out.code);
}

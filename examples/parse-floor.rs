//! The floor of `contract check`: read and parse every YAML file of a
//! workspace folder (in parallel, as the tool does), and nothing else.
//!
//! cargo run --release --example parse-floor -- DIR

/// The same allocator as the binary, so the floor is comparable.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let dir = std::env::args().nth(1).expect("usage: parse-floor DIR");
    let _ = rayon::ThreadPoolBuilder::new()
        .stack_size(contract::limits::WORKER_STACK_BYTES)
        .build_global();
    let files: Vec<std::path::PathBuf> = walkdir::WalkDir::new(&dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "yaml"))
        .map(|e| e.into_path())
        .collect();
    use rayon::prelude::*;
    let (bytes, nodes): (usize, usize) = files
        .par_iter()
        .map(|p| {
            let b = std::fs::read(p).unwrap_or_default();
            let nodes = contract::yaml::decode(&b)
                .ok()
                .and_then(|text| contract::yaml::parse(&text).ok())
                .map_or(0, |parsed| parsed.index.len());
            (b.len(), nodes)
        })
        .reduce(|| (0, 0), |a, b| (a.0 + b.0, a.1 + b.1));
    println!(
        "{} files, {:.1} MB, {} indexed nodes",
        files.len(),
        bytes as f64 / 1e6,
        nodes
    );
}

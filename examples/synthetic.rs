//! Writes a synthetic contribution for profiling and benchmarks:
//! `cargo run --release --example synthetic -- ROWS SEED OUT.xlsx`.

#[path = "../benches/support/synthetic.rs"]
mod synthetic;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let [_, rows, seed, out] = args.as_slice() else {
        eprintln!("usage: synthetic ROWS SEED OUT.xlsx");
        std::process::exit(2);
    };
    let config =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/ruse-2025/programme.toml");
    let programme = zakrila::config::Programme::load(&config).expect("sample config");
    let bytes = synthetic::contribution(
        &programme,
        rows.parse().expect("ROWS is a number"),
        seed.parse().expect("SEED is a number"),
        2,
    )
    .expect("workbook");
    std::fs::write(out, bytes).expect("write");
}

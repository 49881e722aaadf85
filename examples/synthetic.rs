//! Writes a synthetic contribution for profiling and benchmarks:
//! `cargo run --release --example synthetic -- ROWS SEED OUT.xlsx [long]` (`long`: one
//! indicator per activity and long, distinct activity texts).

#[path = "../benches/support/synthetic.rs"]
mod synthetic;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (rows, seed, out, mix) = match args.as_slice() {
        [_, rows, seed, out] => (rows, seed, out, synthetic::Mix::Current),
        [_, rows, seed, out, mix] if mix == "long" => (rows, seed, out, synthetic::Mix::Long),
        _ => {
            eprintln!("usage: synthetic ROWS SEED OUT.xlsx [long]");
            std::process::exit(2);
        }
    };
    let config =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/ruse-2025/programme.toml");
    let programme = zakrila::config::Programme::load(&config).expect("sample config");
    let bytes = synthetic::contribution_with(
        &programme,
        rows.parse().expect("ROWS is a number"),
        seed.parse().expect("SEED is a number"),
        2,
        mix,
    )
    .expect("workbook");
    std::fs::write(out, bytes).expect("write");
}

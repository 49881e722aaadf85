//! Validating a 10,000-row contribution against the floor: calamine reading the same
//! workbook's cells. Run with `cargo bench --bench validate`.

#[path = "support/synthetic.rs"]
mod synthetic;

use std::hint::black_box;
use std::path::Path;

use calamine::{Reader, Xlsx, open_workbook};
use criterion::{Criterion, criterion_group, criterion_main};
use zakrila::config::Programme;

const ROWS: usize = 10_000;

fn bench(c: &mut Criterion) {
    let config = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/ruse-2025/programme.toml");
    let programme = Programme::load(&config).expect("the sample config loads");
    let dir = tempfile::tempdir().expect("a temp dir");
    let path = dir.path().join("10000.xlsx");
    let bytes = synthetic::contribution(&programme, ROWS, 2025, 2).expect("synthetic workbook");
    std::fs::write(&path, bytes).expect("write");

    let submission = zakrila::validate::contribution::read(
        &path,
        "10000.xlsx",
        &programme,
        zakrila::read::Limits::default(),
    );
    assert_eq!(submission.rows_read, ROWS);
    assert_eq!(submission.errors(), 0, "{:?}", submission.findings.first());

    let mut group = c.benchmark_group("validate-10000-rows");
    group.sample_size(20);
    group.bench_function("calamine read (floor)", |b| {
        b.iter(|| {
            let mut book: Xlsx<_> = open_workbook(&path).expect("open");
            for name in book.sheet_names() {
                black_box(book.worksheet_range(&name).expect("range"));
            }
        })
    });
    group.bench_function("zakrila validate", |b| {
        b.iter(|| {
            black_box(zakrila::validate::contribution::read(
                &path,
                "10000.xlsx",
                &programme,
                zakrila::read::Limits::default(),
            ))
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

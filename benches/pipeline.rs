//! Criterion benchmarks, one group per stage of the pipeline plus the whole conversion, on the shipped
//! sample. Inputs are read and shared state (validator, fonts) built outside the timed loops.
//!
//! Run: `cargo bench --bench pipeline`.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use discovery::Converter;

const WORKBOOK: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/samples/fabrikam-routewise.xlsx");
const ODS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/samples/fabrikam-routewise.ods");
const PROFILE_JSON: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/samples/fabrikam-routewise.json");

fn stages(c: &mut Criterion) {
    let converter = Converter::new();
    let xlsx = std::fs::read(WORKBOOK).unwrap();
    let ods = std::fs::read(ODS).unwrap();
    let json = std::fs::read(PROFILE_JSON).unwrap();

    let mut group = c.benchmark_group("import");
    group.throughput(Throughput::Elements(1));
    group.bench_function("xlsx", |b| b.iter(|| converter.import_bytes(black_box(&xlsx), "sample.xlsx").unwrap()));
    group.bench_function("ods", |b| b.iter(|| converter.import_bytes(black_box(&ods), "sample.ods").unwrap()));
    group.bench_function("json", |b| b.iter(|| converter.import_bytes(black_box(&json), "sample.json").unwrap()));
    group.finish();

    let imported = converter.import_bytes(&xlsx, "sample.xlsx").unwrap();
    let mut group = c.benchmark_group("validate");
    group.bench_function("imported profile", |b| {
        b.iter(|| converter.validator().check_profile(black_box(&imported.profile), "sample.xlsx"))
    });
    group.finish();

    let mut group = c.benchmark_group("analyse");
    group.bench_function("gaps and completeness", |b| {
        b.iter(|| discovery::analyse::analyse(black_box(&imported.profile)))
    });
    group.finish();

    let checked = converter.check_imported(imported.clone());
    let fonts = converter.fonts().unwrap();
    let mut group = c.benchmark_group("render");
    group.throughput(Throughput::Elements(1));
    group.bench_function("report", |b| {
        b.iter(|| {
            discovery::render::report::render(black_box(&checked.report_input()), fonts, &Default::default()).unwrap()
        })
    });
    group.finish();

    let mut group = c.benchmark_group("end to end");
    group.throughput(Throughput::Elements(1));
    group.bench_function("xlsx to checked profile", |b| {
        b.iter(|| {
            let imported = converter.import_bytes(black_box(&xlsx), "sample.xlsx").unwrap();
            converter.check_imported(imported)
        })
    });
    group.bench_function("xlsx to report", |b| {
        b.iter(|| {
            let imported = converter.import_bytes(black_box(&xlsx), "sample.xlsx").unwrap();
            converter.report(&converter.check_imported(imported)).unwrap()
        })
    });
    group.finish();
}

criterion_group!(benches, stages);
criterion_main!(benches);

//! Criterion benchmarks, one group per stage of the pipeline plus the whole conversion, on the shipped
//! sample. Inputs are read and shared state (validator, fonts) built outside the timed loops.
//!
//! The `import` group also times calamine's bare read of the sample workbook (every sheet's cells, nothing
//! else), the floor an import cannot go below; after criterion's figures the bench prints how many times
//! that floor the import takes, measured by alternating the two so that a loaded machine slows both alike.
//!
//! Run: `cargo bench --bench pipeline`.

use std::hint::black_box;
use std::io::Cursor;
use std::time::{Duration, Instant};

use calamine::{Reader, Xlsx};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use discovery::Converter;

const WORKBOOK: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/samples/fabrikam-routewise.xlsx");
const ODS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/samples/fabrikam-routewise.ods");
const PROFILE_JSON: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/samples/fabrikam-routewise.json");

/// calamine's bare read: open the workbook and read every sheet's cells; returns the number of cells.
fn calamine_read(bytes: &[u8]) -> usize {
    let mut workbook: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes)).unwrap();
    let mut cells = 0;
    for name in workbook.sheet_names() {
        cells += workbook.worksheet_range(&name).unwrap().used_cells().count();
    }
    cells
}

fn stages(c: &mut Criterion) {
    let converter = Converter::new();
    let xlsx = std::fs::read(WORKBOOK).unwrap();
    let ods = std::fs::read(ODS).unwrap();
    let json = std::fs::read(PROFILE_JSON).unwrap();

    let mut group = c.benchmark_group("import");
    group.throughput(Throughput::Elements(1));
    group.bench_function("xlsx", |b| b.iter(|| converter.import_bytes(black_box(&xlsx), "sample.xlsx").unwrap()));
    group.bench_function("xlsx, calamine's bare read (the floor)", |b| b.iter(|| calamine_read(black_box(&xlsx))));
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

    import_over_floor(&converter, &xlsx);
}

/// Prints the import's time over calamine's bare read, each the median of rounds that run one of each in turn.
fn import_over_floor(converter: &Converter, xlsx: &[u8]) {
    const ROUNDS: usize = 200;
    let time = |f: &mut dyn FnMut()| {
        let start = Instant::now();
        f();
        start.elapsed()
    };
    let (mut import, mut floor): (Vec<Duration>, Vec<Duration>) = (Vec::new(), Vec::new());
    for _ in 0..ROUNDS {
        import.push(time(&mut || {
            black_box(converter.import_bytes(xlsx, "sample.xlsx").unwrap());
        }));
        floor.push(time(&mut || {
            black_box(calamine_read(xlsx));
        }));
    }
    import.sort();
    floor.sort();
    let (import, floor) = (import[ROUNDS / 2], floor[ROUNDS / 2]);
    let ratio = import.as_secs_f64() / floor.as_secs_f64();
    println!(
        "import of the sample xlsx: {:.2} ms, calamine's bare read {:.2} ms: {ratio:.2}x the floor (target: at most \
         2x) {}",
        import.as_secs_f64() * 1e3,
        floor.as_secs_f64() * 1e3,
        if ratio <= 2.0 { "PASS" } else { "FAIL" }
    );
}

criterion_group!(benches, stages);
criterion_main!(benches);

//! A driver for instruction-count profiles of one stage of the pipeline (or of what `discovery batch` does for
//! one file), run N times over one questionnaire, for `valgrind --tool=callgrind`; wall-clock figures are the
//! benches' job.
//!
//! The per-run cost is the difference between a run with N iterations and one with a single iteration, which
//! takes out what runs once (reading the fonts, compiling the schema):
//!
//! ```text
//! cargo build --release --example profile_stages
//! valgrind --tool=callgrind --callgrind-out-file=/tmp/cg.1 target/release/examples/profile_stages import 1
//! valgrind --tool=callgrind --callgrind-out-file=/tmp/cg.11 target/release/examples/profile_stages import 11
//! callgrind_annotate --inclusive=yes /tmp/cg.11 | head -60
//! ```
//!
//! Stages: `floor` (calamine's bare read of the workbook), `import`, `validate` (the schema check of the imported
//! profile), `analyse`, `json` (the profile JSON), `render`, `batch` (read the file, convert it, write its
//! report and profile, build its index row). An optional third argument names the questionnaire (default: the
//! sample workbook).

use std::hint::black_box;
use std::io::Cursor;

use calamine::{Reader, Xlsx};
use discovery::portfolio::IndexRow;
use discovery::Converter;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let stage = args.get(1).map_or("import", String::as_str);
    let runs: usize = args.get(2).and_then(|n| n.parse().ok()).unwrap_or(1);
    let path = args
        .get(3)
        .cloned()
        .unwrap_or_else(|| concat!(env!("CARGO_MANIFEST_DIR"), "/samples/fabrikam-routewise.xlsx").into());
    let bytes = std::fs::read(&path).expect("the questionnaire can be read");
    let converter = Converter::new();
    // What runs once per process whatever the stage, so that one iteration's profile holds all of it.
    let checked = converter.check_bytes(&bytes, "sample.xlsx").expect("the questionnaire imports");
    converter.fonts().expect("the fonts parse");
    let out = std::env::temp_dir().join(format!("profile-stages-{}", std::process::id()));
    std::fs::create_dir_all(&out).expect("the output folder can be made");
    for _ in 0..runs {
        match stage {
            "floor" => {
                let mut workbook: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(&bytes)).unwrap();
                for name in workbook.sheet_names() {
                    black_box(workbook.worksheet_range(&name).unwrap().used_cells().count());
                }
            }
            "import" => drop(black_box(converter.import_bytes(&bytes, "sample.xlsx").unwrap())),
            "validate" => drop(black_box(converter.validator().check_profile(&checked.imported.profile, "s.xlsx"))),
            "analyse" => drop(black_box(discovery::analyse::analyse(&checked.imported.profile))),
            "json" => drop(black_box(serde_json::to_vec_pretty(&checked.imported.profile).unwrap())),
            "render" => drop(black_box(converter.report(&checked).unwrap())),
            "batch" => {
                let read = std::fs::read(&path).unwrap();
                let checked = converter.check_bytes(&read, "sample.xlsx").unwrap();
                drop(read);
                let converted = converter.convert_checked(checked, None).unwrap();
                std::fs::write(out.join("sample.json"), &converted.profile_json).unwrap();
                std::fs::write(out.join("sample.pdf"), &converted.pdf).unwrap();
                black_box(IndexRow::converted("sample.xlsx", &converted.checked, "sample.pdf", "sample.json"));
            }
            other => panic!("no stage {other}"),
        }
    }
    std::fs::remove_dir_all(&out).ok();
}

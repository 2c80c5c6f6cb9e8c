//! The whole-process bulk benchmark: N generated questionnaires through `discovery batch`, measured as the
//! program office would see it: wall time, files per second and the peak memory of the process.
//!
//! It writes N filled workbooks (default 1,000) into a temporary folder, varied the way returned
//! questionnaires vary: company names in many scripts, answers changed, recommended answers left open or
//! `TBD`, answers typed the way people type them, invalid answers, a few partial returns like the
//! Müller & Søn sample, and about 1 % broken files (a truncated workbook, a PDF saved as `.xlsx`). Then it
//! runs the release binary as a child process, `discovery batch DIR -o OUT --jobs J`, checks what it wrote
//! (a row per file in `index.csv`, the broken files failed, exit status 1 because of them, a PDF and a JSON
//! per converted file) and prints the figures. With Python and the baseline's modules available it runs
//! `benches/python/baseline.py`, the same job scripted with openpyxl, jsonschema and reportlab, on a subset
//! with the same parallelism, and prints the ratio.
//!
//! Run: `cargo bench --bench bulk`, or with options:
//! `cargo bench --bench bulk -- --files 1000 --jobs 2 --repeat 3 --scaling --python /tmp/venv/bin/python`.
//! The environment variables `BULK_FILES`, `BULK_JOBS`, `BULK_REPEAT`, `BULK_WARMUP`, `BULK_PYTHON`,
//! `BULK_PYTHON_FILES` and `BULK_COMMAND` set the same; `--help` lists everything. Each measurement starts
//! with an untimed warm-up run, and each timed run with `sync` (see [`settle`]). Before the runs it times the
//! creation of 2,000 empty files where the runs write, and says when the file system is slow (see
//! [`creation_probe`]).
//!
//! At the end it prints the targets it measured, each with PASS or FAIL: `batch` at least 500 files/s; with
//! `--scaling`, peak memory under 64 MiB at 4,000 files and within 10 % across 250, 1,000 and 4,000 (each size
//! run `--repeat` times, the medians compared); with the
//! Python baseline, at least 20 times its rate. A missed target does not change the exit status (a loaded
//! machine misses them); a failed check of the output does.
//!
//! Peak memory is the kernel's own figure: the child runs under `/usr/bin/time -f %M`, which reports the
//! `ru_maxrss` that `wait4` returns, the high-water mark of the resident set, exact to the end of the run
//! and including any processes the command waits for. Polling `/proc/<pid>/status` for `VmHWM` reads the
//! same counter but loses whatever grows after the last poll and sees only one process; it is the fallback
//! where `/usr/bin/time` is missing.
//!
//! Cargo builds the `discovery` binary in release for this bench and
//! passes its path as `CARGO_BIN_EXE_discovery`.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

use discovery::profile::Profile;
use discovery::template::{write_filled, TemplateOptions};
use serde_json::{json, Value};

const FABRIKAM: &str = include_str!("../../samples/fabrikam-routewise.json");
const MUELLER: &str = include_str!("../../samples/mueller-soen-partial.json");
const BASELINE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../benches/python/baseline.py");

/// The command the bench measures; `{bin}`, `{in}`, `{out}` and `{jobs}` are replaced (shell-quoted), and
/// the same values are in the environment as `BULK_BIN`, `BULK_IN`, `BULK_OUT` and `BULK_JOBS`.
const BATCH: &str = "{bin} batch {in} -o {out} --jobs {jobs}";

/// A stand-in for `batch` while it is not built: `discovery import` once per file, `{jobs}` at a time.
/// It pays a process start per file and writes no PDF and no index, so its figures say nothing about
/// `batch`; it exercises the harness.
const PER_FILE: &str = "find \"$BULK_IN\" -type f -print0 | xargs -0 -n 1 -P \"$BULK_JOBS\" sh -c \
    'b=$(basename \"$1\"); \"$BULK_BIN\" import \"$1\" -o \"$BULK_OUT/${b%.*}.json\" 2>/dev/null; true' _";

/// Sizes of the scaling run: memory must stay flat across them.
const SCALING: [usize; 3] = [250, 1000, 4000];

/// The targets: files per second of `batch`, peak memory at the largest scaling size, how far peak memory
/// may vary across the scaling sizes, and how many times the Python baseline's rate.
const TARGET_RATE: f64 = 500.0;
const TARGET_PEAK_MIB: f64 = 64.0;
const TARGET_FLAT: f64 = 0.10;
const TARGET_PYTHON: f64 = 20.0;

const HELP: &str = "\
bulk: N generated questionnaires through `discovery batch`; files/s and peak memory.

usage: cargo bench --bench bulk -- [options]
  --files N          how many workbooks (BULK_FILES, default 1000)
  --jobs J           parallel jobs for batch and the Python baseline (BULK_JOBS, default: cores)
  --repeat R         runs per measurement; best and median are reported (BULK_REPEAT, default 3)
  --warmup W         untimed runs before each measurement's first (BULK_WARMUP, default 1)
  --scaling          also run N = 250, 1000, 4000 (R times each) to show memory stays flat
  --python PATH      the Python with openpyxl, jsonschema, reportlab (BULK_PYTHON, default python3)
  --python-files M   how many of the files the baseline converts (BULK_PYTHON_FILES, default 200)
  --no-python        skip the Python baseline
  --command CMD      the measured shell command (BULK_COMMAND); {bin} {in} {out} {jobs} are replaced;
                     `per-file` runs `discovery import` once per file (no PDF, no index)
  --keep DIR         generate into DIR and keep it (default: a temporary folder)
";

struct Config {
    files: usize,
    jobs: usize,
    repeat: usize,
    warmup: usize,
    scaling: bool,
    python: Option<String>,
    python_files: usize,
    command: String,
    keep: Option<PathBuf>,
}

fn config() -> Result<Config, String> {
    let env = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
    let number = |what: &str, v: &str| v.parse::<usize>().map_err(|_| format!("{what}: `{v}` is not a number"));
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut c = Config {
        files: env("BULK_FILES").map(|v| number("BULK_FILES", &v)).transpose()?.unwrap_or(1000),
        jobs: env("BULK_JOBS").map(|v| number("BULK_JOBS", &v)).transpose()?.unwrap_or(cores),
        repeat: env("BULK_REPEAT").map(|v| number("BULK_REPEAT", &v)).transpose()?.unwrap_or(3),
        warmup: env("BULK_WARMUP").map(|v| number("BULK_WARMUP", &v)).transpose()?.unwrap_or(1),
        scaling: false,
        python: Some(env("BULK_PYTHON").unwrap_or_else(|| "python3".to_owned())),
        python_files: env("BULK_PYTHON_FILES").map(|v| number("BULK_PYTHON_FILES", &v)).transpose()?.unwrap_or(200),
        command: env("BULK_COMMAND").unwrap_or_else(|| BATCH.to_owned()),
        keep: None,
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = || args.next().ok_or_else(|| format!("{arg} needs a value"));
        match arg.as_str() {
            "--files" => c.files = number("--files", &value()?)?,
            "--jobs" => c.jobs = number("--jobs", &value()?)?,
            "--repeat" => c.repeat = number("--repeat", &value()?)?,
            "--warmup" => c.warmup = number("--warmup", &value()?)?,
            "--scaling" => c.scaling = true,
            "--python" => c.python = Some(value()?),
            "--python-files" => c.python_files = number("--python-files", &value()?)?,
            "--no-python" => c.python = None,
            "--command" => c.command = value()?,
            "--keep" => c.keep = Some(PathBuf::from(value()?)),
            "--help" | "-h" => return Err(HELP.to_owned()),
            // `cargo bench` passes `--bench`, and a filter may follow; neither means anything here.
            _ => {}
        }
    }
    if c.command == "per-file" {
        c.command = PER_FILE.to_owned();
    }
    c.jobs = c.jobs.max(1);
    c.repeat = c.repeat.max(1);
    Ok(c)
}

fn main() -> ExitCode {
    let config = match config() {
        Ok(config) => config,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(2);
        }
    };
    match run(&config) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => {
            eprintln!("bulk: some checks failed (see above)");
            ExitCode::FAILURE
        }
        Err(message) => {
            eprintln!("bulk: {message}");
            ExitCode::from(2)
        }
    }
}

fn run(config: &Config) -> Result<bool, String> {
    let bin = PathBuf::from(env!("CARGO_BIN_EXE_discovery"));
    let temp = tempfile::tempdir().map_err(|e| format!("cannot create a temporary folder: {e}"))?;
    let root = config.keep.clone().unwrap_or_else(|| temp.path().to_owned());
    let largest = if config.scaling { config.files.max(SCALING[2]) } else { config.files };

    println!("bulk: {} on {} cores, load average {}", bin.display(), cores(), load_average());
    let started = Instant::now();
    let all = root.join("generated");
    let broken = generate(&all, largest, config.jobs)?;
    println!(
        "generated {largest} workbooks ({} broken) in {:.1} s into {}",
        broken.len(),
        secs(started.elapsed()),
        all.display()
    );

    settle();
    let creation = creation_probe(&root.join("probe"));
    match creation {
        Some(micros) => println!("file creation here: {micros:.0} µs a file ({PROBE_FILES} empty files)"),
        None => println!("file creation here: not measured (the probe folder could not be written)"),
    }
    if creation.is_some_and(|micros| micros > SLOW_CREATION_MICROS) {
        println!(
            "  slow: creating a file takes over {SLOW_CREATION_MICROS:.0} µs here, so the runs below may measure the file \
             system as much as the program. On ext4 without a journal the kernel skips inodes freed in the last \
             minutes, scanning past each: an earlier bench's clean-up, or any mass deletion, slowed the next \
             bench for about six minutes where this was measured."
        );
    }

    let mut ok = true;
    let input = subset(&root, &all, config.files)?;
    let expected: BTreeSet<String> = broken.iter().filter(|b| in_subset(b, config.files)).cloned().collect();
    let runs = measure(config, &bin, &input, &root.join("out"), config.repeat, &expected, &mut ok)?;
    let rust = Summary::of(&runs);
    // Only `discovery batch` earns its name in the figures; anything else is reported as the command.
    let label = if config.command == BATCH { "batch" } else { "command" };
    println!(
        "{label}: {} files, {} jobs: {:.0} files/s best, {:.0} median; peak RSS {:.1} MiB best, {:.1} median (of {})",
        config.files,
        config.jobs,
        rust.best_rate,
        rust.median_rate,
        rust.best_mib,
        rust.median_mib,
        runs.len()
    );

    // (what, measured, target, met), printed at the end.
    let mut targets: Vec<(String, String, String, bool)> = Vec::new();
    if label == "batch" {
        targets.push((
            format!("batch, {} files, {} jobs", config.files, config.jobs),
            format!("{:.0} files/s", rust.best_rate),
            format!(">= {TARGET_RATE:.0} files/s"),
            rust.best_rate >= TARGET_RATE,
        ));
    }

    if config.scaling {
        // A process's peak moves by a few per cent between runs of the same files (which threads take which
        // blocks when), so each size is run as often as the main measurement and compared by its median.
        println!("scaling ({} runs each, compared by their median):", config.repeat);
        let mut rows = Vec::new();
        for n in SCALING {
            let input = subset(&root, &all, n)?;
            let expected: BTreeSet<String> = broken.iter().filter(|b| in_subset(b, n)).cloned().collect();
            let out = root.join(format!("out-{n}"));
            let runs = measure(config, &bin, &input, &out, config.repeat, &expected, &mut ok)?;
            rows.push((n, Summary::of(&runs), runs));
        }
        println!(
            "  {:>6}  {:>9}  {:>8}  {:>19}  {:>13}",
            "files", "wall s", "files/s", "peak RSS MiB, runs", "median MiB"
        );
        let mut peaks = Vec::new();
        for (n, summary, runs) in &rows {
            let wall = runs.iter().map(|(_, r)| secs(r.wall)).fold(f64::MAX, f64::min);
            let all: Vec<String> = runs.iter().map(|(_, r)| format!("{:.1}", r.peak_mib)).collect();
            println!(
                "  {n:>6}  {wall:>9.2}  {:>8.0}  {:>19}  {:>13.1}",
                summary.best_rate,
                all.join(" "),
                summary.median_mib
            );
            peaks.push(summary.median_mib);
        }
        let largest = peaks[peaks.len() - 1];
        targets.push((
            format!("peak RSS at {} files", SCALING[SCALING.len() - 1]),
            format!("{largest:.1} MiB"),
            format!("< {TARGET_PEAK_MIB:.0} MiB"),
            largest < TARGET_PEAK_MIB,
        ));
        let (low, high) = peaks.iter().fold((f64::MAX, 0.0f64), |(l, h), &p| (l.min(p), h.max(p)));
        let spread = high / low - 1.0;
        targets.push((
            "peak RSS across 250, 1,000, 4,000 files".to_owned(),
            format!("{low:.1} to {high:.1} MiB, {:.0} % apart", spread * 100.0),
            format!("within {:.0} %", TARGET_FLAT * 100.0),
            spread <= TARGET_FLAT,
        ));
    }

    if let Some(python) = &config.python {
        match python_ready(python) {
            Err(why) => println!(
                "python baseline skipped: {why}\n  install: python3 -m venv /tmp/bulk-venv && /tmp/bulk-venv/bin/pip \
                 install -r benches/python/requirements.txt\n  then: cargo bench --bench bulk -- --python \
                 /tmp/bulk-venv/bin/python"
            ),
            Ok(()) => {
                let n = config.python_files.min(config.files).max(1);
                let input = subset(&root, &all, n)?;
                let expected: BTreeSet<String> = broken.iter().filter(|b| in_subset(b, n)).cloned().collect();
                let command = format!("{} {} {{in}} -o {{out}} --jobs {{jobs}}", quote(python), quote(BASELINE));
                let py_config = Config { command, ..clone_config(config) };
                let runs = measure(&py_config, &bin, &input, &root.join("out-python"), 1, &expected, &mut ok)?;
                let py = Summary::of(&runs);
                println!(
                    "python baseline: {n} files, {} jobs: {:.1} files/s, peak RSS {:.1} MiB",
                    config.jobs, py.best_rate, py.best_mib
                );
                println!(
                    "ratio: {label} is {:.0}x faster (best), {:.0}x (median), than the Python baseline",
                    rust.best_rate / py.best_rate,
                    rust.median_rate / py.best_rate
                );
                targets.push((
                    format!("{label} over the Python baseline"),
                    format!("{:.0}x", rust.best_rate / py.best_rate),
                    format!(">= {TARGET_PYTHON:.0}x"),
                    rust.best_rate / py.best_rate >= TARGET_PYTHON,
                ));
            }
        }
    }
    if !targets.is_empty() {
        println!("targets (load average now {}):", load_average());
        for (what, measured, target, met) in &targets {
            println!("  {}  {what}: {measured} (target {target})", if *met { "PASS" } else { "FAIL" });
        }
    }
    // The outputs of earlier runs, moved aside by `measure`, and the probe's files go now that nothing is
    // being timed.
    for entry in std::fs::read_dir(&root).into_iter().flatten().flatten() {
        if entry.path().extension().is_some_and(|e| e.to_string_lossy().starts_with("old-")) {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
    let _ = std::fs::remove_dir_all(root.join("probe"));
    if config.keep.is_some() {
        println!("kept {}", root.display());
    }
    Ok(ok)
}

fn clone_config(c: &Config) -> Config {
    Config {
        files: c.files,
        jobs: c.jobs,
        repeat: c.repeat,
        warmup: c.warmup,
        scaling: c.scaling,
        python: c.python.clone(),
        python_files: c.python_files,
        command: c.command.clone(),
        keep: c.keep.clone(),
    }
}

// ---------------------------------------------------------------------------------------------------------
// Generating the workbooks.

/// Company names in several scripts; the file number is appended so each is unique.
const COMPANIES: &[&str] = &[
    "Fabrikam Freight Systems Ltd",
    "Müller & Søn Software GmbH",
    "株式会社さくらロジスティクス",
    "Ørsted Analyse ApS",
    "Łódź Logistyka Sp. z o.o.",
    "Αθηνά Πληροφορική Α.Ε.",
    "Zürcher Datenwerk AG",
    "Café Numérique SARL",
    "Contoso Analytics",
    "Northwind Traders",
    "Tailspin Toys Inc.",
    "Škoda Digitální s.r.o.",
    "Компания Север",
    "Woodgrove Software",
];
const SOLUTIONS: &[&str] =
    &["RouteWise TMS", "PraxisCloud", "LedgerLite", "ShopFloor MES", "Kundenportal", "配送プランナー"];

/// Answers typed the way people type them; each still reads as a valid answer.
const TYPED: &[(&str, &str)] = &[
    ("meta.completed_on", "02.11.2026"),
    ("solution.demo_available", "yes"),
    ("architecture.current_hosting", "On-premises"),
    ("architecture.regions", "UK South; West Europe; North Europe"),
    ("requirements.availability.sla_target_percent", "99.9%"),
    ("requirements.disaster_recovery.rpo", "15 minutes"),
    ("requirements.disaster_recovery.rto", "4 hours"),
    ("requirements.migration.data_volume_gb", "5.8 TB"),
];

/// Answers that do not parse: each becomes an invalid answer and a high gap.
const INVALID: &[(&str, &str)] = &[
    ("architecture.current_hosting", "Azur"),
    ("requirements.availability.sla_target_percent", "very high"),
    ("requirements.disaster_recovery.rpo", "soon"),
    ("meta.contact_email", "priya at fabrikam"),
    ("meta.completed_on", "next week"),
    ("requirements.availability.multi_zone", "maybe"),
    ("requirements.migration.data_volume_gb", "lots"),
];

/// Answers a vendor may leave open.
const OPEN: &[&str] = &[
    "solution.customers",
    "meta.architecture_diagram",
    "requirements.performance.max_latency_ms",
    "requirements.security.authorization",
    "requirements.disaster_recovery.rto",
    "requirements.governance.data_residency",
    "technology.operations.monitoring",
    "technology.operations.apm",
    "architecture.network_topology",
    "schedule.go_live",
];

/// A small deterministic generator (splitmix64): the same N gives the same files on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// File `i` is broken when `i % 100 == 50`: a truncated workbook, or every other time a PDF named `.xlsx`.
fn broken_kind(i: usize) -> Option<&'static str> {
    (i % 100 == 50).then_some(if (i / 100).is_multiple_of(2) { "truncated" } else { "pdf" })
}

fn file_name(i: usize, company: &str) -> String {
    let word: String =
        company.split_whitespace().next().unwrap_or("vendor").chars().filter(|c| c.is_alphanumeric()).collect();
    format!("{i:05}-{}.xlsx", word.to_lowercase())
}

/// The number in a generated file name, to tell which files a subset of the first N holds.
fn in_subset(name: &str, n: usize) -> bool {
    name.get(..5).and_then(|d| d.parse::<usize>().ok()).is_some_and(|i| i < n)
}

/// Writes `n` workbooks into `dir` on `jobs` threads; returns the names of the broken ones.
fn generate(dir: &Path, n: usize, jobs: usize) -> Result<BTreeSet<String>, String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let fabrikam: Value = serde_json::from_str(FABRIKAM).expect("the sample parses");
    let mueller: Value = serde_json::from_str(MUELLER).expect("the sample parses");
    let results: Vec<Result<Vec<String>, String>> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..jobs)
            .map(|worker| {
                let (fabrikam, mueller) = (&fabrikam, &mueller);
                scope.spawn(move || {
                    let mut broken = Vec::new();
                    for i in (worker..n).step_by(jobs) {
                        let (name, bytes, is_broken) = workbook(i, fabrikam, mueller)?;
                        std::fs::write(dir.join(&name), bytes).map_err(|e| format!("{name}: {e}"))?;
                        if is_broken {
                            broken.push(name);
                        }
                    }
                    Ok(broken)
                })
            })
            .collect();
        workers.into_iter().map(|w| w.join().expect("a generator thread panicked")).collect()
    });
    let mut broken = BTreeSet::new();
    for result in results {
        broken.extend(result?);
    }
    Ok(broken)
}

/// Workbook `i`: its file name, its bytes and whether it is broken.
fn workbook(i: usize, fabrikam: &Value, mueller: &Value) -> Result<(String, Vec<u8>, bool), String> {
    let mut rng = Rng(i as u64 ^ 0x5EED);
    let partial = i % 20 == 7;
    let mut json = if partial { mueller.clone() } else { fabrikam.clone() };
    let company = format!("{} {i}", rng.pick(COMPANIES));
    let name = file_name(i, &company);
    json["meta"]["company_name"] = json!(company);
    json["meta"]["solution_name"] = json!(rng.pick(SOLUTIONS));
    if !partial {
        vary(&mut json, &mut rng);
    }
    let profile: Profile = serde_json::from_value(json).map_err(|e| format!("{name}: the varied profile: {e}"))?;
    let bytes = write_filled(&profile, &TemplateOptions::default()).map_err(|e| format!("{name}: {e}"))?;
    Ok(match broken_kind(i) {
        Some("truncated") => (name, bytes[..bytes.len() * 3 / 5].to_vec(), true),
        Some(_) => (name, minimal_pdf(&company), true),
        None => (name, bytes, false),
    })
}

/// Changes answers, leaves some open, types some differently and makes some invalid.
fn vary(json: &mut Value, rng: &mut Rng) {
    let availability = &mut json["requirements"]["availability"];
    availability["sla_target_percent"] = json!(rng.pick(&[99.0, 99.5, 99.9, 99.95, 99.99]));
    availability["multi_zone"] = json!(rng.pick(&["yes", "no", "planned"]));
    availability["multi_region"] = json!(rng.pick(&["yes", "no", "planned"]));
    json["architecture"]["current_hosting"] = json!(rng.pick(&["on_premises", "aws", "azure", "hybrid", "gcp"]));
    json["requirements"]["disaster_recovery"]["rpo"] = json!(rng.pick(&["PT5M", "PT15M", "PT1H", "P1D"]));
    json["requirements"]["migration"]["data_volume_gb"] = json!(10 + rng.below(20_000));
    json["requirements"]["usage"]["peak_concurrent_users"] = json!(50 + rng.below(100_000));
    if rng.chance(30) {
        json["engagements"].as_array_mut().expect("the sample has engagements").pop();
    }
    if rng.chance(20) {
        json["engagements"][0]["priority"] = json!("low");
    }

    // Later edits win, so each key ends in one state.
    let mut edits: Vec<(&str, &str, &str)> = Vec::new();
    for (key, text) in TYPED {
        if rng.chance(40) {
            edits.push((key, text, "invalid"));
        }
    }
    for key in OPEN {
        match rng.below(10) {
            0 => edits.push((key, "", "unknown")),
            1 => edits.push((key, "TBD", "unknown")),
            _ => {}
        }
    }
    if rng.chance(35) {
        for _ in 0..1 + rng.below(2) {
            let (key, text) = rng.pick(INVALID);
            edits.push((key, text, "invalid"));
        }
    }
    for (key, text, state) in edits {
        remove(json, key);
        json["answer_states"].as_object_mut().expect("the sample has answer states").remove(key);
        if !text.is_empty() {
            // `write_filled` writes a recorded state's raw text into the cell verbatim; the importer then
            // decides the real state, so typed answers read as answered and garbage as invalid.
            json["answer_states"][key] = json!({ "state": state, "raw": text });
        }
    }
}

/// Removes the value at a dotted key.
fn remove(json: &mut Value, key: &str) {
    let Some((parents, last)) = key.rsplit_once('.') else { return };
    let mut node = json;
    for segment in parents.split('.') {
        match node.get_mut(segment) {
            Some(next) => node = next,
            None => return,
        }
    }
    if let Some(object) = node.as_object_mut() {
        object.remove(last);
    }
}

/// A one-page PDF, the kind of file a vendor attaches by mistake under the questionnaire's name.
fn minimal_pdf(title: &str) -> Vec<u8> {
    format!(
        "%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 \
         >> endobj\n3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >> endobj\n4 0 obj << /Title ({}) >> \
         endobj\ntrailer << /Root 1 0 R /Info 4 0 R >>\n%%EOF\n",
        title.chars().filter(char::is_ascii_alphanumeric).collect::<String>()
    )
    .into_bytes()
}

/// A folder of the first `n` generated files (hard links; copies where links fail).
fn subset(root: &Path, all: &Path, n: usize) -> Result<PathBuf, String> {
    let dir = root.join(format!("in-{n}"));
    if dir.exists() {
        return Ok(dir);
    }
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let mut names: Vec<String> = std::fs::read_dir(all)
        .map_err(|e| format!("{}: {e}", all.display()))?
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|name| in_subset(name, n))
        .collect();
    names.sort();
    for name in names {
        let (from, to) = (all.join(&name), dir.join(&name));
        if std::fs::hard_link(&from, &to).is_err() {
            std::fs::copy(&from, &to).map_err(|e| format!("{name}: {e}"))?;
        }
    }
    Ok(dir)
}

// ---------------------------------------------------------------------------------------------------------
// Running and measuring.

struct Run {
    wall: Duration,
    peak_mib: f64,
}

impl Run {
    fn rate(&self, files: usize) -> f64 {
        files as f64 / self.wall.as_secs_f64()
    }
}

struct Summary {
    best_rate: f64,
    median_rate: f64,
    best_mib: f64,
    median_mib: f64,
}

impl Summary {
    fn of(runs: &[(usize, Run)]) -> Summary {
        let mut rates: Vec<f64> = runs.iter().map(|(n, r)| r.rate(*n)).collect();
        let mut mibs: Vec<f64> = runs.iter().map(|(_, r)| r.peak_mib).collect();
        rates.sort_by(f64::total_cmp);
        mibs.sort_by(f64::total_cmp);
        Summary {
            best_rate: rates[rates.len() - 1],
            median_rate: rates[rates.len() / 2],
            best_mib: mibs[0],
            median_mib: mibs[mibs.len() / 2],
        }
    }
}

/// Runs the configured command `repeat` times over `input`, into a fresh `out` each time, checking each run,
/// after `config.warmup` runs that are checked and printed but not counted. The first runs of a bench,
/// right after it generated its workbooks, often came out below the same files' runs a minute later (by
/// up to 12 %, though not in every bench); a run before the timed ones meets whatever the harness's own
/// work left behind (the files just written, the caches just filled with the generator's), as hyperfine's
/// `--warmup` does.
///
/// A previous run's output is moved aside, not deleted: the whole temporary folder goes at the end. Deleting
/// thousands of files just before a run makes the next run's file creation slower on some file systems (ext4
/// without a journal, as on this machine, skips inodes freed in the last minutes, scanning past each of
/// them), so the run would measure the harness's clean-up as much as the program. The same
/// holds between benches: the end of one slows the next started within minutes, which
/// [`creation_probe`] shows.
fn measure(
    config: &Config,
    bin: &Path,
    input: &Path,
    out: &Path,
    repeat: usize,
    broken: &BTreeSet<String>,
    ok: &mut bool,
) -> Result<Vec<(usize, Run)>, String> {
    let files = std::fs::read_dir(input).map_err(|e| format!("{}: {e}", input.display()))?.count();
    let mut runs = Vec::new();
    // `None` for a warm-up run, else the timed run's number.
    for attempt in std::iter::repeat_n(None, config.warmup).chain((1..=repeat).map(Some)) {
        if out.exists() {
            let aside = (1..).map(|n| out.with_extension(format!("old-{n}"))).find(|p| !p.exists()).unwrap_or_default();
            std::fs::rename(out, &aside).map_err(|e| format!("{}: {e}", out.display()))?;
        }
        std::fs::create_dir_all(out).map_err(|e| format!("{}: {e}", out.display()))?;
        settle();
        let load = load_average();
        let (run, status, stderr) = run_child(config, bin, input, out)?;
        let which = attempt.map_or_else(|| "warm-up".to_owned(), |n| format!("run {n}/{repeat}"));
        println!(
            "  {which}: {files} files in {:.2} s = {:.0} files/s, peak RSS {:.1} MiB, exit {}, load {load}",
            secs(run.wall),
            run.rate(files),
            run.peak_mib,
            status.map_or("signal".to_owned(), |s| s.to_string()),
        );
        *ok &= check(out, files, broken, status, &stderr);
        if attempt.is_some() {
            runs.push((files, run));
        }
    }
    Ok(runs)
}

/// How many empty files [`creation_probe`] creates.
const PROBE_FILES: usize = 2000;

/// Above this many microseconds a file, file creation is reported as slow. On the disk of the machine this
/// was measured on (2026-11-30), a file took about 20 µs to create; in the first minutes after a bench's
/// clean-up, 200 to 620 µs, back to 20 µs after about six minutes (a `sync` did not shorten that there).
const SLOW_CREATION_MICROS: f64 = 100.0;

/// Times the creation of [`PROBE_FILES`] empty files in a new folder beside the runs' output, in
/// microseconds a file, so that a run slowed by the file system says so. `batch` creates two files an input
/// (the PDF and the JSON, each written aside and renamed), so where creating one costs half a millisecond,
/// 1,000 inputs spend a second of the run in the kernel. The files stay until the end: deleting them would
/// slow the runs the same way.
fn creation_probe(folder: &Path) -> Option<f64> {
    // A kept folder may hold an earlier probe's files.
    let _ = std::fs::remove_dir_all(folder);
    std::fs::create_dir_all(folder).ok()?;
    let started = Instant::now();
    for n in 0..PROBE_FILES {
        std::fs::File::create_new(folder.join(n.to_string())).ok()?;
    }
    Some(secs(started.elapsed()) * 1e6 / PROBE_FILES as f64)
}

/// Writes what earlier steps left in the page cache (the generated workbooks, earlier runs' outputs, some
/// 80 MB a run of 1,000 files) to disk before a run is timed. Left dirty, the kernel writes it back 30
/// seconds after it was written, that is during the next runs, on the cores they are timed on: a batch
/// would be charged for its predecessors' writing. A run leaves its own outputs to be written after it,
/// as a single batch does. Where `sync` cannot be run, the run goes on unsettled.
fn settle() {
    let _ = Command::new("sync").stdin(Stdio::null()).stdout(Stdio::null()).stderr(Stdio::null()).status();
}

/// Runs the command once under `/usr/bin/time` (or polling `VmHWM` without it).
fn run_child(config: &Config, bin: &Path, input: &Path, out: &Path) -> Result<(Run, Option<i32>, String), String> {
    let shell = config
        .command
        .replace("{bin}", &quote(&bin.to_string_lossy()))
        .replace("{in}", &quote(&input.to_string_lossy()))
        .replace("{out}", &quote(&out.to_string_lossy()))
        .replace("{jobs}", &config.jobs.to_string());
    let scratch = out.with_extension("measure");
    std::fs::create_dir_all(&scratch).map_err(|e| format!("{}: {e}", scratch.display()))?;
    let (memory, stderr_file) = (scratch.join("maxrss"), scratch.join("stderr"));
    let time = Path::new("/usr/bin/time");
    let mut command = if time.exists() {
        let mut c = Command::new(time);
        c.arg("-f").arg("%M").arg("-o").arg(&memory).arg("sh").arg("-c").arg(&shell);
        c
    } else {
        let mut c = Command::new("sh");
        c.arg("-c").arg(format!("exec {shell}"));
        c
    };
    command
        .env("BULK_BIN", bin)
        .env("BULK_IN", input)
        .env("BULK_OUT", out)
        .env("BULK_JOBS", config.jobs.to_string())
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(&stderr_file).map_err(|e| format!("{}: {e}", stderr_file.display()))?);

    let started = Instant::now();
    let mut child = command.spawn().map_err(|e| format!("cannot run `{shell}`: {e}"))?;
    let mut polled_kib = 0u64;
    let status = if time.exists() {
        child.wait().map_err(|e| e.to_string())?
    } else {
        loop {
            polled_kib = polled_kib.max(vm_hwm_kib(child.id()).unwrap_or(0));
            if let Some(status) = child.try_wait().map_err(|e| e.to_string())? {
                break status;
            }
            std::thread::sleep(Duration::from_millis(5));
        }
    };
    let wall = started.elapsed();
    let kib = if time.exists() {
        let text = std::fs::read_to_string(&memory).unwrap_or_default();
        // `time` writes "Command exited with non-zero status 1" above the figure when the command fails.
        text.lines().filter_map(|l| l.trim().parse::<u64>().ok()).next_back().unwrap_or(0)
    } else {
        polled_kib
    };
    let stderr = std::fs::read_to_string(&stderr_file).unwrap_or_default();
    Ok((Run { wall, peak_mib: kib as f64 / 1024.0 }, status.code(), stderr))
}

fn vm_hwm_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Checks one run's output: with an index, a row per file, exactly the broken files failed, a PDF and a
/// JSON per converted file, a portfolio overview and exit status 1 when any failed (0 otherwise); without
/// an index (the per-file stand-in), a JSON per readable file.
fn check(out: &Path, files: usize, broken: &BTreeSet<String>, status: Option<i32>, stderr: &str) -> bool {
    let mut problems = String::new();
    let count = |ext: &str| {
        std::fs::read_dir(out)
            .map(|d| d.filter_map(Result::ok).filter(|e| e.path().extension().is_some_and(|x| x == ext)).count())
            .unwrap_or(0)
    };
    let index = out.join("index.csv");
    if index.exists() {
        match read_index(&index) {
            Err(e) => {
                let _ = writeln!(problems, "index.csv: {e}");
            }
            Ok(rows) => {
                if rows.len() != files {
                    let _ = writeln!(problems, "index.csv has {} rows for {files} files", rows.len());
                }
                let failed: BTreeSet<String> = rows
                    .iter()
                    .filter(|(_, status)| status == "failed")
                    .map(|(file, _)| Path::new(file).file_name().map_or(file.clone(), |n| n.to_string_lossy().into()))
                    .collect();
                if &failed != broken {
                    let _ = writeln!(problems, "failed {failed:?}, expected the broken {broken:?}");
                }
            }
        }
        let converted = files - broken.len();
        // The portfolio overview is a PDF beside the reports.
        if count("pdf") != converted + 1 || !out.join("portfolio.pdf").exists() {
            let _ = writeln!(problems, "{} PDFs for {converted} converted files plus the portfolio", count("pdf"));
        }
        // index.json is a JSON beside the profiles.
        if count("json") != converted + 1 {
            let _ = writeln!(problems, "{} JSON files for {converted} converted files plus index.json", count("json"));
        }
        let expected_status = if broken.is_empty() { 0 } else { 1 };
        if status != Some(expected_status) {
            let _ = writeln!(problems, "exit status {status:?}, expected {expected_status}");
        }
    } else if count("json") != files - broken.len() {
        let _ = writeln!(
            problems,
            "no index.csv, and {} JSON files for {} readable files",
            count("json"),
            files - broken.len()
        );
    }
    if problems.is_empty() {
        return true;
    }
    eprint!("  CHECK FAILED:\n{}", indent(&problems));
    let tail: Vec<&str> = stderr.lines().rev().take(8).collect();
    eprintln!("  the command's last lines on standard error:");
    for line in tail.iter().rev() {
        eprintln!("    {line}");
    }
    false
}

/// The index's (file, status) pairs.
fn read_index(path: &Path) -> Result<Vec<(String, String)>, String> {
    let mut reader = csv::Reader::from_path(path).map_err(|e| e.to_string())?;
    let headers = reader.headers().map_err(|e| e.to_string())?.clone();
    let column = |name: &str| headers.iter().position(|h| h == name).ok_or(format!("no `{name}` column"));
    let (file, status) = (column("file")?, column("status")?);
    reader
        .records()
        .map(|r| {
            let r = r.map_err(|e| e.to_string())?;
            Ok((r.get(file).unwrap_or("").to_owned(), r.get(status).unwrap_or("").to_owned()))
        })
        .collect()
}

fn python_ready(python: &str) -> Result<(), String> {
    let probe = Command::new(python)
        .args(["-c", "import openpyxl, jsonschema, reportlab"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
    match probe {
        Ok(status) if status.success() => Ok(()),
        Ok(_) => Err(format!("`{python}` lacks openpyxl, jsonschema or reportlab")),
        Err(e) => Err(format!("cannot run `{python}`: {e}")),
    }
}

fn quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', r"'\''"))
}

fn indent(text: &str) -> String {
    text.lines().map(|l| format!("    {l}\n")).collect()
}

fn secs(d: Duration) -> f64 {
    d.as_secs_f64()
}

fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "unknown".to_owned())
}

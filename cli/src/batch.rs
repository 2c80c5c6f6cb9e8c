//! `discovery batch`: every readable questionnaire in folders and files to a PDF report and a profile JSON,
//! plus an index and a portfolio overview. In parallel; one bad file never stops the rest.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use discovery::analyse::GapSeverity;
use discovery::portfolio::{IndexRow, Status};
use discovery::Converter;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;

use crate::common;
use crate::previous::Previous;

/// Arguments of `discovery batch`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Folders (searched recursively) and files to convert.
    #[arg(required = true, value_name = "DIR_OR_FILES")]
    inputs: Vec<PathBuf>,
    /// The folder to write reports, profiles, the index and the portfolio overview to.
    #[arg(short, long, value_name = "OUTDIR")]
    output: PathBuf,
    /// How many files to convert at once (default: one per core).
    #[arg(short, long, value_name = "N")]
    jobs: Option<usize>,
    /// The previous round's output folder: each questionnaire is compared with its previous return there
    /// (matched by company and solution name, else by file name), its report gets the changes, the index
    /// the columns previous_file, completeness_change, gaps_closed and gaps_opened, and the overview the
    /// progress since the previous round.
    #[arg(long, value_name = "PREV_OUTDIR")]
    previous: Option<PathBuf>,
}

/// The file names the batch writes besides the per-file outputs; no input's outputs may take them.
const RESERVED: [&str; 3] = ["index.csv", "index.json", "portfolio.pdf"];

/// The extensions of the files a folder search picks up.
const EXTENSIONS: [&str; 7] = ["xlsx", "xlsm", "xls", "xlsb", "ods", "csv", "json"];

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    std::fs::create_dir_all(&args.output)
        .with_context(|| format!("{}: cannot create the output folder", args.output.display()))?;
    let out_dir = args.output.canonicalize().with_context(|| format!("{}: cannot resolve", args.output.display()))?;
    let files = find_inputs(&args.inputs, &out_dir)?;
    let names = output_names(&files, &out_dir);
    let pool = rayon::ThreadPoolBuilder::new().num_threads(args.jobs.unwrap_or(0)).build()?;
    let converter = Converter::new();
    let previous = args.previous.as_deref().map(|dir| Previous::load(dir, &converter)).transpose()?;
    let progress = progress_bar(files.len() as u64);
    let rows: Vec<IndexRow> = pool.install(|| {
        files
            .par_iter()
            .zip(names.par_iter())
            .map(|(file, name)| {
                // A defect that panics on one file must not take the rest of the batch down with it.
                let row = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    convert_one(&converter, previous.as_ref(), file, name, &out_dir)
                }))
                .unwrap_or_else(|_| {
                    IndexRow::failed(&file.display().to_string(), "internal error while converting this file")
                });
                progress.inc(1);
                row
            })
            .collect()
    });
    progress.finish_and_clear();

    crate::output::write_atomically(&out_dir.join("index.csv"), &discovery::portfolio::index_csv(&rows)?)?;
    crate::output::write_atomically(&out_dir.join("index.json"), &discovery::portfolio::index_json(&rows))?;
    let overview = match previous {
        Some(_) => converter.portfolio_pdf_since_previous(&rows)?,
        None => converter.portfolio_pdf(&rows)?,
    };
    crate::output::write_atomically(&out_dir.join("portfolio.pdf"), &overview)?;

    let failed = rows.iter().filter(|r| r.status == Status::Failed).count();
    for row in rows.iter().filter(|r| r.status == Status::Failed) {
        let style = common::severity_style(discovery::Severity::Error);
        eprintln!("{style}error{style:#}: {}: {}", row.file, row.error);
    }
    let gaps = |s: GapSeverity| rows.iter().map(|r| r.gaps(s)).sum::<usize>();
    eprintln!(
        "{} files: {} converted, {} failed; gaps: {} high, {} medium, {} low; output in {}",
        rows.len(),
        rows.len() - failed,
        failed,
        gaps(GapSeverity::High),
        gaps(GapSeverity::Medium),
        gaps(GapSeverity::Low),
        args.output.display()
    );
    if let Some(previous) = &previous {
        eprintln!("{}", crate::previous::summary(previous, &rows));
    }
    Ok(if failed == 0 { ExitCode::SUCCESS } else { ExitCode::from(common::EXIT_ERRORS) })
}

fn progress_bar(len: u64) -> ProgressBar {
    // indicatif draws only on a terminal; redirected output stays clean.
    let bar = ProgressBar::with_draw_target(Some(len), ProgressDrawTarget::stderr());
    bar.set_style(
        ProgressStyle::with_template("{bar:40} {pos}/{len} files, {per_sec}, eta {eta}")
            .expect("the template is valid"),
    );
    bar
}

/// One file to its PDF and JSON, compared with its previous return when there is a previous round; any
/// failure becomes the row's error.
fn convert_one(
    converter: &Converter,
    previous: Option<&Previous>,
    file: &Path,
    name: &str,
    out_dir: &Path,
) -> IndexRow {
    let shown = file.display().to_string();
    match crate::previous::convert(converter, previous, file, name) {
        Ok((converted, compared)) => {
            let json_name = format!("{name}.json");
            let pdf_name = format!("{name}.pdf");
            let written = crate::output::write_atomically(&out_dir.join(&json_name), &converted.profile_json)
                .and_then(|()| crate::output::write_atomically(&out_dir.join(&pdf_name), &converted.pdf));
            match written {
                Ok(()) => crate::previous::annotate(
                    IndexRow::converted(&shown, &converted.checked, &pdf_name, &json_name),
                    compared,
                ),
                Err(error) => IndexRow::failed(&shown, &error.to_string()),
            }
        }
        Err(error) => IndexRow::failed(&shown, error.message()),
    }
}

/// Every input file: files as given, folders searched recursively for questionnaire extensions, in a
/// stable order; the output folder, hidden files and spreadsheet lock files are skipped.
fn find_inputs(inputs: &[PathBuf], out_dir: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let mut found = BTreeSet::new();
    for input in inputs {
        let metadata = std::fs::metadata(input).with_context(|| format!("{}: cannot read", input.display()))?;
        if metadata.is_dir() {
            walk(input, out_dir, &mut found)?;
        } else {
            found.insert(input.clone());
        }
    }
    Ok(found.into_iter().collect())
}

fn walk(dir: &Path, out_dir: &Path, found: &mut BTreeSet<PathBuf>) -> anyhow::Result<()> {
    if dir.canonicalize().is_ok_and(|d| d == out_dir) {
        return Ok(());
    }
    let entries = std::fs::read_dir(dir).with_context(|| format!("{}: cannot read the folder", dir.display()))?;
    for entry in entries {
        let path = entry?.path();
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        // Hidden files, and the lock files Excel (~$name) and LibreOffice (.~lock.name#) leave beside open files.
        if name.starts_with('.') || name.starts_with("~$") {
            continue;
        }
        if path.is_dir() {
            walk(&path, out_dir, found)?;
        } else if path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
        {
            found.insert(path);
        }
    }
    Ok(())
}

/// A safe, unique output name per input: its file stem with anything but letters, digits, `-`, `_` and `.`
/// replaced, and `-2`, `-3`... where its `.pdf` or `.json` would collide (case-insensitively, for file
/// systems that ignore case) with another input's outputs, the index, or an input file in the output folder.
fn output_names(files: &[PathBuf], out_dir: &Path) -> Vec<String> {
    let mut taken: BTreeSet<String> = RESERVED.iter().map(|r| r.to_string()).collect();
    for file in files {
        let in_out_dir = file.parent().and_then(|p| p.canonicalize().ok()).is_some_and(|p| p == out_dir);
        if let (true, Some(name)) = (in_out_dir, file.file_name()) {
            taken.insert(name.to_string_lossy().to_lowercase());
        }
    }
    files
        .iter()
        .map(|file| {
            let stem = file.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
            let mut base: String = stem
                .chars()
                .map(|c| if c.is_alphanumeric() || c == '-' || c == '_' || c == '.' { c } else { '_' })
                .collect();
            base = base.trim_matches('.').chars().take(100).collect();
            if base.is_empty() {
                base = "questionnaire".to_owned();
            }
            let mut name = base.clone();
            let mut n = 2;
            loop {
                let (pdf, json) = (format!("{name}.pdf").to_lowercase(), format!("{name}.json").to_lowercase());
                if !taken.contains(&pdf) && !taken.contains(&json) {
                    taken.insert(pdf);
                    taken.insert(json);
                    return name;
                }
                name = format!("{base}-{n}");
                n += 1;
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_names_are_safe_and_unique() {
        let files: Vec<PathBuf> =
            ["a/Acme GmbH.xlsx", "b/acme gmbh.ods", "c/../x/index.xlsx", "d/..xlsx", "e/株式会社.xlsx"]
                .iter()
                .map(PathBuf::from)
                .collect();
        assert_eq!(
            output_names(&files, Path::new("/nowhere")),
            ["Acme_GmbH", "acme_gmbh-2", "index-2", "questionnaire", "株式会社"]
        );
    }
}

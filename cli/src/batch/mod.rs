//! `discovery batch`: every readable questionnaire in folders and files to a PDF report and a profile JSON,
//! plus an index and a portfolio overview. In parallel; one bad file never stops the rest.
//!
//! The steps, each in its own file: find the questionnaires (`walker`), prepare and lock the output folder
//! (`outdir`), name each file's outputs (`naming`), convert each file (`convert`), and write the index and
//! the overview and say how it went (`outputs`). Per file, only its index row is kept once its report and
//! profile are written, so memory stays flat however many files there are.

mod convert;
mod naming;
mod outdir;
mod outputs;
mod walker;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use discovery::portfolio::{IndexRow, IndexRows, Skipped};
use discovery::Converter;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::files::{self, Identity};
use crate::previous::Previous;
use crate::{common, Global};

/// The most files converted at once: more threads than this only add memory (each renders a PDF).
pub const MAX_JOBS: usize = 64;

/// Arguments of `discovery batch`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Folders are searched for .xlsx, .xlsm, .xls, .xlsb, .ods, .csv and .json files; symlinked \
    folders are not followed, hidden files, Office lock files (~$...) and other files are skipped and listed in \
    index.json under \"skipped\", as are earlier batches' output folders. A second batch into the same OUTDIR is \
    refused while the first runs.\n\n\
    Exit codes: 0 every questionnaire converted; 1 some failed; 2 no questionnaire found, or OUTDIR cannot be used.")]
pub struct Args {
    /// Folders (searched recursively) and files to convert.
    #[arg(required = true, value_name = "DIR_OR_FILES")]
    inputs: Vec<PathBuf>,
    /// The folder to write reports, profiles, the index and the portfolio overview to.
    #[arg(short, long, value_name = "OUTDIR")]
    output: PathBuf,
    /// How many files to convert at once (default: one per core; at most 64).
    #[arg(short, long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=MAX_JOBS as i64))]
    jobs: Option<u16>,
    /// The previous round's output folder: each questionnaire is compared with its previous return there
    /// (matched by company and solution name, else by file name), its report gets the changes, the index
    /// the columns previous_file, completeness_change, gaps_closed and gaps_opened, and the overview the
    /// progress since the previous round.
    #[arg(long, value_name = "PREV_OUTDIR")]
    previous: Option<PathBuf>,
}

/// What became of one file.
// Nearly every outcome is a row; boxing it would add an allocation per file to save nothing.
#[allow(clippy::large_enum_variant)]
pub enum Outcome {
    /// Converted or failed: its row of the index.
    Row(IndexRow),
    /// No questionnaire after all (a JSON that is no profile).
    Skipped(Skipped),
}

pub fn run(args: Args, global: Global) -> anyhow::Result<ExitCode> {
    // A batch reads folders and files and writes a folder: `-` is neither here.
    if args.inputs.iter().any(|i| i.as_os_str() == "-") {
        anyhow::bail!(
            "-: a batch reads folders and files, not standard input; `discovery import -` reads one file from it"
        );
    }
    if args.output.as_os_str() == "-" {
        anyhow::bail!("-: a batch writes a folder of reports, not standard output; name a folder with -o");
    }
    if let Some(message) = args.previous.as_deref().and_then(|previous| previous_problem(previous, &args.output)) {
        return Ok(common::unreadable(&message));
    }
    let out_abs = absolute(&args.output);
    // The converter (the fonts and the schema it prepares) is made while the inputs are searched.
    let (found, converter) = std::thread::scope(|scope| {
        let converter = scope.spawn(Converter::new);
        let found = walker::find(&args.inputs, &out_abs);
        (found, converter.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)))
    });
    if found.candidates.is_empty() {
        return Ok(common::unreadable(&outputs::nothing_found(&found.skipped)));
    }
    if let Some(message) = overwritten_input(&found.candidates, &out_abs) {
        return Ok(common::unreadable(&message));
    }
    let out_dir = match outdir::prepare(&args.output) {
        Ok(out_dir) => out_dir,
        Err(message) => return Ok(common::unreadable(&message)),
    };
    if out_dir.removed_leftovers > 0 {
        common::note(
            &format!(
                "removed {} temporary files an interrupted run left in {}",
                out_dir.removed_leftovers,
                args.output.display()
            ),
            global.quiet,
        );
    }
    let names = {
        let paths: Vec<PathBuf> = found.candidates.iter().map(|c| c.path.clone()).collect();
        naming::output_names(&paths, &out_dir.path)
    };
    let jobs = args.jobs.map_or(0, usize::from).min(found.candidates.len());
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs)
        .build()
        .map_err(|e| anyhow::anyhow!("cannot start {jobs} jobs: {e}; try a smaller --jobs"))?;
    let previous = match args.previous.as_deref().map(|dir| Previous::load(dir, &converter)).transpose() {
        Ok(previous) => previous,
        Err(error) => return Ok(common::unreadable(&error)),
    };
    let progress = progress_bar(found.candidates.len() as u64, global.quiet);
    let candidates = &found.candidates;
    // Each file's row is packed into the index as soon as the rows before it are in, so what a file leaves
    // behind is its row's texts and numbers in a few large blocks, not a row's dozen small ones.
    let mut rows = IndexRows::new();
    let mut skipped = found.skipped;
    let unprintable = Mutex::new(Vec::new());
    in_order(
        &pool,
        candidates.len(),
        |i| {
            let candidate = &candidates[i];
            // A defect that panics on one file must not take the rest of the batch down with it.
            let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                convert::convert_one(&converter, previous.as_ref(), candidate, &names[i], &out_dir.path, &unprintable)
            }))
            .unwrap_or_else(|_| {
                Outcome::Row(IndexRow::failed(
                    &files::shown(&candidate.path),
                    "internal error while converting this file",
                ))
            });
            progress.inc(1);
            outcome
        },
        |outcome| match outcome {
            Outcome::Row(row) => rows.push(row),
            Outcome::Skipped(s) => skipped.push(s),
        },
    );
    progress.finish_and_clear();
    let mut unprintable = unprintable.into_inner().unwrap_or_else(|e| e.into_inner());
    if !unprintable.is_empty() {
        unprintable.sort();
        common::warning(&unprintable_warning(&unprintable), global.quiet);
    }
    // What only the conversion needed goes before the index and the overview are made: the threads with
    // what each keeps, and the paths and names.
    drop(pool);
    drop((found.candidates, names));
    skipped.sort_by(|a, b| a.file.cmp(&b.file));
    let code = outputs::finish(&converter, previous, rows, &skipped, &out_dir.path, &args.output, global);
    drop(out_dir);
    Ok(code)
}

/// `convert(i)` for every `i` below `n` on the pool's threads, which take the files one at a time in their
/// order, and `take` of each result in that order, as soon as the results before it are taken.
///
/// So the first files are converted first however many follow, and a batch of 4,000 starts the way a batch
/// of 250 does: memory, and where an interrupted run got to, do not depend on how a parallel iterator would
/// have split the list. A result waits only for the few files converted at the same time.
fn in_order<T: Send>(
    pool: &rayon::ThreadPool,
    n: usize,
    convert: impl Fn(usize) -> T + Sync,
    take: impl FnMut(T) + Send,
) {
    struct Line<T, F> {
        /// The next result to take.
        next: usize,
        /// Results done before the result of an earlier file, waiting for it.
        waiting: BTreeMap<usize, T>,
        take: F,
    }
    let next_file = AtomicUsize::new(0);
    let line = Mutex::new(Line { next: 0, waiting: BTreeMap::new(), take });
    pool.broadcast(|_| loop {
        let i = next_file.fetch_add(1, Ordering::Relaxed);
        if i >= n {
            break;
        }
        let result = convert(i);
        // A poisoned lock only means a `take` panicked; the line itself is whole.
        let mut line = line.lock().unwrap_or_else(|e| e.into_inner());
        line.waiting.insert(i, result);
        loop {
            let next = line.next;
            let Some(result) = line.waiting.remove(&next) else { break };
            (line.take)(result);
            line.next += 1;
        }
    });
}

/// The warning for reports that draw characters no embedded font has: how many, and the first few files
/// with their first few characters (`nonlatin.xlsx: ו (U+05D5), ...`).
fn unprintable_warning(unprintable: &[(String, BTreeSet<char>)]) -> String {
    let files: Vec<String> = unprintable
        .iter()
        .take(5)
        .map(|(file, chars)| {
            let mut listed: Vec<String> =
                chars.iter().take(8).map(|c| format!("{c} (U+{:04X})", u32::from(*c))).collect();
            if chars.len() > 8 {
                listed.push(format!("{} more", chars.len() - 8));
            }
            format!("{file}: {}", listed.join(", "))
        })
        .collect();
    let more = match unprintable.len() {
        n if n > 5 => format!("; and {} more files", n - 5),
        _ => String::new(),
    };
    format!(
        "{} {} characters no embedded font has, drawn as ? (the profile JSON keeps them): {}{more}",
        unprintable.len(),
        if unprintable.len() == 1 { "report draws" } else { "reports draw" },
        files.join("; ")
    )
}

/// The output folder as an absolute path, whether or not it exists yet, for telling it apart from inputs.
fn absolute(out: &Path) -> PathBuf {
    if let Ok(path) = out.canonicalize() {
        return path;
    }
    let name = out.file_name().map(PathBuf::from).unwrap_or_default();
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
        _ => PathBuf::from("."),
    };
    parent.canonicalize().map_or_else(|_| out.to_owned(), |p| p.join(name))
}

/// Why `--previous` cannot be used, before anything is written: it is the output folder too (this round
/// would overwrite the round it is compared with), or it is no batch's output folder.
fn previous_problem(previous: &Path, output: &Path) -> Option<String> {
    let shown = files::shown(previous);
    if let (Some(a), Some(b)) = (Identity::of(previous), Identity::of(output)) {
        if a.same(&b) {
            return Some(format!(
                "{shown}: is the previous round's folder and would be overwritten by this one; write this round \
                 to another folder with -o"
            ));
        }
    }
    if !std::fs::metadata(previous).is_ok_and(|m| m.is_dir()) {
        return Some(format!("{shown}: is no folder; name the output folder an earlier batch wrote"));
    }
    if !std::fs::metadata(previous.join("index.json")).is_ok_and(|m| m.is_file()) {
        return Some(format!(
            "{shown}: is not the output folder of an earlier batch (it holds no index.json); name the folder an \
             earlier batch wrote"
        ));
    }
    None
}

/// An input the batch would write its index or overview over: refused before anything is written.
fn overwritten_input(candidates: &[walker::Candidate], out_dir: &Path) -> Option<String> {
    let reserved: Vec<(PathBuf, Identity)> = naming::RESERVED
        .iter()
        .filter_map(|name| Identity::of(&out_dir.join(name)).map(|id| (out_dir.join(name), id)))
        .collect();
    if reserved.is_empty() {
        return None;
    }
    for candidate in candidates {
        let Some(identity) = &candidate.identity else { continue };
        if let Some((path, _)) = reserved.iter().find(|(_, id)| id.same(identity)) {
            return Some(format!(
                "{}: is one of the inputs, and the batch would write its {} over it; choose another output folder \
                 with -o",
                files::shown(&candidate.path),
                path.file_name().map(|n| n.to_string_lossy()).unwrap_or_default()
            ));
        }
    }
    None
}

fn progress_bar(len: u64, quiet: bool) -> ProgressBar {
    if quiet {
        return ProgressBar::hidden();
    }
    // indicatif draws only on a terminal; redirected output stays clean.
    let bar = ProgressBar::with_draw_target(Some(len), ProgressDrawTarget::stderr());
    bar.set_style(
        ProgressStyle::with_template("{bar:40} {pos}/{len} files, {per_sec}, eta {eta}")
            .expect("the template is valid"),
    );
    bar
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    #[test]
    fn results_are_taken_in_the_order_of_the_files_whichever_thread_finishes_first() {
        let pool = rayon::ThreadPoolBuilder::new().num_threads(3).build().unwrap();
        let started = Mutex::new(Vec::new());
        let mut taken = Vec::new();
        in_order(
            &pool,
            40,
            |i| {
                started.lock().unwrap().push(i);
                // Later files often finish first.
                std::thread::sleep(Duration::from_micros((i % 7) as u64 * 400));
                i
            },
            |i| taken.push(i),
        );
        assert_eq!(taken, (0..40).collect::<Vec<_>>());
        let mut started = started.into_inner().unwrap();
        started.sort_unstable();
        assert_eq!(started, (0..40).collect::<Vec<_>>(), "each file converted once");
    }
}

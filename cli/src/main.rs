//! The `discovery` command line: a thin layer over the library, one file per subcommand. Every file it
//! reads or writes goes through `files`.

use std::process::ExitCode;

use clap::{CommandFactory, Parser, Subcommand};

/// jemalloc, not the C library's allocator. A batch allocates some twelve thousand blocks a file, and with
/// glibc's malloc that was a sixth of its time; jemalloc takes about a tenth less CPU over a whole batch.
/// It also keeps a batch's memory flat in the number of files: glibc's heaps grew at the end of a large
/// batch, when the index and the overview are made (36.6 MiB at 250 files, 46.7 at 4,000), where
/// jemalloc's stay at about 42 MiB from the first files to the last.
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

/// jemalloc's options, read before `main`: one arena for all threads.
///
/// With an arena per thread (jemalloc's default), pages a thread freed are reused only by that thread, and
/// a batch's peak depended on which thread happened to take the few large, short-lived blocks of its first
/// files (a CJK font's subset, some 5 MB): 44 to 57 MiB over runs of the same 250 files. With one arena the
/// threads reuse each other's pages: 41 to 43 MiB, for about 2 % more CPU in the allocator and the same wall
/// time, since most blocks come from each thread's cache without touching the arena.
#[cfg(not(target_env = "msvc"))]
// SAFETY: jemalloc declares this symbol weak and reads it as a NUL-terminated C string; this one is static.
#[unsafe(export_name = "_rjem_malloc_conf")]
static MALLOC_CONF: Option<&std::ffi::c_char> = Some(unsafe { &*c"narenas:1".as_ptr() });

mod batch;
mod check;
mod common;
mod diff;
mod files;
mod follow_up;
mod import;
mod previous;
mod report;
mod schema;
mod shell;
mod template;

/// Technical discovery questionnaires: import the spreadsheets vendors return, check them for gaps, and
/// write the PDF report a lead engineer prepares the discovery session from.
#[derive(Debug, Parser)]
#[command(
    name = "discovery",
    version,
    propagate_version = true,
    after_help = "A FILE of `-` is standard input, and `-o -` standard output.\n\n\
        Exit codes: 0 done; 1 the input has errors (batch: some files failed); 2 a file could not be read or \
        written, or the arguments are wrong."
)]
pub struct Cli {
    /// Print only errors: no progress bar, no summary, no warnings.
    #[arg(short, long, global = true)]
    quiet: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Convert every questionnaire in folders and files to reports and profiles, with an index and an overview.
    Batch(batch::Args),
    /// Check a returned questionnaire: diagnostics at their cells, gaps by severity, completeness.
    Check(check::Args),
    /// Print shell completions for bash, zsh, fish, elvish or PowerShell.
    Completions(shell::CompletionArgs),
    /// Show what changed between two returns of the same vendor: answers, gaps closed and opened, completeness.
    Diff(diff::Args),
    /// Write the questionnaire back to the vendor: their answers filled in, every gap listed and marked.
    FollowUp(follow_up::Args),
    /// Read a returned questionnaire (spreadsheet, CSV or profile JSON) into profile JSON.
    Import(import::Args),
    /// Print the manual page (roff), for `man -l -` or a man folder.
    #[command(hide = true)]
    Man(shell::ManArgs),
    /// Write the PDF report a lead engineer prepares the discovery session from.
    Report(report::Args),
    /// Print the JSON Schema of the profile JSON (draft 2020-12).
    Schema(schema::Args),
    /// Write the blank questionnaire workbook that vendors fill in.
    Template(template::Args),
}

/// What every subcommand is told besides its own arguments.
#[derive(Debug, Clone, Copy)]
pub struct Global {
    /// `--quiet`: errors only.
    pub quiet: bool,
}

/// Exit codes: 0 all good, 1 the input has errors, 2 a file could not be read or the arguments are wrong.
fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let global = Global { quiet: cli.quiet };
    match cli.command {
        Command::Batch(args) => batch::run(args, global),
        Command::Check(args) => check::run(args, global),
        Command::Completions(args) => shell::completions(args, Cli::command()),
        Command::Diff(args) => diff::run(args, global),
        Command::FollowUp(args) => follow_up::run(args, global),
        Command::Import(args) => import::run(args, global),
        Command::Man(args) => shell::man(args, Cli::command()),
        Command::Report(args) => report::run(args, global),
        Command::Schema(args) => schema::run(args),
        Command::Template(args) => template::run(args, global),
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(error) => {
            // One line: the errors here carry their whole message, never an OS message chained after it.
            common::error(&error.to_string());
            ExitCode::from(common::EXIT_UNREADABLE)
        }
    }
}

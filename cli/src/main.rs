//! The `discovery` command line: a thin layer over the library, one file per subcommand.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod batch;
mod check;
mod common;
mod diff;
mod follow_up;
mod import;
mod output;
mod previous;
mod report;
mod schema;
mod template;

/// Technical discovery questionnaires: import the spreadsheets vendors return, check them for gaps, and
/// write the PDF report a lead engineer prepares the discovery session from.
#[derive(Debug, Parser)]
#[command(name = "discovery", version, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Convert every questionnaire in folders and files to reports and profiles, with an index and an overview.
    Batch(batch::Args),
    /// Check a returned questionnaire: diagnostics at their cells, gaps by severity, completeness.
    Check(check::Args),
    /// Show what changed between two returns of the same vendor: answers, gaps closed and opened, completeness.
    Diff(diff::Args),
    /// Write the questionnaire back to the vendor: their answers filled in, every gap listed and marked.
    FollowUp(follow_up::Args),
    /// Read a returned questionnaire (spreadsheet, CSV or profile JSON) into profile JSON.
    Import(import::Args),
    /// Write the PDF report a lead engineer prepares the discovery session from.
    Report(report::Args),
    /// Print the JSON Schema of the profile JSON (draft 2020-12).
    Schema(schema::Args),
    /// Write the blank questionnaire workbook that vendors fill in.
    Template(template::Args),
}

/// Exit codes: 0 all good, 1 the input has errors, 2 a file could not be read or the arguments are wrong.
fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Batch(args) => batch::run(args),
        Command::Check(args) => check::run(args),
        Command::Diff(args) => diff::run(args),
        Command::FollowUp(args) => follow_up::run(args),
        Command::Import(args) => import::run(args),
        Command::Report(args) => report::run(args),
        Command::Schema(args) => schema::run(args),
        Command::Template(args) => template::run(args),
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::from(common::EXIT_UNREADABLE)
        }
    }
}

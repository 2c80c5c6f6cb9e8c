//! `discovery import`: a returned questionnaire to profile JSON.

use std::path::PathBuf;
use std::process::ExitCode;

use crate::common;

/// Arguments of `discovery import`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The returned questionnaire: .xlsx, .xlsm, .xls, .xlsb, .ods, .csv or a profile .json.
    file: PathBuf,
    /// Write the profile JSON to FILE instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let converter = discovery::Converter::new();
    let imported = match converter.import(&args.file) {
        Ok(imported) => imported,
        Err(error) => return Ok(common::unreadable(&error)),
    };
    common::print_diagnostics(&imported.diagnostics);
    let mut json = serde_json::to_string_pretty(&imported.profile)?;
    json.push('\n');
    match &args.output {
        Some(path) => crate::output::write_atomically(path, json.as_bytes())?,
        None => print!("{json}"),
    }
    Ok(common::exit_for(&imported.diagnostics))
}

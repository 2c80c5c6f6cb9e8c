//! `discovery import`: a returned questionnaire to profile JSON.

use std::ffi::OsString;
use std::process::ExitCode;

use crate::files::{self, Input, Output};
use crate::{common, Global};

/// Arguments of `discovery import`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The returned questionnaire: .xlsx, .xlsm, .xls, .xlsb, .ods, .csv or a profile .json (`-`: standard input).
    file: OsString,
    /// Write the profile JSON to FILE instead of standard output. Never one of the inputs.
    #[arg(short, long, value_name = "FILE")]
    output: Option<OsString>,
    /// Replace FILE even when it holds something other than a profile JSON (a workbook, a PDF, other text).
    #[arg(long)]
    force: bool,
}

pub fn run(args: Args, global: Global) -> anyhow::Result<ExitCode> {
    let input = Input::new(&args.file);
    let output = args.output.as_deref().map_or(Output::Stdout, Output::new);
    files::check_output(&output, &input.identity().into_iter().collect::<Vec<_>>())?;
    if let Some(code) = common::keep_other_kind(&output, files::Kind::Profile, args.force) {
        return Ok(code);
    }
    let read = match files::read_input(&input, common::max_file_bytes()) {
        Ok(read) => read,
        Err(error) => return Ok(common::unreadable(&error)),
    };
    let converter = discovery::Converter::new();
    let imported = match converter.import_bytes(&read.bytes, &read.file_name) {
        Ok(imported) => imported,
        Err(error) => return Ok(common::unreadable(&common::library_error(&input, &error))),
    };
    drop(read);
    common::print_diagnostics(&imported.diagnostics, global.quiet);
    let mut json = serde_json::to_vec_pretty(&imported.profile)?;
    json.push(b'\n');
    files::write_output(&output, &json)?;
    Ok(common::exit_for(&imported.diagnostics))
}

//! `discovery schema`: the JSON Schema of the profile.

use std::ffi::OsString;
use std::process::ExitCode;

use crate::files::{self, Output};

/// Arguments of `discovery schema`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Write the schema to FILE instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    output: Option<OsString>,
    /// Replace FILE even when it holds something other than a JSON Schema (a profile JSON, a workbook).
    #[arg(long)]
    force: bool,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let output = args.output.as_deref().map_or(Output::Stdout, Output::new);
    files::check_output(&output, &[])?;
    if let Some(code) = crate::common::keep_other_kind(&output, files::Kind::Schema, args.force) {
        return Ok(code);
    }
    files::write_output(&output, discovery::profile::schema_json().as_bytes())?;
    Ok(ExitCode::SUCCESS)
}

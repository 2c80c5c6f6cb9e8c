//! `discovery schema`: the JSON Schema of the profile.

use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `discovery schema`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Write the schema to FILE instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let text = discovery::profile::schema_json();
    match args.output {
        Some(path) => crate::output::write_atomically(&path, text.as_bytes())?,
        None => print!("{text}"),
    }
    Ok(ExitCode::SUCCESS)
}

//! `discovery template`: the blank questionnaire workbook.

use std::path::PathBuf;
use std::process::ExitCode;

use discovery::template::{write_template, TemplateOptions};

/// Arguments of `discovery template`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Where to write the workbook (.xlsx).
    #[arg(short, long, value_name = "FILE.xlsx")]
    output: PathBuf,
    /// The partner program's name, printed in the title rows.
    #[arg(long, value_name = "NAME")]
    program: Option<String>,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let mut options = TemplateOptions::default();
    options.program_name = args.program;
    let bytes = write_template(&options)?;
    crate::output::write_atomically(&args.output, &bytes)?;
    Ok(ExitCode::SUCCESS)
}

//! `discovery template`: the blank questionnaire workbook.

use std::ffi::OsString;
use std::process::ExitCode;

use discovery::template::{write_template, TemplateOptions};

use crate::files::{self, Input, Output};
use crate::{common, Global};

/// Arguments of `discovery template`.
#[derive(Debug, clap::Args)]
#[command(after_help = "An existing FILE is replaced only when it is a blank questionnaire (no answer, no note); \
    a returned questionnaire, or any other file, is kept unless --force is given.")]
pub struct Args {
    /// Where to write the workbook (.xlsx; `-`: standard output).
    #[arg(short, long, value_name = "FILE.xlsx")]
    output: OsString,
    /// The partner program's name, printed in the title rows.
    #[arg(long, value_name = "NAME")]
    program: Option<String>,
    /// Replace FILE even when it holds answers or is not a questionnaire.
    #[arg(long)]
    force: bool,
}

pub fn run(args: Args, global: Global) -> anyhow::Result<ExitCode> {
    let output = Output::new(&args.output);
    files::check_output(&output, &[])?;
    if let (Output::Path(path), false) = (&output, args.force) {
        if std::fs::metadata(path).is_ok_and(|m| m.is_file()) {
            if let Some(why) = holds_work(&Input::Path(path.clone())) {
                common::error(&format!("{}: {why}; it is kept (--force replaces it)", files::shown(path)));
                return Ok(ExitCode::from(common::EXIT_UNREADABLE));
            }
        }
    }
    let mut options = TemplateOptions::default();
    options.program_name = args.program;
    let bytes = write_template(&options)?;
    files::write_output(&output, &bytes)?;
    if let Output::Path(path) = &output {
        common::note(&format!("wrote {}", files::shown(path)), global.quiet);
    }
    Ok(ExitCode::SUCCESS)
}

/// Why an existing file must not be replaced by a blank template: it holds answers, or it is not a
/// questionnaire at all. `None` for a blank questionnaire, which a new template may replace.
pub(crate) fn holds_work(input: &Input) -> Option<String> {
    match files::read_input(input, common::max_file_bytes()) {
        Ok(read) => holds_work_in(&read),
        Err(_) => Some(NOT_BLANK.to_owned()),
    }
}

/// [`holds_work`] of a file already read.
pub(crate) fn holds_work_in(read: &files::Read) -> Option<String> {
    match discovery::Converter::new().check_bytes(&read.bytes, &read.file_name) {
        Ok(checked) if discovery::portfolio::is_blank(&checked.imported.profile) => None,
        Ok(checked) => {
            let answered: u32 = checked.analysis.completeness.sections.iter().map(|s| s.tally.answered).sum();
            Some(format!("is a returned questionnaire with answers ({answered} questions answered)"))
        }
        Err(_) => Some(NOT_BLANK.to_owned()),
    }
}

/// Why a file that cannot be read as a questionnaire is kept.
pub(crate) const NOT_BLANK: &str = "exists and is not a blank questionnaire";

//! `discovery follow-up`: the questionnaire sent back to the vendor, filled with their answers, with every
//! gap listed on a first sheet and marked at its cell.

use std::path::PathBuf;
use std::process::ExitCode;

use discovery::analyse::GapSeverity;
use discovery::follow_up::{write, FollowUpOptions};

use crate::common;

/// Arguments of `discovery follow-up`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Without -o, the workbook is written beside the input as NAME-follow-up.xlsx \
    (in/acme.ods -> in/acme-follow-up.xlsx). It is the questionnaire in the template's layout with everything \
    read from the input filled in (answers that could not be read as the vendor wrote them), a first sheet \
    Follow-up that lists every gap with a link to its cell, and each gap's cell shaded with the question as a \
    note. Imported unchanged, it gives the same answers and gaps as the input.\n\n\
    Exit codes: 0 written; 2 the file could not be read or the workbook not written.")]
pub struct Args {
    /// The returned questionnaire: .xlsx, .xlsm, .xls, .xlsb, .ods, .csv or a profile .json.
    file: PathBuf,
    /// Write the workbook to OUT.xlsx instead of beside the input.
    #[arg(short, long, value_name = "OUT.xlsx")]
    output: Option<PathBuf>,
    /// The partner program's name, printed in the title rows and the greeting.
    #[arg(long, value_name = "NAME")]
    program: Option<String>,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let output = args.output.clone().unwrap_or_else(|| {
        let stem = args.file.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        args.file.with_file_name(format!("{stem}-follow-up.xlsx"))
    });
    if crate::report::same_file(&output, &args.file) {
        anyhow::bail!("{}: the workbook would overwrite its input; name another file with -o", output.display());
    }
    let checked = match discovery::Converter::new().check(&args.file) {
        Ok(checked) => checked,
        Err(error) => return Ok(common::unreadable(&error)),
    };
    common::print_diagnostics(&checked.imported.diagnostics);
    let mut options = FollowUpOptions::default();
    options.template.program_name = args.program;
    let bytes = match write(&checked.imported.profile, &checked.analysis, &options) {
        Ok(bytes) => bytes,
        Err(error) => return Ok(common::unreadable(&error)),
    };
    if let Err(error) = crate::output::write_atomically(&output, &bytes) {
        return Ok(common::unreadable(&error));
    }
    let a = &checked.analysis;
    eprintln!(
        "wrote {}: {} gap{} to follow up ({} high, {} medium, {} low)",
        output.display(),
        a.gaps.len(),
        if a.gaps.len() == 1 { "" } else { "s" },
        a.count(GapSeverity::High),
        a.count(GapSeverity::Medium),
        a.count(GapSeverity::Low)
    );
    Ok(ExitCode::SUCCESS)
}

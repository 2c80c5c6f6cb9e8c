//! `discovery follow-up`: the questionnaire sent back to the vendor, filled with their answers, with every
//! gap listed on a first sheet and marked at its cell.

use std::ffi::OsString;
use std::process::ExitCode;

use discovery::analyse::GapSeverity;
use discovery::follow_up::{write, FollowUpOptions};

use crate::files::{self, Input, Output};
use crate::{common, Global};

/// Arguments of `discovery follow-up`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Without -o, the workbook is written beside the input as NAME-follow-up.xlsx \
    (in/acme.ods -> in/acme-follow-up.xlsx). It is the questionnaire in the template's layout with everything \
    read from the input filled in (answers that could not be read as the vendor wrote them), a first sheet \
    Follow-up that lists every gap with a link to its cell, and each gap's cell shaded with the question as a \
    note. Imported unchanged, it gives the same answers and gaps as the input.\n\n\
    An existing OUT.xlsx is replaced only when it is blank or exactly the workbook this run writes: one \
    with other answers may be the vendor's return, and is kept unless --force is given. The input itself is \
    never overwritten; `-` reads standard input and `-o -` writes standard output.\n\n\
    Exit codes: 0 written; 2 the file could not be read or the workbook not written.")]
pub struct Args {
    /// The returned questionnaire: .xlsx, .xlsm, .xls, .xlsb, .ods, .csv or a profile .json (`-`: standard input).
    file: OsString,
    /// Write the workbook to OUT.xlsx instead of beside the input.
    #[arg(short, long, value_name = "OUT.xlsx")]
    output: Option<OsString>,
    /// The partner program's name, printed in the title rows and the greeting.
    #[arg(long, value_name = "NAME")]
    program: Option<String>,
    /// Replace OUT.xlsx even when it holds other answers (it may be the vendor's filled-in return).
    #[arg(long)]
    force: bool,
}

pub fn run(args: Args, global: Global) -> anyhow::Result<ExitCode> {
    let input = Input::new(&args.file);
    let output = match (&args.output, &input) {
        (Some(output), _) => Output::new(output),
        (None, Input::Path(path)) => {
            let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
            Output::Path(path.with_file_name(format!("{stem}-follow-up.xlsx")))
        }
        (None, Input::Stdin) => {
            anyhow::bail!("standard input: name the workbook's file with -o (`-o -` for standard output)")
        }
    };
    files::check_output(&output, &input.identity().into_iter().collect::<Vec<_>>())?;
    let checked = match common::check(&discovery::Converter::new(), &input) {
        Ok(checked) => checked,
        Err(message) => return Ok(common::unreadable(&message)),
    };
    common::print_diagnostics(&checked.imported.diagnostics, global.quiet);
    let mut options = FollowUpOptions::default();
    options.template.program_name = args.program;
    let bytes = match write(&checked.imported.profile, &checked.analysis, &options) {
        Ok(bytes) => bytes,
        Err(error) => return Ok(common::unreadable(&common::library_error(&input, &error))),
    };
    if let (Output::Path(path), false) = (&output, args.force) {
        if let Some(why) = kept(path, &bytes) {
            common::error(&format!("{}: {why}; it is kept (--force replaces it)", files::shown(path)));
            return Ok(ExitCode::from(common::EXIT_UNREADABLE));
        }
    }
    if let Err(error) = files::write_output(&output, &bytes) {
        return Ok(common::unreadable(&error));
    }
    let a = &checked.analysis;
    if files::stdout_closed() {
        return Ok(ExitCode::SUCCESS);
    }
    let place = output.shown();
    common::note(
        &format!(
            "wrote {place}: {} gap{} to follow up ({} high, {} medium, {} low)",
            a.gaps.len(),
            if a.gaps.len() == 1 { "" } else { "s" },
            a.count(GapSeverity::High),
            a.count(GapSeverity::Medium),
            a.count(GapSeverity::Low)
        ),
        global.quiet,
    );
    Ok(ExitCode::SUCCESS)
}

/// Why an existing output must not be replaced: it holds answers other than the ones this run writes (a
/// vendor may have filled in the last follow-up workbook and sent it back under the same name), or it is
/// no questionnaire. `None` when nothing is there, it is no regular file (written through), or it holds
/// exactly `bytes` or a blank questionnaire.
fn kept(path: &std::path::Path, bytes: &[u8]) -> Option<String> {
    if !std::fs::metadata(path).is_ok_and(|m| m.is_file()) {
        return None;
    }
    // Read once: compared with what this run writes, then checked for answers.
    let why = match files::read_input(&Input::Path(path.to_owned()), common::max_file_bytes()) {
        Ok(read) if read.bytes == bytes => return None,
        Ok(read) => crate::template::holds_work_in(&read),
        Err(_) => Some(crate::template::NOT_BLANK.to_owned()),
    };
    why.map(|why| {
        format!("{why}, other than the ones this run writes (an earlier follow-up, or the vendor's filled-in return of one)")
    })
}

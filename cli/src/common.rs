//! What the subcommands share: printing diagnostics like a compiler, messages on standard error, reading a
//! questionnaire, and the exit codes.

use std::io::Write;
use std::process::ExitCode;

use anstyle::{AnsiColor, Style};
use discovery::{Diagnostic, Severity};

use crate::files::{self, FileError, Input};

/// Exit code 1: the input was read but has error diagnostics.
pub const EXIT_ERRORS: u8 = 1;
/// Exit code 2: a file could not be read, or the arguments are wrong.
pub const EXIT_UNREADABLE: u8 = 2;

/// The style of a severity's word; anstream drops it when standard error is not a terminal or NO_COLOR is set.
pub fn severity_style(severity: Severity) -> Style {
    let color = match severity {
        Severity::Error => AnsiColor::Red,
        Severity::Warning => AnsiColor::Yellow,
        Severity::Info => AnsiColor::Cyan,
    };
    Style::new().bold().fg_color(Some(color.into()))
}

/// Writes one diagnostic per line, coloured on a terminal.
pub fn write_diagnostics(out: &mut dyn Write, diagnostics: &[Diagnostic]) -> std::io::Result<()> {
    for d in diagnostics {
        let line = d.to_string();
        // The severity word leads the line; colour just that part.
        let (head, rest) = line.split_once(':').unwrap_or((&line, ""));
        let style = severity_style(d.severity);
        writeln!(out, "{style}{head}{style:#}:{rest}")?;
    }
    Ok(())
}

/// Prints diagnostics to standard error; with `--quiet`, only the errors.
pub fn print_diagnostics(diagnostics: &[Diagnostic], quiet: bool) {
    let shown: Vec<Diagnostic> =
        diagnostics.iter().filter(|d| !quiet || d.severity == Severity::Error).cloned().collect();
    let mut stderr = anstream::stderr().lock();
    // A closed standard error is no reason to fail the conversion.
    let _ = write_diagnostics(&mut stderr, &shown);
}

/// Prints `error: message` on standard error.
pub fn error(message: &str) {
    let style = severity_style(Severity::Error);
    let _ = writeln!(anstream::stderr(), "{style}error{style:#}: {message}");
}

/// Prints `warning: message` on standard error, unless quiet.
pub fn warning(message: &str, quiet: bool) {
    if !quiet {
        let style = severity_style(Severity::Warning);
        let _ = writeln!(anstream::stderr(), "{style}warning{style:#}: {message}");
    }
}

/// Prints a line of information on standard error, unless quiet.
pub fn note(message: &str, quiet: bool) {
    if !quiet {
        let _ = writeln!(anstream::stderr(), "{message}");
    }
}

/// Reports a file that cannot be read and returns exit code 2.
pub fn unreadable(error: &dyn std::fmt::Display) -> ExitCode {
    self::error(&error.to_string());
    ExitCode::from(EXIT_UNREADABLE)
}

/// 1 when any diagnostic is an error, else 0.
pub fn exit_for(diagnostics: &[Diagnostic]) -> ExitCode {
    if diagnostics.iter().any(|d| d.severity == Severity::Error) {
        ExitCode::from(EXIT_ERRORS)
    } else {
        ExitCode::SUCCESS
    }
}

/// The most bytes a questionnaire may have: the library's default limit.
pub fn max_file_bytes() -> u64 {
    discovery::import::Limits::default().max_file_bytes
}

/// Reads and checks a questionnaire from a file or standard input.
///
/// # Errors
/// The file's error or the library's, each naming the input, as one message.
pub fn check(converter: &discovery::Converter, input: &Input) -> Result<discovery::Checked, String> {
    let read = files::read_input(input, max_file_bytes()).map_err(|e| e.to_string())?;
    converter.check_bytes(&read.bytes, &read.file_name).map_err(|e| library_error(input, &e))
}

/// Reads and imports a questionnaire from a file or standard input, without analysing it.
///
/// # Errors
/// The file's error or the library's, each naming the input, as one message.
pub fn import(converter: &discovery::Converter, input: &Input) -> Result<discovery::Imported, String> {
    let read = files::read_input(input, max_file_bytes()).map_err(|e| e.to_string())?;
    converter.import_bytes(&read.bytes, &read.file_name).map_err(|e| library_error(input, &e))
}

/// The refusal of a command given two returns that would both be read from standard input.
pub const ONE_STDIN: &str = "standard input: only one of the two returns can be read from it; name the other's file";

/// Exit status 2, with why said, when `output` already holds a file of another kind than the command
/// `writes` ([`files::kept`]) and `--force` was not given; `None` to go on.
pub fn keep_other_kind(output: &files::Output, writes: files::Kind, force: bool) -> Option<ExitCode> {
    if force {
        return None;
    }
    files::kept(output, writes, max_file_bytes()).map(|why| unreadable(&why))
}

/// A warning when two returns compared name different vendors (company or solution, trimmed and
/// case-insensitive): a diff between two vendors is all changes and means nothing.
pub fn other_vendor(old: &discovery::profile::Profile, new: &discovery::profile::Profile) -> Option<String> {
    let name = |n: &Option<String>| n.as_deref().map(|n| n.trim().to_lowercase()).filter(|n| !n.is_empty());
    let who = |p: &discovery::profile::Profile| {
        [&p.meta.company_name, &p.meta.solution_name]
            .into_iter()
            .filter_map(|n| n.as_deref().map(str::trim).filter(|n| !n.is_empty()))
            .collect::<Vec<_>>()
            .join(" — ")
    };
    let differs = |a: &Option<String>, b: &Option<String>| matches!((name(a), name(b)), (Some(a), Some(b)) if a != b);
    (differs(&old.meta.company_name, &new.meta.company_name)
        || differs(&old.meta.solution_name, &new.meta.solution_name))
    .then(|| {
        format!("the two returns name different vendors (“{}” and “{}”); compared all the same", who(old), who(new))
    })
}

/// A library error about `input`, as one message naming it.
pub fn library_error(input: &Input, error: &discovery::Error) -> String {
    format!("{}: {}", input.shown(), error.message())
}

/// Writes text to standard output through anstream (styles only on a terminal); a closed pipe is quiet.
///
/// # Errors
/// When standard output cannot be written for another reason.
pub fn write_styled_stdout(text: &[u8]) -> Result<(), FileError> {
    let mut out = anstream::stdout().lock();
    match out.write_all(text).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(FileError::new("standard output", format!("cannot be written: {}", files::describe_io(&e))))
        }
        _ => Ok(()),
    }
}

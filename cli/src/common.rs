//! What the subcommands share: printing diagnostics like a compiler, and the exit codes.

use std::io::Write;
use std::process::ExitCode;

use anstyle::{AnsiColor, Style};
use discovery::{Diagnostic, Severity};

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

/// Prints diagnostics to standard error.
pub fn print_diagnostics(diagnostics: &[Diagnostic]) {
    let mut stderr = anstream::stderr().lock();
    // A closed standard error is no reason to fail the conversion.
    let _ = write_diagnostics(&mut stderr, diagnostics);
}

/// Reports a file that cannot be read and returns exit code 2.
pub fn unreadable(error: &discovery::Error) -> ExitCode {
    let style = severity_style(Severity::Error);
    let _ = writeln!(anstream::stderr(), "{style}error{style:#}: {error}");
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

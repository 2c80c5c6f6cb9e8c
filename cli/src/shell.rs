//! `discovery completions SHELL` and the hidden `discovery man`: what a shell and `man` need, generated from
//! the same clap definitions as the commands, so they never drift.

use std::ffi::OsString;
use std::process::ExitCode;

use clap_complete::Shell;

use crate::files::{self, Output};

/// Arguments of `discovery completions`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "For example, for bash: discovery completions bash > ~/.local/share/bash-completion/completions/discovery"
)]
pub struct CompletionArgs {
    /// The shell to complete for.
    #[arg(value_enum)]
    shell: Shell,
}

/// Arguments of `discovery man`.
#[derive(Debug, clap::Args)]
pub struct ManArgs {
    /// Write the page to FILE instead of standard output (`discovery.1` in a man folder).
    #[arg(short, long, value_name = "FILE")]
    output: Option<OsString>,
}

pub fn completions(args: CompletionArgs, mut command: clap::Command) -> anyhow::Result<ExitCode> {
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut command, "discovery", &mut script);
    files::write_stdout(&script)?;
    Ok(ExitCode::SUCCESS)
}

pub fn man(args: ManArgs, command: clap::Command) -> anyhow::Result<ExitCode> {
    let mut page = Vec::new();
    clap_mangen::Man::new(command).render(&mut page)?;
    let output = args.output.as_deref().map_or(Output::Stdout, Output::new);
    files::check_output(&output, &[])?;
    files::write_output(&output, &page)?;
    Ok(ExitCode::SUCCESS)
}

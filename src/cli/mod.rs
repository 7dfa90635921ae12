//! The command-line adapter: the only module that knows clap, anyhow and exit codes.

use std::ffi::OsString;
use std::process::ExitCode;

/// Runs the `dossier` command line.
pub fn main(args: impl IntoIterator<Item = OsString>) -> ExitCode {
    let _ = args.into_iter();
    ExitCode::SUCCESS
}

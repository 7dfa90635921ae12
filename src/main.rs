use std::process::ExitCode;

fn main() -> ExitCode {
    dossier::cli::main(std::env::args_os())
}

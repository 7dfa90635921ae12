//! `dossier verify`: checks an index (checksums, segment files, manifest) and reports.

use std::path::PathBuf;

use super::Outcome;

/// Arguments of `dossier verify`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The index folder.
    #[arg(long, default_value = "index")]
    index: PathBuf,
}

/// Runs `dossier verify`: exit 0 when sound, 1 with one line per problem otherwise.
pub fn run(a: Args) -> anyhow::Result<Outcome> {
    let report = crate::index::verify::verify(&a.index)?;
    if report.is_ok() {
        println!(
            "{}: ok ({} segments, {} files, {} passages; checksums and manifest agree)",
            a.index.display(),
            report.segments,
            report.indexed_files,
            report.passages
        );
        return Ok(Outcome::Success);
    }
    for p in &report.problems {
        eprintln!("{}: {p}", a.index.display());
    }
    eprintln!(
        "{}: {} problem(s); rebuild with `dossier index --rebuild`",
        a.index.display(),
        report.problems.len()
    );
    Ok(Outcome::Partial)
}

//! The library's one error type. User faults (a bad query, a missing index) read as one clear
//! line; I/O and parse errors carry the path they concern.

use std::path::PathBuf;

/// Everything that can go wrong in the library.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// An I/O error on a named file or folder.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// The OS error.
        #[source]
        source: std::io::Error,
    },
    /// A file could not be parsed.
    #[error("{}: {message}", path.display())]
    Parse {
        /// The file.
        path: PathBuf,
        /// What is wrong, in one line.
        message: String,
    },
    /// A query the user wrote cannot be understood.
    #[error("bad query: {0}")]
    Query(String),
    /// No index at the given folder.
    #[error("no index at {}: create one with `dossier index CORPUS --index {}`", .0.display(), .0.display())]
    NoIndex(PathBuf),
    /// Another process is writing to the index.
    #[error("the index at {} is locked by another `dossier index` run; wait for it to finish", .0.display())]
    Locked(PathBuf),
    /// The index is damaged or unreadable.
    #[error("the index at {} cannot be read ({reason}); rebuild it with `dossier index --rebuild`", path.display())]
    Corrupt {
        /// The index folder.
        path: PathBuf,
        /// What failed.
        reason: String,
    },
    /// A user-supplied configuration (entity file, topic file) is invalid.
    #[error("{}: {message}", path.display())]
    Config {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
    /// Writing output (standard output or an export file) failed.
    #[error("cannot write output: {0}")]
    Write(#[source] std::io::Error),
    /// An error from tantivy that is not one of the above.
    #[error("index error: {0}; if the index is damaged, rebuild it with `dossier index --rebuild`")]
    Tantivy(#[from] tantivy::TantivyError),
}

impl Error {
    /// Wraps an I/O error with the path it concerns.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Error {
        Error::Io {
            path: path.into(),
            source,
        }
    }
}

/// The library's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

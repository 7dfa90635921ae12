//! One integration-test binary: drives the real `dossier` binary on temporary corpora and
//! indexes (never the repo's own `index/`).

mod env;

mod cli;
mod formats;
mod incremental;
mod reliability;
mod search;
mod shared;

//! One integration-test binary: drives the real `dossier` binary on temporary corpora and
//! indexes (never the repo's own `index/`).

mod env;
mod harness;

mod cli;
mod concurrency;
mod crash;
mod diskfull;
mod exports;
mod faults;
mod formats;
mod fuzz_corpus;
mod incremental;
mod matrix;
mod queries;
mod ranking;
mod reliability;
mod search;
mod shared;

//! Settings of the allocator the `dossier` binary uses (mimalloc).

use std::ffi::{c_int, c_long};

unsafe extern "C" {
    /// Sets a mimalloc option unless the environment set it (`MIMALLOC_<NAME>`).
    fn mi_option_set_default(option: c_int, value: c_long);
}

/// `mi_option_purge_delay` in mimalloc 3's `mi_option_t` (`include/mimalloc.h`).
const MI_OPTION_PURGE_DELAY: c_int = 15;

/// How long mimalloc keeps memory it freed before returning it to the kernel, in
/// milliseconds (its own default is 1 s).
const PURGE_DELAY_MS: c_long = 5_000;

/// Tells mimalloc to keep the memory it frees for [`PURGE_DELAY_MS`] before returning it to the
/// kernel, unless `MIMALLOC_PURGE_DELAY` says otherwise. Call it first thing in `main`.
///
/// Indexing frees and reallocates per-article buffers all the time; returned to the kernel
/// after a second, they split its transparent huge pages, and the kernel zeroed fresh pages
/// again on the next allocation (`clear_page_erms` was 5% of an indexing run's samples, with
/// 14,020 page faults against 1,020 when nothing is returned). Indexing 50,000 articles, runs
/// alternating: user CPU 15.95 to 16.12 s with mimalloc's 1 s, 15.53 to 15.58 s with 5 s,
/// 15.63 to 15.81 s never returning (17.7 to 19.7 s against 15.9 to 16.5 s, 1 s against
/// never, on a slower day); the peak memory of three 60 MB files, 831 MiB with 5 s against
/// 883 MiB never returning. Harmless when mimalloc is not the global allocator.
pub fn keep_freed_memory() {
    // SAFETY: sets one integer option; mimalloc reads it on its next purge.
    unsafe { mi_option_set_default(MI_OPTION_PURGE_DELAY, PURGE_DELAY_MS) }
}

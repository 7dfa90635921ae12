//! Settings of the allocator the `dossier` binary uses (mimalloc).

use std::ffi::{c_int, c_long};

unsafe extern "C" {
    /// Sets a mimalloc option unless the environment set it (`MIMALLOC_<NAME>`).
    fn mi_option_set_default(option: c_int, value: c_long);
}

/// `mi_option_purge_delay` in mimalloc 3's `mi_option_t` (`include/mimalloc.h`).
const MI_OPTION_PURGE_DELAY: c_int = 15;

/// Tells mimalloc to keep the memory it frees instead of returning it to the kernel after a
/// delay, unless `MIMALLOC_PURGE_DELAY` says otherwise. Call it first thing in `main`.
///
/// Indexing frees and reallocates per-article buffers all the time; returning them to the
/// kernel split its transparent huge pages, and the kernel zeroed fresh pages again on the next
/// allocation (`clear_page_erms` was 5% of an indexing run's samples). Kept, they cost
/// nothing: on 50,000 articles, 3 runs each alternating, user CPU 17.7 to 19.7 s -> 15.9 to
/// 16.5 s with enrichment and about a tenth less without, for 2 to 7% more peak memory (the
/// process's peak is what it holds anyway). Harmless when mimalloc is not the global allocator.
pub fn keep_freed_memory() {
    // SAFETY: sets one integer option; mimalloc reads it on its next purge.
    unsafe { mi_option_set_default(MI_OPTION_PURGE_DELAY, -1) }
}

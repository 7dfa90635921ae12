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
/// Indexing frees and reallocates per-article buffers all the time; returned to the kernel
/// after mimalloc's delay (1 s), they split its transparent huge pages, and the kernel zeroed
/// fresh pages again on the next allocation (`clear_page_erms` was 5% of an indexing run's
/// samples, with 14,020 page faults against 1,020 when nothing is returned). Indexing 50,000
/// articles, 3 runs each alternating: user CPU 17.7 to 19.7 s -> 15.9 to 16.5 s, and about a
/// tenth less without enrichment. A 5 s delay was as fast there but not on 200,000 articles
/// (enriched indexing 35.6 -> 37.2 s, median of 3), so memory is kept for the whole run: the
/// peak is what the process holds anyway (824 against 723 MiB before, at 200,000 articles).
/// Harmless when mimalloc is not the global allocator.
pub fn keep_freed_memory() {
    // SAFETY: sets one integer option; mimalloc reads it on its next purge.
    unsafe { mi_option_set_default(MI_OPTION_PURGE_DELAY, -1) }
}

/// Asks the kernel not to back this process's heap with transparent huge pages (Linux's
/// `PR_SET_THP_DISABLE`; mimalloc asks for them with `madvise` on its arenas, and the flag
/// overrides that for every fault from now on). Call it first thing in `main`.
///
/// A huge page is zeroed whole (2 MiB) on its first touch however little of it is used, and on
/// a virtual machine that first touch is slow: indexing 50,000 articles spent about 1.9 s in
/// the kernel with huge pages (`clear_page_erms` about 6% of the samples) against 0.9 s
/// without, 3 runs each alternating, with 12% less peak memory (see BENCHMARKS.md).
/// Does nothing elsewhere, or when the kernel refuses.
pub fn no_transparent_huge_pages() {
    #[cfg(target_os = "linux")]
    // SAFETY: prctl with an integer option and integer arguments touches no memory of ours.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}

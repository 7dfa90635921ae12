use std::process::ExitCode;

/// mimalloc instead of the system allocator: enrichment allocates many small short-lived
/// objects on every worker thread, where glibc's arenas spend time in locks and in returning
/// pages to the kernel (see BENCHMARKS.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    dossier::alloc::keep_freed_memory();
    dossier::alloc::no_transparent_huge_pages();
    dossier::cli::main(std::env::args_os())
}

//! `farmgen`: render every daemon's configuration of a VM farm from one plan. See `farmgen --help`.

/// mimalloc (without transparent huge pages, whose zeroing cost more than they saved): a render allocates
/// and frees millions of small values, and glibc's malloc spent a third of a 100,000-VM render's CPU time
/// on them (BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    farmgen::cli::main()
}

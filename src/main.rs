use std::process::ExitCode;

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    #[cfg(target_os = "linux")]
    no_transparent_huge_pages();
    zakrila::launch::main()
}

/// Asks Linux not to back this process's memory with transparent huge pages.
///
/// Where the system's setting is `always` (as on the project's machines), the kernel backs
/// mimalloc's arenas with 2 MiB pages and zeroes each one whole the first time any byte of it
/// is touched. The portal's uploads each touch a little of many such pages: with them, the
/// burst of `scripts/bench-serve` took 18 % more server CPU and twice the peak memory, and a
/// national `merge` 8 % longer (BENCHMARKS.md, "Transparent huge pages"). This is the flag
/// mimalloc itself sets when `MIMALLOC_ALLOW_THP=0`; it is set here because mimalloc reads its
/// options before `main`. The kernel checks it at each page fault, so it holds for memory
/// reserved before this call too. Should the call fail (a kernel without the option), nothing
/// changes but the speed.
#[cfg(target_os = "linux")]
fn no_transparent_huge_pages() {
    // SAFETY: PR_SET_THP_DISABLE takes integer arguments only and reads or writes no memory
    // of this process.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}

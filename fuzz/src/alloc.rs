//! One input's peak allocation, measured by a counting global allocator.
//!
//! The binary (and the smoke test) installs [`CountingAllocator`] as its
//! `#[global_allocator]`; the counters are process-wide, so inputs run one
//! at a time on one thread.

pub use peak_alloc::PeakAlloc as CountingAllocator;

/// The allowed peak for an input of `len` bytes: 64 bytes per input byte
/// plus 1 MiB.
pub fn bound(len: usize) -> usize {
    len.saturating_mul(64).saturating_add(1 << 20)
}

/// Whether the counting allocator is the global allocator: without it every
/// measurement would read zero and the check would prove nothing.
pub fn installed() -> bool {
    let before = CountingAllocator.current_usage();
    let probe = std::hint::black_box(vec![0u8; 1 << 16]);
    let during = CountingAllocator.current_usage();
    drop(probe);
    during >= before + (1 << 16)
}

/// Runs `f` and returns its result with the most bytes that were allocated
/// at once while it ran, beyond what was allocated before.
pub fn peak_of<R>(f: impl FnOnce() -> R) -> (R, usize) {
    CountingAllocator.reset_peak_usage();
    let base = CountingAllocator.current_usage();
    let result = f();
    let peak = CountingAllocator.peak_usage().saturating_sub(base);
    (result, peak)
}

//! How the batch asks the C allocator to behave, where it is glibc's: large blocks always mapped on their
//! own, so that what a file needed only while it was converted goes back to the system when the file is
//! done, and the memory the conversion held given back before the index and the overview are made.
//!
//! glibc maps a block of 128 KiB or more on its own and unmaps it when it is freed, but each time such a
//! block is freed it raises that threshold to the block's size (up to 32 MiB). After the first few files
//! every workbook, inflated sheet, font subset and PDF of a batch was carved from the threads' heaps
//! instead, where the small blocks that outlive a file keep the space around them from being reused whole
//! or given back: the batch grew by several kilobytes a file (46 MiB after a few files, 79 MiB after
//! 4,000). With the threshold fixed at its default, the conversion stays at its first figure.

/// Fixes glibc's mapping threshold at its default, 128 KiB, before the batch's threads start; nothing
/// elsewhere.
pub fn tune() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets one of the allocator's parameters, and takes its own lock to do so.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 128 * 1024);
    }
}

/// Gives the free memory of every thread's heap back to the system, so that what comes next starts from
/// what is still in use; nothing elsewhere.
pub fn release() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only returns free pages to the system, under the allocator's own locks.
    unsafe {
        libc::malloc_trim(0);
    }
}

//! The allocator, and its one setting that depends on the work: how long freed pages are held
//! before they are given back to the system.
//!
//! mimalloc gives back a page it has emptied after a delay (10 ms by default), so that memory
//! freed and soon needed again is not unmapped and mapped again. What the delay holds at the
//! peak is about the same whatever the size of the API (20–55 MiB: pages the threads freed and
//! did not touch again), while the page faults it saves grow with the API. So a small API's
//! pages are given back at once, which keeps its peak memory within ten times its fragments
//! (synthetic-1000: 53–55 MiB, 9.2×; 72–75 MiB, 12.5–12.9×, with the delay), and a large one
//! keeps the delay, which saves it a tenth to a fifth of its time for a few percent more memory
//! (synthetic-20000 in the bench: 4.6–5.1 s against 5.1–6.1 s, 864–896 against 841 MiB).
//! BENCHMARKS.md, tenth session, has the figures.

/// mimalloc, version 2 without transparent huge pages (see `xtask/Cargo.toml`): generation
/// allocates and frees millions of small values (tokens, syntax trees, strings), which it does
/// in about half the time of the system allocator, and it returns freed memory promptly, so the
/// peak is that of the system allocator. Version 3 kept a third more.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The environment variable that sets the delay; when it is set, it is what the person running
/// the command chose, and is left alone.
pub const PURGE_DELAY: &str = "MIMALLOC_PURGE_DELAY";

/// From this size of fragments on, freed pages are held for mimalloc's default delay: what the
/// delay holds (at most about 55 MiB) is then about a tenth of the memory allowed (ten times
/// the fragments) or less.
pub const DELAYED_FROM_BYTES: usize = 48_000_000;

/// Chooses how long freed pages are held for generating from `sources`: at once below
/// [`DELAYED_FROM_BYTES`] of fragments, mimalloc's default from there on, unless the
/// environment sets it ([`PURGE_DELAY`]). Returns the delay in milliseconds the allocator then
/// has.
pub fn fit_to_input(sources: &[codegen::SourceFile]) -> std::ffi::c_long {
    let input_bytes = sources.iter().map(|source| source.contents.len()).sum();
    let _setting = SETTING
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Some(delay) = chosen_delay(input_bytes, std::env::var_os(PURGE_DELAY).is_some()) {
        set_purge_delay(delay);
    }
    purge_delay()
}

/// Held while the delay is set and read back, so that what is read is what was set when
/// generations run at once (the tests).
static SETTING: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// The delay for `input_bytes` of fragments, in milliseconds; `None` when the environment set
/// one.
fn chosen_delay(input_bytes: usize, set_by_environment: bool) -> Option<std::ffi::c_long> {
    if set_by_environment {
        None
    } else if input_bytes < DELAYED_FROM_BYTES {
        Some(0)
    } else {
        Some(DEFAULT_DELAY_MS)
    }
}

/// mimalloc 2's default delay, in milliseconds.
const DEFAULT_DELAY_MS: std::ffi::c_long = 10;

/// `mi_option_purge_delay` in mimalloc 2's `mimalloc.h`, which `libmimalloc-sys` does not name
/// (it names the options around it: `mi_option_eager_commit_delay` is 14,
/// `mi_option_use_numa_nodes` 16).
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

#[allow(unsafe_code)]
fn set_purge_delay(milliseconds: std::ffi::c_long) {
    // SAFETY: `mi_option_set` stores a number in mimalloc's table of options, which it reads
    // afresh each time it decides whether to give pages back; it takes no pointer and may be
    // called from any thread at any time.
    unsafe {
        libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, milliseconds);
    }
}

#[allow(unsafe_code)]
fn purge_delay() -> std::ffi::c_long {
    // SAFETY: reads a number from mimalloc's table of options; see `set_purge_delay`.
    unsafe { libmimalloc_sys::mi_option_get(MI_OPTION_PURGE_DELAY) }
}

#[cfg(test)]
mod tests {
    use super::{
        DEFAULT_DELAY_MS, DELAYED_FROM_BYTES, SETTING, chosen_delay, purge_delay, set_purge_delay,
    };

    #[test]
    fn small_inputs_give_pages_back_at_once_and_large_ones_after_the_default_delay() {
        assert_eq!(chosen_delay(0, false), Some(0));
        assert_eq!(chosen_delay(DELAYED_FROM_BYTES - 1, false), Some(0));
        assert_eq!(
            chosen_delay(DELAYED_FROM_BYTES, false),
            Some(DEFAULT_DELAY_MS)
        );
        assert_eq!(chosen_delay(usize::MAX, false), Some(DEFAULT_DELAY_MS));
    }

    #[test]
    fn a_delay_the_environment_sets_is_left_alone() {
        assert_eq!(chosen_delay(0, true), None);
        assert_eq!(chosen_delay(DELAYED_FROM_BYTES, true), None);
    }

    #[test]
    fn the_delay_set_is_the_one_the_allocator_reads() {
        // Other tests of this binary generate, setting the delay for their inputs.
        let _setting = SETTING
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        set_purge_delay(DEFAULT_DELAY_MS);
        assert_eq!(purge_delay(), DEFAULT_DELAY_MS);
        set_purge_delay(0);
        assert_eq!(purge_delay(), 0);
    }
}

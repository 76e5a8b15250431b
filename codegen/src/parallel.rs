//! Work spread over the machine's cores without changing a byte of what it produces.
//!
//! Generation is deterministic: the same fragments give the same files whatever the machine.
//! So work is only ever split over an index range, every result comes back in index order, and
//! what is produced is the same on one core as on many.

use std::cell::Cell;
use std::num::NonZero;
use std::ops::Range;

thread_local! {
    /// Whether this thread is working on a share: work split again inside a share (the groups
    /// of a file whose files are already spread over the cores) stays on its thread, since the
    /// cores are busy already.
    static IN_SHARE: Cell<bool> = const { Cell::new(false) };
}

/// How many threads to use for `count` items when a thread should get at least `min_share`.
fn threads_for(count: usize, min_share: usize) -> usize {
    if IN_SHARE.get() {
        return 1;
    }
    std::thread::available_parallelism()
        .map_or(1, NonZero::get)
        .min(count.div_ceil(min_share.max(1)))
        .max(1)
}

/// Runs `work` as a share: anything it splits again stays on the current thread.
fn as_share<R>(work: impl FnOnce() -> R) -> R {
    /// Puts the thread's flag back however `work` ends, a panic included.
    struct Restore(bool);
    impl Drop for Restore {
        fn drop(&mut self) {
            IN_SHARE.set(self.0);
        }
    }
    let _restore = Restore(IN_SHARE.replace(true));
    work()
}

/// At most this many items make a chunk of the balanced splits ([`map_balanced_with`],
/// [`map_balanced_mut`]): few enough that the cores end within a few items of each other
/// whatever each item costs, and enough that taking a chunk (a lock) is nothing beside its
/// work.
const MOST_PER_CHUNK: usize = 16;

/// Each thread gets at least this many chunks when there are items enough, so that the last
/// chunk taken is short beside the whole.
const CHUNKS_PER_THREAD: usize = 8;

/// How many items make a chunk when `threads` share `count` items.
fn chunk_size(count: usize, threads: usize) -> usize {
    (count / (threads * CHUNKS_PER_THREAD)).clamp(1, MOST_PER_CHUNK)
}

/// `work(index)` for every index of `0..count`, in index order, computed on up to as many
/// threads as the machine has cores (fewer when a thread would get fewer than `min_share`
/// items), each taking the next chunk of indices not yet taken (see [`map_balanced_with`]).
pub(crate) fn map_balanced<R: Send>(
    count: usize,
    min_share: usize,
    work: impl Fn(usize) -> R + Sync,
) -> Vec<R> {
    map_balanced_with(count, min_share, || (), |(), index| work(index)).0
}

/// `work(state, index)` for every index of `0..count`, in index order, and the threads'
/// states.
///
/// Up to as many threads as the machine has cores (fewer when a thread would get fewer than
/// `min_share` items) each take the next chunk of indices not yet taken: items of uneven cost
/// (the types with the longest docs, a resource's methods) keep every core busy to the end,
/// where fixed shares would leave one waiting for the other. Each thread has a `state` of its
/// own from `init` (a cache, a buffer), kept from chunk to chunk; which thread takes which
/// chunk varies from run to run, so that state must not change what is produced, only how
/// fast.
pub(crate) fn map_balanced_with<S: Send, R: Send>(
    count: usize,
    min_share: usize,
    init: impl Fn() -> S + Sync,
    work: impl Fn(&mut S, usize) -> R + Sync,
) -> (Vec<R>, Vec<S>) {
    let threads = threads_for(count, min_share);
    if threads == 1 {
        let mut state = init();
        let results = (0..count).map(|index| work(&mut state, index)).collect();
        return (results, vec![state]);
    }
    let chunk = chunk_size(count, threads);
    let chunks = (0..count)
        .step_by(chunk)
        .map(|first| first..(first + chunk).min(count));
    let (chunks, states) = take_chunks(chunks, threads, &init, &|state, indices: Range<usize>| {
        indices.map(|index| work(state, index)).collect()
    });
    (flatten(chunks, count), states)
}

/// `work(state, index, item)` for every item of `items`, in index order, and the threads'
/// states: [`map_balanced_with`] over the items, each taken by one thread to change.
pub(crate) fn map_balanced_mut<T: Send, S: Send, R: Send>(
    items: &mut [T],
    min_share: usize,
    init: impl Fn() -> S + Sync,
    work: impl Fn(&mut S, usize, &mut T) -> R + Sync,
) -> (Vec<R>, Vec<S>) {
    let count = items.len();
    let threads = threads_for(count, min_share);
    if threads == 1 {
        let mut state = init();
        let results = items
            .iter_mut()
            .enumerate()
            .map(|(index, item)| work(&mut state, index, item))
            .collect();
        return (results, vec![state]);
    }
    let chunk = chunk_size(count, threads);
    let chunks = items
        .chunks_mut(chunk)
        .enumerate()
        .map(|(number, items)| (number * chunk, items));
    let work_on_chunk = |state: &mut S, (first, items): (usize, &mut [T])| -> Vec<R> {
        items
            .iter_mut()
            .enumerate()
            .map(|(offset, item)| work(state, first + offset, item))
            .collect()
    };
    let (chunks, states) = take_chunks(chunks, threads, &init, &work_on_chunk);
    (flatten(chunks, count), states)
}

/// `work(item)` for every item of `items`, taken by value, in index order, on threads taking
/// chunks as [`map_balanced_mut`] does.
pub(crate) fn map_balanced_owned<T: Send, R: Send>(
    items: Vec<T>,
    min_share: usize,
    work: impl Fn(T) -> R + Sync,
) -> Vec<R> {
    let mut items: Vec<Option<T>> = items.into_iter().map(Some).collect();
    // Each item is taken exactly once, so every result is there.
    map_balanced_mut(
        &mut items,
        min_share,
        || (),
        |(), _, item| item.take().map(&work),
    )
    .0
    .into_iter()
    .flatten()
    .collect()
}

/// Calls `work` on every item of `items`, on threads taking chunks as [`map_balanced_mut`]
/// does.
pub(crate) fn for_each_mut<T: Send>(
    items: &mut [T],
    min_share: usize,
    work: impl Fn(&mut T) + Sync,
) {
    map_balanced_mut(items, min_share, || (), |(), _, item| work(item));
}

/// Runs `work(state, chunk)` for each of `chunks` on `threads` threads, each taking the next
/// chunk not yet taken with a state of its own from `init`; each chunk's result in the order
/// of `chunks`, and the states.
fn take_chunks<C: Send, S: Send, R: Send>(
    chunks: impl Iterator<Item = C> + Send,
    threads: usize,
    init: &(impl Fn() -> S + Sync),
    work: &(impl Fn(&mut S, C) -> R + Sync),
) -> (Vec<R>, Vec<S>) {
    let chunks = std::sync::Mutex::new(chunks.enumerate());
    let take = |_thread: usize| {
        let mut state = init();
        let mut done = Vec::new();
        loop {
            // The lock is held only to take the chunk. No code under it panics, so a thread
            // that panicked in its work left it whole.
            let next = chunks
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .next();
            let Some((number, chunk)) = next else {
                return (done, state);
            };
            done.push((number, work(&mut state, chunk)));
        }
    };
    let mut done = Vec::new();
    let mut states = Vec::with_capacity(threads);
    for (thread_done, state) in on_threads(0..threads, &take) {
        done.extend(thread_done);
        states.push(state);
    }
    done.sort_unstable_by_key(|(number, _)| *number);
    (done.into_iter().map(|(_, result)| result).collect(), states)
}

/// The chunks' results, in order, as one list of `count`; each chunk's list is freed as soon as
/// it is moved, so that at most one list of every result is made besides the chunks'.
fn flatten<R>(chunks: Vec<Vec<R>>, count: usize) -> Vec<R> {
    let mut results = Vec::with_capacity(count);
    for chunk in chunks {
        results.extend(chunk);
    }
    results
}

/// `first()` and `second()`, at once when the machine has a core to spare (`second` on a thread
/// of its own), each as a share ([`as_share`]); one after the other otherwise. For two steps
/// that read the same data and are each done on one core. A panic in either is passed on.
pub(crate) fn join<A: Send, B: Send>(
    first: impl FnOnce() -> A + Send,
    second: impl FnOnce() -> B + Send,
) -> (A, B) {
    if threads_for(2, 1) < 2 {
        return (first(), second());
    }
    std::thread::scope(|scope| {
        let worker = scope.spawn(|| as_share(second));
        let first = as_share(first);
        let second = worker
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (first, second)
    })
}

/// `work` of each of `shares`, in order: the first on the calling thread (rather than waiting
/// idle), each other on a thread of its own, every one as a share ([`as_share`]). A panic in
/// any is passed on.
fn on_threads<S: Send, R: Send>(
    mut shares: impl Iterator<Item = S>,
    work: &(impl Fn(S) -> R + Sync),
) -> Vec<R> {
    std::thread::scope(|scope| {
        let first = shares.next();
        let workers: Vec<_> = shares
            .map(|share| scope.spawn(move || as_share(|| work(share))))
            .collect();
        let mut results = Vec::with_capacity(workers.len() + 1);
        results.extend(first.map(|share| as_share(|| work(share))));
        results.extend(workers.into_iter().map(|worker| {
            worker
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
        }));
        results
    })
}

/// Runs every one of `jobs` and calls `consume` with each result, strictly in the order of
/// `jobs`, on the calling thread, while up to as many threads as the machine has cores run the
/// jobs: what must happen in order (handing a file to a sink) does, and what may happen
/// anywhere (building the file) keeps every core busy.
///
/// - *Who runs what.* Each helper thread takes the next job of `helper_order` not yet taken
///   (indices of `jobs`; then any it leaves out, lowest first): a long job listed before jobs
///   that come earlier in `jobs` starts before them, so that it does not run alone at the end
///   with the other cores idle. The calling thread consumes the next result once it is ready; while it is not, it
///   takes the lowest job not yet taken itself rather than waiting idle. Every job runs as a
///   share ([`as_share`]): work it splits again stays on its thread, since the cores are busy
///   with other jobs.
/// - *Memory.* At most `ahead` jobs are started and not yet consumed (results waiting their
///   turn count, so at most `ahead` results are alive besides the one `consume` holds). The
///   calling thread may always start the job whose result it needs next, so nothing waits on a
///   job that no one may start.
/// - *Stopping.* The first `Err` of `consume` is returned once the jobs being run have ended;
///   no other job is started and no other result consumed. A panic in a job or in `consume`
///   is passed on the same way.
/// - *What is left.* What `consume` returns (what is left of a result once used) is dropped by
///   a helper when a helper ran the job, as it takes its next one: a result made of many small
///   allocations from a helper's heap (a parsed fragment), freed on the calling thread, costs
///   each free an atomic hand-back to that heap, and puts the calling thread (the one that must
///   consume in order, so the one to spare) to work a helper can do.
///
/// On one core (or inside a share) it is the plain loop: each job run, then consumed, in order.
pub(crate) fn jobs_in_order<J: Send, R: Send, S: Send, E>(
    jobs: Vec<J>,
    helper_order: &[usize],
    ahead: usize,
    run: impl Fn(J) -> R + Sync,
    mut consume: impl FnMut(R) -> Result<S, E>,
) -> Result<(), E> {
    let helpers = threads_for(jobs.len(), 1) - 1;
    if helpers == 0 {
        return jobs
            .into_iter()
            .try_for_each(|job| consume(run(job)).map(drop));
    }
    let queue = Queue::new(jobs, helper_order, ahead.max(1));
    let run = &run;
    std::thread::scope(|scope| {
        let helpers: Vec<_> = (0..helpers)
            .map(|_| scope.spawn(|| queue.help(run)))
            .collect();
        // However the loop below ends (an error, a panic), the helpers stop taking jobs.
        let stop = StopOnDrop(&queue);
        let consumed = queue.consume_in_order(run, &mut consume);
        drop(stop);
        for helper in helpers {
            if let Err(panic) = helper.join() {
                std::panic::resume_unwind(panic);
            }
        }
        consumed
    })
}

/// The jobs of [`jobs_in_order`] and their results, shared by its threads.
struct Queue<J, R, S> {
    state: std::sync::Mutex<QueueState<J, R, S>>,
    /// Signalled whenever a result is stored, one is consumed, or the queue stops.
    changed: std::sync::Condvar,
    ahead: usize,
}

/// What [`Queue`] guards.
struct QueueState<J, R, S> {
    /// Each job until a thread takes it.
    jobs: Vec<Option<J>>,
    /// Each result from when its job ends until it is consumed, and whether a helper ran it.
    results: Vec<Option<(R, bool)>>,
    /// What is left of results helpers made, once consumed, for a helper to drop.
    spent: Vec<S>,
    /// The order helpers take jobs in, the next one last.
    helper_order: Vec<usize>,
    /// No job below this one is left to take.
    lowest: usize,
    /// How many jobs were taken.
    started: usize,
    /// How many results were consumed: the next one to consume.
    consumed: usize,
    /// Set once the consuming thread has left (done, failed or panicking), or a helper
    /// panicked: nothing more is started.
    stopped: bool,
}

impl<J, R, S> Queue<J, R, S> {
    fn new(jobs: Vec<J>, helper_order: &[usize], ahead: usize) -> Self {
        let count = jobs.len();
        let mut helper_order: Vec<usize> = helper_order
            .iter()
            .copied()
            .filter(|&job| job < count)
            .collect();
        helper_order.reverse();
        Self {
            state: std::sync::Mutex::new(QueueState {
                jobs: jobs.into_iter().map(Some).collect(),
                results: std::iter::repeat_with(|| None).take(count).collect(),
                spent: Vec::new(),
                helper_order,
                lowest: 0,
                started: 0,
                consumed: 0,
                stopped: false,
            }),
            changed: std::sync::Condvar::new(),
            ahead,
        }
    }

    /// The state, even after a thread panicked holding it: no code under the lock panics
    /// midway, and the panic is passed on anyway.
    fn lock(&self) -> std::sync::MutexGuard<'_, QueueState<J, R, S>> {
        self.state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn wait<'a>(
        &self,
        state: std::sync::MutexGuard<'a, QueueState<J, R, S>>,
    ) -> std::sync::MutexGuard<'a, QueueState<J, R, S>> {
        self.changed
            .wait(state)
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn stop(&self) {
        self.lock().stopped = true;
        self.changed.notify_all();
    }

    /// Runs `job` (number `index`) as a share, the lock released meanwhile, and stores its
    /// result.
    fn run_job<'a>(
        &'a self,
        mut state: std::sync::MutexGuard<'a, QueueState<J, R, S>>,
        index: usize,
        job: J,
        run: &impl Fn(J) -> R,
        by_helper: bool,
    ) -> std::sync::MutexGuard<'a, QueueState<J, R, S>> {
        // A helper drops what is left of its earlier results while out of the lock.
        let spent = if by_helper {
            std::mem::take(&mut state.spent)
        } else {
            Vec::new()
        };
        drop(state);
        drop(spent);
        let result = as_share(|| run(job));
        let mut state = self.lock();
        state.results[index] = Some((result, by_helper));
        self.changed.notify_all();
        state
    }

    /// A helper thread's loop: takes jobs (in `helper_order`) while the bound allows, until
    /// none is left or the queue stops.
    fn help(&self, run: &impl Fn(J) -> R) {
        /// Stops the queue if the job being run panics, so that the consuming thread does not
        /// wait for its result.
        struct StopOnPanic<'q, J, R, S>(&'q Queue<J, R, S>);
        impl<J, R, S> Drop for StopOnPanic<'_, J, R, S> {
            fn drop(&mut self) {
                if std::thread::panicking() {
                    self.0.stop();
                }
            }
        }
        let _stop = StopOnPanic(self);
        let mut state = self.lock();
        while !state.stopped && state.started < state.jobs.len() {
            if state.started - state.consumed < self.ahead {
                let taken = state.take_in_order().or_else(|| state.take_lowest());
                if let Some((index, job)) = taken {
                    state = self.run_job(state, index, job, run, true);
                    continue;
                }
            }
            state = self.wait(state);
        }
        let spent = std::mem::take(&mut state.spent);
        drop(state);
        drop(spent);
    }

    /// The consuming thread's loop: `consume` each result in order, running jobs itself while
    /// the next result is not ready.
    fn consume_in_order<E>(
        &self,
        run: &impl Fn(J) -> R,
        consume: &mut impl FnMut(R) -> Result<S, E>,
    ) -> Result<(), E> {
        let mut state = self.lock();
        while state.consumed < state.results.len() {
            let next = state.consumed;
            if let Some((result, by_helper)) = state.results[next].take() {
                state.consumed += 1;
                // A helper may start the next job while this result is consumed.
                self.changed.notify_all();
                drop(state);
                let spent = consume(result)?;
                if by_helper {
                    state = self.lock();
                    state.spent.push(spent);
                } else {
                    drop(spent);
                    state = self.lock();
                }
                continue;
            }
            if state.stopped {
                // A helper panicked; its panic is passed on once it is joined.
                break;
            }
            // The job needed next may always start (every job before it is consumed, so it is
            // the lowest not taken); any other only within the bound.
            if (state.jobs[next].is_some() || state.started - state.consumed < self.ahead)
                && let Some((index, job)) = state.take_lowest()
            {
                state = self.run_job(state, index, job, run, false);
                continue;
            }
            state = self.wait(state);
        }
        Ok(())
    }
}

impl<J, R, S> QueueState<J, R, S> {
    /// The next job of the helpers' order not yet taken.
    fn take_in_order(&mut self) -> Option<(usize, J)> {
        while let Some(index) = self.helper_order.pop() {
            if let Some(job) = self.jobs[index].take() {
                self.started += 1;
                return Some((index, job));
            }
        }
        None
    }

    /// The lowest job not yet taken.
    fn take_lowest(&mut self) -> Option<(usize, J)> {
        while self.lowest < self.jobs.len() {
            let index = self.lowest;
            self.lowest += 1;
            if let Some(job) = self.jobs[index].take() {
                self.started += 1;
                return Some((index, job));
            }
        }
        None
    }
}

/// Stops a [`Queue`] when dropped, however the consuming thread leaves.
struct StopOnDrop<'q, J, R, S>(&'q Queue<J, R, S>);

impl<J, R, S> Drop for StopOnDrop<'_, J, R, S> {
    fn drop(&mut self) {
        self.0.stop();
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};

    use super::*;

    #[test]
    fn chunks_are_small_beside_each_threads_part() {
        for threads in [2, 4] {
            for count in [1, 2, 15, 16, 100, 1000, 100_000] {
                let chunk = chunk_size(count, threads);
                assert!((1..=MOST_PER_CHUNK).contains(&chunk), "{count} {threads}");
                // Each thread gets several chunks, unless chunks are as large as they go.
                let chunks = count.div_ceil(chunk);
                assert!(
                    chunk == MOST_PER_CHUNK || chunks >= (threads * CHUNKS_PER_THREAD).min(count),
                    "{count} {threads}"
                );
            }
        }
    }

    #[test]
    fn balanced_results_come_in_index_order() {
        for count in [0, 1, 2, 3, 17, 1000] {
            for min_share in [1, 2, 64] {
                let results = map_balanced(count, min_share, uneven);
                let expected: Vec<usize> = (0..count).map(uneven).collect();
                assert_eq!(results, expected, "{count} {min_share}");
            }
        }
    }

    #[test]
    fn each_thread_keeps_its_state_from_chunk_to_chunk() {
        for count in [0, 1, 100, 1000] {
            let (seen, states) = map_balanced_with(count, 1, Vec::new, |state, index| {
                state.push(index);
                (index, state.len())
            });
            // A state's indices are the ones its thread took, in the order taken: ascending
            // within a thread, and together every index once.
            assert_eq!(seen.len(), count);
            assert!(
                seen.iter()
                    .enumerate()
                    .all(|(index, (seen, _))| index == *seen)
            );
            assert!(!states.is_empty() && states.len() <= threads_for(count.max(1), 1));
            let mut taken: Vec<usize> = states.iter().flatten().copied().collect();
            assert!(states.iter().all(|state| state.is_sorted()));
            taken.sort_unstable();
            assert_eq!(taken, (0..count).collect::<Vec<_>>());
        }
    }

    #[test]
    fn work_split_inside_a_share_stays_on_its_thread() {
        let threads = map_balanced(1000, 1, |_| {
            let outer = std::thread::current().id();
            map_balanced(1000, 1, |_| std::thread::current().id())
                .into_iter()
                .all(|inner| inner == outer)
        });
        assert!(threads.into_iter().all(|same| same));
        // And once the outer work is done, splitting spreads again.
        assert!(!IN_SHARE.get());
    }

    #[test]
    fn both_halves_of_a_join_run_and_a_join_inside_a_share_stays_on_its_thread() {
        assert_eq!(join(|| 1, || "two"), (1, "two"));
        let here = std::thread::current().id();
        let (outer, inner) = as_share(|| {
            join(
                || std::thread::current().id(),
                || std::thread::current().id(),
            )
        });
        assert_eq!((outer, inner), (here, here));
        let caught = std::panic::catch_unwind(|| join(|| (), || panic!("the second half")));
        assert!(caught.is_err());
        assert!(!IN_SHARE.get());
    }

    #[test]
    fn every_item_is_worked_on_once() {
        for count in [0, 1, 3, 1000] {
            let mut items: Vec<usize> = (0..count).collect();
            for_each_mut(&mut items, 2, |item| *item += 1);
            assert_eq!(items, (1..=count).collect::<Vec<_>>());
        }
    }

    #[test]
    fn mutable_items_know_their_index_and_come_back_in_order() {
        for count in [0, 1, 3, 65, 1000] {
            for min_share in [1, 2, 64] {
                let mut items: Vec<usize> = (0..count).collect();
                let (results, _) = map_balanced_mut(
                    &mut items,
                    min_share,
                    || (),
                    |(), index, item| {
                        assert_eq!(*item, index);
                        *item *= 2;
                        uneven(index)
                    },
                );
                assert_eq!(results, (0..count).map(uneven).collect::<Vec<_>>());
                assert_eq!(items, (0..count).map(|item| item * 2).collect::<Vec<_>>());
            }
        }
    }

    #[test]
    fn owned_items_are_each_worked_on_once_in_order() {
        for count in [0, 1, 3, 1000] {
            let items: Vec<String> = (0..count).map(|index| index.to_string()).collect();
            let parsed = map_balanced_owned(items, 2, |item| item.parse::<usize>().ok());
            assert_eq!(parsed, (0..count).map(Some).collect::<Vec<_>>());
        }
    }

    #[test]
    fn what_is_left_of_each_result_is_dropped_by_the_thread_that_made_it() {
        /// Records the thread it was made on and the one it is dropped on.
        struct Spent<'a> {
            made_on: std::thread::ThreadId,
            drops: &'a std::sync::Mutex<Vec<(std::thread::ThreadId, std::thread::ThreadId)>>,
        }
        impl Drop for Spent<'_> {
            fn drop(&mut self) {
                self.drops
                    .lock()
                    .expect("no test thread panics")
                    .push((self.made_on, std::thread::current().id()));
            }
        }
        let drops = std::sync::Mutex::new(Vec::new());
        let done = jobs_in_order(
            (0..50).collect(),
            &[],
            2,
            |index: usize| (uneven(index), std::thread::current().id()),
            |(_, made_on)| {
                Ok::<_, ()>(Spent {
                    made_on,
                    drops: &drops,
                })
            },
        );
        assert_eq!(done, Ok(()));
        let drops = drops.into_inner().expect("no test thread panics");
        assert_eq!(drops.len(), 50, "every spent result is dropped");
        // Those of the helpers' jobs consumed once every helper has left are dropped by the
        // caller: at most the bound, the job the caller needs next and the one being consumed.
        let caller = std::thread::current().id();
        let elsewhere = drops
            .iter()
            .filter(|(made_on, dropped_on)| made_on != dropped_on)
            .count();
        assert!(
            elsewhere <= 2 + 2
                && drops.iter().all(|(made_on, dropped_on)| {
                    made_on == dropped_on || *dropped_on == caller
                }),
            "{elsewhere} dropped elsewhere"
        );
    }

    #[test]
    fn a_panic_in_a_share_reaches_the_caller() {
        let caught = std::panic::catch_unwind(|| {
            map_balanced(100, 1, |index| assert!(index != 99, "the last item"));
        });
        assert!(caught.is_err());
    }

    /// Work of uneven cost, so that jobs end out of order.
    fn uneven(index: usize) -> usize {
        (0..(index % 7) * 1000).fold(index, |sum, step| sum ^ step) ^ index
    }

    #[test]
    fn jobs_are_consumed_in_order_within_the_bound() {
        for count in [0_usize, 1, 2, 3, 50] {
            for order in [
                vec![],
                vec![count.saturating_sub(1)],
                vec![count / 2, 0, 99],
            ] {
                let order: Vec<usize> = order;
                for ahead in [0, 1, 2, 4] {
                    let started = AtomicUsize::new(0);
                    let mut consumed = Vec::new();
                    let mut most_alive = 0;
                    let done = jobs_in_order(
                        (0..count).collect(),
                        &order,
                        ahead,
                        |index| {
                            started.fetch_add(1, Ordering::SeqCst);
                            uneven(index)
                        },
                        |result| {
                            let alive = started.load(Ordering::SeqCst) - consumed.len();
                            most_alive = most_alive.max(alive);
                            consumed.push(result);
                            Ok::<(), ()>(())
                        },
                    );
                    assert_eq!(done, Ok(()));
                    assert_eq!(consumed, (0..count).map(uneven).collect::<Vec<_>>());
                    // The bound, the job the caller needs next, and the result being consumed.
                    assert!(most_alive <= ahead.max(1) + 2, "{count} {order:?} {ahead}");
                }
            }
        }
    }

    #[test]
    fn an_error_of_the_consumer_stops_the_jobs() {
        for ahead in [1, 4] {
            let started = AtomicUsize::new(0);
            let mut consumed = 0;
            let done = jobs_in_order(
                (0..100).collect(),
                &[],
                ahead,
                |index: usize| {
                    started.fetch_add(1, Ordering::SeqCst);
                    uneven(index)
                },
                |_| {
                    consumed += 1;
                    if consumed == 6 { Err(consumed) } else { Ok(()) }
                },
            );
            assert_eq!(done, Err(6));
            assert_eq!(consumed, 6, "nothing is consumed after the error");
            assert!(
                started.into_inner() <= 6 + ahead + 1,
                "nor many jobs started"
            );
        }
    }

    #[test]
    fn a_panic_in_a_job_or_the_consumer_reaches_the_caller() {
        for panicking in [0, 1, 17, 49] {
            for order in [vec![], vec![panicking]] {
                let caught = std::panic::catch_unwind(|| {
                    jobs_in_order(
                        (0..50).collect(),
                        &order,
                        2,
                        |index: usize| assert!(index != panicking, "job {index}"),
                        |()| Ok::<(), ()>(()),
                    )
                });
                assert!(caught.is_err(), "{panicking} {order:?}");
            }
            let caught = std::panic::catch_unwind(|| {
                jobs_in_order((0..50).collect(), &[], 2, uneven, |result| {
                    assert!(result != uneven(panicking), "consumed {panicking}");
                    Ok::<(), ()>(())
                })
            });
            assert!(caught.is_err(), "consumer {panicking}");
        }
        assert!(!IN_SHARE.get());
    }

    #[test]
    fn work_split_inside_a_job_stays_on_its_thread() {
        let mut same = Vec::new();
        let done = jobs_in_order(
            (0..20).collect(),
            &[19],
            2,
            |_: usize| {
                let outer = std::thread::current().id();
                map_balanced(1000, 1, |_| std::thread::current().id())
                    .into_iter()
                    .all(|inner| inner == outer)
            },
            |stayed| {
                same.push(stayed);
                Ok::<(), ()>(())
            },
        );
        assert_eq!(done, Ok(()));
        assert_eq!(same, vec![true; 20]);
        assert!(!IN_SHARE.get());
    }

    #[test]
    fn helpers_take_jobs_in_their_order() {
        let caller = std::thread::current().id();
        let by_helpers = std::sync::Mutex::new(Vec::new());
        let done = jobs_in_order(
            (0..50).collect(),
            &[42, 7],
            4,
            |index: usize| {
                if std::thread::current().id() != caller {
                    by_helpers
                        .lock()
                        .expect("no test thread panics")
                        .push(index);
                }
                uneven(index)
            },
            |_| Ok::<(), ()>(()),
        );
        assert_eq!(done, Ok(()));
        let by_helpers = by_helpers.into_inner().expect("no test thread panics");
        // Whichever helper comes first takes 42, unless the caller, taking jobs in order, has
        // gone past it before any helper started (a loaded machine).
        if let Some(&first) = by_helpers.first() {
            assert!(
                first == 42 || (first > 42 && !by_helpers.contains(&42)),
                "{by_helpers:?}"
            );
        }
    }
}

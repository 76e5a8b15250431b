//! Work spread over the machine's cores without changing a byte of what it produces.
//!
//! Generation is deterministic: the same fragments give the same files whatever the machine.
//! So work is only ever split into contiguous shares of an index range, each share's results
//! come back in index order, and the result is the same on one core as on many.

use std::num::NonZero;
use std::ops::Range;

/// How many threads to use for `count` items when a thread should get at least `min_share`.
fn threads_for(count: usize, min_share: usize) -> usize {
    std::thread::available_parallelism()
        .map_or(1, NonZero::get)
        .min(count.div_ceil(min_share.max(1)))
        .max(1)
}

/// Runs `work` on contiguous shares of `0..count`, on up to as many threads as the machine has
/// cores (fewer when a share would hold fewer than `min_share` items), and returns each share's
/// result in index order.
///
/// `work` may keep state of its own within a share (a cache, a buffer): each share starts
/// afresh, so that state must not change what is produced, only how fast.
pub(crate) fn in_shares<R: Send>(
    count: usize,
    min_share: usize,
    work: impl Fn(Range<usize>) -> R + Sync,
) -> Vec<R> {
    let threads = threads_for(count, min_share);
    let share = count.div_ceil(threads).max(1);
    let range = |thread: usize| (thread * share).min(count)..((thread + 1) * share).min(count);
    if threads == 1 {
        return vec![work(0..count)];
    }
    std::thread::scope(|scope| {
        let work = &work;
        let workers: Vec<_> = (1..threads)
            .map(|thread| scope.spawn(move || work(range(thread))))
            .collect();
        // The calling thread takes the first share rather than waiting idle.
        let mut results = Vec::with_capacity(threads);
        results.push(work(range(0)));
        results.extend(workers.into_iter().map(|worker| {
            worker
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
        }));
        results
    })
}

/// Calls `work` on every item of `items`, in contiguous shares on up to as many threads as the
/// machine has cores (fewer when a share would hold fewer than `min_share` items).
pub(crate) fn for_each_mut<T: Send>(
    items: &mut [T],
    min_share: usize,
    work: impl Fn(&mut T) + Sync,
) {
    let threads = threads_for(items.len(), min_share);
    if threads == 1 {
        items.iter_mut().for_each(work);
        return;
    }
    let share = items.len().div_ceil(threads);
    std::thread::scope(|scope| {
        let work = &work;
        let mut shares = items.chunks_mut(share);
        let first = shares.next();
        let workers: Vec<_> = shares
            .map(|share| scope.spawn(move || share.iter_mut().for_each(work)))
            .collect();
        first.into_iter().flatten().for_each(work);
        for worker in workers {
            worker
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        }
    });
}

/// Calls `consume` with `produce(item)` for each of `items`, in order, while a second thread
/// (when the machine has more than one core) produces the next ones: at most `ahead` results
/// wait to be consumed, so that only a few are alive at once.
///
/// For a sequence whose consumer must run on one thread (it owns state every item adds to)
/// and whose producer can run apart: parsing fragments while lowering the ones before.
pub(crate) fn produce_ahead<T: Send, U: Send>(
    items: Vec<T>,
    ahead: usize,
    produce: impl Fn(T) -> U + Sync,
    mut consume: impl FnMut(U),
) {
    if threads_for(items.len(), 2) == 1 {
        for item in items {
            consume(produce(item));
        }
        return;
    }
    std::thread::scope(|scope| {
        let (sender, results) = std::sync::mpsc::sync_channel(ahead);
        let produce = &produce;
        let producer = scope.spawn(move || {
            for item in items {
                // The receiver is only gone when the consumer panicked, which the scope
                // passes on.
                if sender.send(produce(item)).is_err() {
                    break;
                }
            }
        });
        results.into_iter().for_each(&mut consume);
        if let Err(panic) = producer.join() {
            std::panic::resume_unwind(panic);
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_cover_every_index_once_in_order() {
        for count in [0, 1, 2, 3, 7, 64, 65, 1000] {
            for min_share in [1, 2, 64] {
                let shares = in_shares(count, min_share, |range| range);
                let mut next = 0;
                for share in shares {
                    assert_eq!(share.start, next, "{count} {min_share}");
                    next = share.end;
                }
                assert_eq!(next, count);
            }
        }
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
    fn produced_items_are_consumed_in_order() {
        for count in [0, 1, 2, 50] {
            let mut consumed = Vec::new();
            produce_ahead(
                (0..count).collect(),
                2,
                |item| item * 2,
                |item| consumed.push(item),
            );
            assert_eq!(
                consumed,
                (0..count).map(|item| item * 2).collect::<Vec<_>>()
            );
        }
    }

    #[test]
    fn a_panic_in_a_share_reaches_the_caller() {
        let caught = std::panic::catch_unwind(|| {
            in_shares(100, 1, |share| assert!(share.end != 100, "the last share"));
        });
        assert!(caught.is_err());
    }
}

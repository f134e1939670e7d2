//! Work split over the machine's cores (scoped threads, no pool): used where a merge handles a
//! million codings, done in place below a size where threads cost more than they save.

use std::num::NonZeroUsize;
use std::thread;

/// Below this many items, one thread does the work.
const SMALL: usize = 20_000;

/// `f` applied to consecutive chunks of `items` (one per core, at most `items.len()`), the
/// results in chunk order.
pub(crate) fn map_chunks<T: Sync, R: Send>(
    items: &[T],
    weight: impl Fn(&T) -> usize,
    f: impl Fn(&[T]) -> R + Sync,
) -> Vec<R> {
    let total: usize = items.iter().map(&weight).sum();
    let cores = thread::available_parallelism().map_or(1, NonZeroUsize::get);
    if total < SMALL || cores < 2 || items.len() < 2 {
        return vec![f(items)];
    }
    // Chunks of about equal weight.
    let per_chunk = total.div_ceil(cores.min(items.len()));
    let mut chunks: Vec<&[T]> = Vec::new();
    let (mut start, mut acc) = (0, 0);
    for (i, item) in items.iter().enumerate() {
        acc += weight(item);
        if acc >= per_chunk && i + 1 < items.len() {
            chunks.push(&items[start..=i]);
            start = i + 1;
            acc = 0;
        }
    }
    chunks.push(&items[start..]);
    let f = &f;
    thread::scope(|scope| {
        let handles: Vec<_> = chunks
            .into_iter()
            .map(|chunk| scope.spawn(move || f(chunk)))
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    })
}

/// `a()` and `b()`, on two cores when `items` (the work's size) is not small.
pub(crate) fn join<A: Send, B: Send>(
    items: usize,
    a: impl FnOnce() -> A + Send,
    b: impl FnOnce() -> B + Send,
) -> (A, B) {
    let cores = thread::available_parallelism().map_or(1, NonZeroUsize::get);
    if items < SMALL || cores < 2 {
        return (a(), b());
    }
    thread::scope(|scope| {
        let other = scope.spawn(b);
        let first = a();
        let second = other
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (first, second)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunks_cover_every_item_in_order() {
        let items: Vec<usize> = (0..50_000).collect();
        let sums = map_chunks(&items, |_| 1, |chunk| chunk.to_vec());
        assert_eq!(sums.concat(), items);
        let small = map_chunks(&items[..10], |_| 1, |chunk| chunk.len());
        assert_eq!(small, [10]);
        // Weighted: one heavy item among light ones still gives every item once.
        let weights = [30_000, 1, 1, 1];
        let parts = map_chunks(&weights, |w| *w, |chunk| chunk.to_vec());
        assert_eq!(parts.concat(), weights);
        assert_eq!(join(1_000_000, || 1, || "two"), (1, "two"));
        assert_eq!(join(1, || 1, || "two"), (1, "two"));
    }
}

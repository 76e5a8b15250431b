//! Walking the pages of a list operation: the stream the generated `…_stream` methods return.

use std::future::Future;

use futures_core::Stream;

use super::error::Error;

/// The walk between two items: what is left of the current page, and the parameters of the
/// next page to ask for (`None` once the last page was read, or a call failed).
struct Walk<P, T, F> {
    next: Option<P>,
    items: std::vec::IntoIter<T>,
    limit: Option<usize>,
    advance: fn(&mut P) -> bool,
    fetch: F,
}

/// Every item of every page, from the page `params` name on: `fetch` asks for one page (one
/// call, made only when the stream needs more items), `advance` turns the parameters into the
/// next page's (`false` when the page number cannot grow). The walk ends after a page with
/// fewer items than `limit` (or none, when the limit is unknown) or an empty one; a failed call
/// is the stream's last item. Nothing is retried: the caller knows whether asking again is safe.
#[allow(
    dead_code,
    reason = "called by generated list operations; not every API has one"
)]
pub(crate) fn walk_pages<P, T, E, F, Fut>(
    params: P,
    limit: Option<usize>,
    advance: fn(&mut P) -> bool,
    fetch: F,
) -> impl Stream<Item = Result<T, Error<E>>>
where
    P: Clone,
    F: FnMut(P) -> Fut,
    Fut: Future<Output = Result<Vec<T>, Error<E>>>,
{
    let walk = Walk {
        next: Some(params),
        items: Vec::new().into_iter(),
        limit,
        advance,
        fetch,
    };
    futures_util::stream::unfold(walk, |mut walk| async move {
        loop {
            if let Some(item) = walk.items.next() {
                return Some((Ok(item), walk));
            }
            let mut params = walk.next.take()?;
            match (walk.fetch)(params.clone()).await {
                Ok(items) => {
                    let full =
                        !items.is_empty() && walk.limit.is_none_or(|limit| items.len() >= limit);
                    if full && (walk.advance)(&mut params) {
                        walk.next = Some(params);
                    }
                    walk.items = items.into_iter();
                }
                Err(error) => return Some((Err(error), walk)),
            }
        }
    })
}

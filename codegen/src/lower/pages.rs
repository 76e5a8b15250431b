//! List operations of the page/limit/`results` shape (RevCent's `GetSales`: `page` and `limit`
//! query parameters, a reply whose `results` is the page's items), which get a second method
//! that walks the pages as a stream of items (`ir::Pages`).

use super::describe;
use crate::ir::{Operation, Pages, Param, Presence, Reply, Sending, TypeDef, TypeKind, TypeRef};

/// The wire names of the page number, the page size and the reply's items.
const PAGE: &str = "page";
const LIMIT: &str = "limit";
const RESULTS: &str = "results";

/// Gives each list operation of the shape its [`Pages`]. The stream's method takes what the
/// list method takes (path arguments and a body included, copied into the stream for its later
/// calls); the method's name must be free, else the operation keeps its list method alone.
pub(super) fn recognise(operations: &mut [Operation], types: &[TypeDef]) {
    let taken: Vec<String> = operations
        .iter()
        .map(|operation| operation.fn_name.clone())
        .collect();
    for operation in operations.iter_mut() {
        operation.pages = pages(operation, types).filter(|pages| !taken.contains(&pages.fn_name));
    }
}

fn pages(operation: &Operation, types: &[TypeDef]) -> Option<Pages> {
    operation.params_struct.as_ref()?;
    // A declared `3XX` makes the reply an `Outcome`, which has no items to walk.
    if operation.redirects.is_some() {
        return None;
    }
    let page = integer_query(&operation.params, PAGE)?;
    let limit = integer_query(&operation.params, LIMIT)?;
    let Reply::Json(Some(TypeRef::Named(reply))) = &operation.success else {
        return None;
    };
    let TypeKind::Struct(structure) = &types.get(reply.0)?.kind else {
        return None;
    };
    let results = structure
        .fields
        .iter()
        .find(|field| field.wire_name == RESULTS)?;
    let TypeRef::Array(item, _) = &results.ty else {
        return None;
    };
    let results_required = match results.presence {
        Presence::Required => true,
        Presence::Optional { .. } => false,
        // A page whose items may be `null` is no page this walk can read.
        Presence::OptionalNullable | Presence::ReceivedOnly => return None,
    };
    let fn_name = format!("{}_stream", operation.fn_name);
    Some(Pages {
        docs: describe::pages_docs(&operation.fn_name, &page.wire_name, &limit.wire_name),
        fn_name,
        page_field: page.rust_name.clone(),
        page_required: page.required,
        limit_field: limit.rust_name.clone(),
        limit_required: limit.required,
        results_field: results.rust_name.clone(),
        results_required,
        item: (**item).clone(),
    })
}

/// The query parameter `name`, if it is an integer.
fn integer_query<'p>(params: &'p [Param], name: &str) -> Option<&'p Param> {
    params.iter().find(|param| {
        param.wire_name == name
            && matches!(param.sending, Sending::Query(_))
            && matches!(param.ty, TypeRef::Integer(_))
    })
}

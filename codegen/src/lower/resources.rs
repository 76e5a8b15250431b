//! Resources: which group of operations each operation belongs to ([`Grouping`]), and in which
//! module each type lives. A resource is a module of `types` and a Cargo feature; a type lives
//! in a resource's module when every operation that uses it, through any field or variant, is
//! in that resource, and in the shared module otherwise, so that a crate built with one
//! resource's feature compiles exactly the types that resource's operations need.

use std::collections::{BTreeMap, BTreeSet};

use super::describe;
use crate::config::Grouping;
use crate::ir::{
    BodyFormat, BodyKind, Module, Operation, Reply, Resource, SHARED_MODULE, TypeDef, TypeKind,
    TypeRef,
};
use crate::naming::snake_ident;

/// Feature names the runtime's manifest already defines, which no resource may take.
fn reserved_features() -> BTreeSet<String> {
    let mut reserved: BTreeSet<String> = crate::runtime::feature_names().into_iter().collect();
    reserved.insert("default".to_owned());
    reserved
}

/// The text an operation is grouped by, as written: the first segment of `path_template` (the
/// path below the base URL, or below its own server), or the first tag. `None` when the
/// operation belongs to no resource: no grouping, no tag, or a first segment that is empty or
/// holds a parameter (`/`, `/{id}`, `/v{version}`), which names no resource.
pub(super) fn key(grouping: Grouping, tags: &[String], path_template: &str) -> Option<String> {
    match grouping {
        Grouping::None => None,
        Grouping::FirstTag => tags.first().cloned(),
        Grouping::FirstPathSegment => {
            let path = path_template.split('?').next().unwrap_or_default();
            let segment = path.trim_start_matches('/').split('/').next()?;
            (!segment.is_empty() && !segment.contains(['{', '}'])).then(|| segment.to_owned())
        }
    }
}

/// The resources that `keys` (one per operation, see [`key`]) name, sorted by module, and each
/// operation's index among them. Keys that become one module name (`user-groups`,
/// `user_groups`) are one resource.
pub(super) fn group(
    keys: &[Option<String>],
    grouping: Grouping,
) -> (Vec<Resource>, Vec<Option<usize>>) {
    let reserved = reserved_features();
    // Module name → the keys it stands for, sorted: a module's docs name them all.
    let mut modules: BTreeMap<String, BTreeSet<&str>> = BTreeMap::new();
    let module_of = |key: &str| {
        let mut module = snake_ident(key);
        // The shared module keeps its name; a resource called so is told apart.
        if module == SHARED_MODULE {
            module.push_str("_resource");
        }
        module
    };
    for key in keys.iter().flatten() {
        modules.entry(module_of(key)).or_default().insert(key);
    }
    let resources: Vec<Resource> = modules
        .iter()
        .map(|(module, keys)| {
            let mut feature = module.replace('_', "-");
            if reserved.contains(&feature) {
                feature.insert_str(0, "api-");
            }
            let keys: Vec<&str> = keys.iter().copied().collect();
            Resource {
                docs: describe::resource_docs(grouping, &keys, &feature),
                methods_docs: describe::resource_methods_docs(grouping, &keys, &feature),
                module: module.clone(),
                feature,
            }
        })
        .collect();
    let index: BTreeMap<&str, usize> = resources
        .iter()
        .enumerate()
        .map(|(index, resource)| (resource.module.as_str(), index))
        .collect();
    let of_operations = keys
        .iter()
        .map(|key| {
            key.as_deref()
                .and_then(|key| index.get(module_of(key).as_str()).copied())
        })
        .collect();
    (resources, of_operations)
}

/// The module of each type (indexed like `kinds`): its resource's, when the operations that
/// reach it are all of that one resource, else the shared one. What `default_error` reaches is
/// shared, since `Error`'s default type parameter names it in every build.
pub(super) fn type_modules(
    types: &[TypeDef],
    operations: &[Operation],
    default_error: &TypeRef,
) -> Vec<Module> {
    /// No resource seen yet, one, or more than one (or the crate itself).
    #[derive(Clone, Copy, PartialEq, Eq)]
    enum Seen {
        None,
        One(usize),
        Shared,
    }
    let mut seen = vec![Seen::None; types.len()];
    // Which walk last visited each type: one list for every walk, rather than a set each.
    let mut visited_by = vec![usize::MAX; types.len()];
    let mut pending = Vec::new();
    let mut walk = 0;
    let mut mark = |roots: Vec<&TypeRef>, resource: Option<usize>| {
        walk += 1;
        for root in roots {
            root.named_types(&mut pending);
        }
        while let Some(id) = pending.pop() {
            if visited_by[id.0] == walk {
                continue;
            }
            visited_by[id.0] = walk;
            seen[id.0] = match (seen[id.0], resource) {
                (Seen::None, Some(resource)) => Seen::One(resource),
                (Seen::One(before), Some(resource)) if before == resource => Seen::One(resource),
                _ => Seen::Shared,
            };
            for child in children(&types[id.0].kind) {
                child.named_types(&mut pending);
            }
        }
    };
    for operation in operations {
        mark(roots(operation), operation.resource);
    }
    mark(vec![default_error], None);
    seen.into_iter()
        .map(|seen| match seen {
            Seen::One(resource) => Module::Resource(resource),
            // A type no operation reaches is kept where every build sees it.
            Seen::None | Seen::Shared => Module::Shared,
        })
        .collect()
}

/// The types an operation names directly: parameters, body, replies, errors.
fn roots(operation: &Operation) -> Vec<&TypeRef> {
    let mut roots: Vec<&TypeRef> = operation.params.iter().map(|param| &param.ty).collect();
    if let Some(body) = &operation.body
        && let BodyKind::Argument(argument) = &body.kind
    {
        match &argument.format {
            BodyFormat::Json(ty)
            | BodyFormat::Form { ty, .. }
            | BodyFormat::Multipart { ty, .. } => roots.push(ty),
            BodyFormat::MultipartParts | BodyFormat::Text | BodyFormat::Bytes => {}
        }
    }
    if let Reply::Json(Some(ty)) = &operation.success {
        roots.push(ty);
    }
    if let Some(body) = operation
        .redirects
        .as_ref()
        .and_then(|redirects| redirects.body.as_ref())
    {
        roots.push(body);
    }
    roots.push(&operation.error);
    roots.extend(
        operation
            .schemas
            .responses
            .iter()
            .map(|response| &response.body_type),
    );
    roots
}

/// The types a type's values hold.
fn children(kind: &TypeKind) -> Vec<&TypeRef> {
    match kind {
        TypeKind::Struct(structure) => structure
            .fields
            .iter()
            .map(|field| &field.ty)
            .chain(structure.additional.iter().map(|field| &field.ty))
            .chain(structure.forms.iter().map(|field| &field.ty))
            .collect(),
        TypeKind::OneOf(one_of) => one_of.variants.iter().map(|variant| &variant.ty).collect(),
        TypeKind::ByStatus(by_status) => by_status
            .variants
            .iter()
            .map(|variant| &variant.ty)
            .collect(),
        TypeKind::Enum(_) | TypeKind::Newtype(_) => Vec::new(),
    }
}

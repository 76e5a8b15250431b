//! Type names, chosen after every type is known, from ranked sources: a configured override,
//! then the schema's `title`, then the shortest suffix of the property path that no other type
//! needs, then the operation-qualified path; a numeric suffix only when all of those collide.
//! Also the names inside types (variants, catch-alls) and beside them (parameter structs).

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::sync::Arc;

use foldhash::fast::RandomState as FastHasher;

use super::TYPES_PER_SHARE;
use super::operations::OperationDraft;
use super::types::Draft;
use crate::config::Config;
use crate::error::Diagnostic;
use crate::ir::TypeRef;
use crate::naming::{
    RESERVED_TYPE_NAMES, camel_ident, camel_suffixes, dedupe_in_order, is_type_ident,
};

/// Variant names for a `oneOf`: the name of each alternative's type (`Cat(Cat)`), or what it is
/// (`String(String)`, `StringList(Vec<String>)`), numbered where two alternatives would share one.
pub(super) fn one_of_variant_names(variants: &[TypeRef], type_names: &[String]) -> Vec<String> {
    fn describe(ty: &TypeRef, type_names: &[String]) -> String {
        match ty {
            TypeRef::Named(id) => type_names[id.0].clone(),
            TypeRef::String(_) => "String".to_owned(),
            TypeRef::Integer(_) => "Integer".to_owned(),
            TypeRef::Number(_) => "Number".to_owned(),
            TypeRef::Boolean => "Boolean".to_owned(),
            TypeRef::Array(items, _) => format!("{}List", describe(items, type_names)),
            TypeRef::Tuple(_) => "Tuple".to_owned(),
            TypeRef::Nullable(inner) => describe(inner, type_names),
            TypeRef::MapOf(..) | TypeRef::Map(_) => "Map".to_owned(),
            TypeRef::Any => "Value".to_owned(),
            TypeRef::File => "File".to_owned(),
        }
    }
    let mut names: Vec<String> = variants.iter().map(|ty| describe(ty, type_names)).collect();
    dedupe_in_order(&mut names, &[]);
    names
}

/// Variant names for a string enum's values, unique in the enum.
pub(super) fn enum_variant_names(values: &[String]) -> Vec<String> {
    let mut names: Vec<String> = values.iter().map(|value| camel_ident(value)).collect();
    dedupe_in_order(&mut names, &[]);
    names
}

/// The name of the variant that keeps values an enum does not list: `Unknown` reads best; an
/// enum that lists `unknown` itself gets `Unlisted`.
pub(super) fn catch_all_name(variant_names: &[String]) -> String {
    let taken: Vec<&str> = variant_names.iter().map(String::as_str).collect();
    let mut catch_all = vec![
        ["Unknown", "Unlisted"]
            .into_iter()
            .find(|name| !taken.contains(name))
            .unwrap_or("Unlisted")
            .to_owned(),
    ];
    dedupe_in_order(&mut catch_all, &taken);
    catch_all.pop().unwrap_or_default()
}

/// `wanted` made unique in order and clear of `taken` (`form`, then `form_2` if a property is
/// called `form`).
pub(super) fn unique_name(wanted: &str, taken: &[&str]) -> String {
    let mut names = vec![wanted.to_owned()];
    dedupe_in_order(&mut names, taken);
    names.pop().unwrap_or_default()
}

/// The name of each operation's query and header parameters struct, `<Operation>Params`, clear
/// of every type name; `None` for operations without such parameters.
pub(super) fn params_struct_names(
    operations: &[OperationDraft],
    type_names: &[String],
) -> Vec<Option<String>> {
    let wanted: Vec<usize> = (0..operations.len())
        .filter(|index| operations[*index].has_params_struct())
        .collect();
    let mut names: Vec<String> = wanted
        .iter()
        .map(|index| format!("{}Params", camel_ident(&operations[*index].operation_id)))
        .collect();
    let mut taken: Vec<&str> = type_names.iter().map(String::as_str).collect();
    taken.extend_from_slice(RESERVED_TYPE_NAMES);
    dedupe_in_order(&mut names, &taken);
    let mut result = vec![None; operations.len()];
    for (index, name) in wanted.into_iter().zip(names) {
        result[index] = Some(name);
    }
    result
}

/// Candidate names for a type met at `words` below `root`, from the shortest suffix of the
/// property path to the operation-qualified path.
fn path_candidates(words: &[Arc<str>], root: &str) -> Vec<String> {
    if words.is_empty() {
        return vec![root.to_owned()];
    }
    let mut candidates = camel_suffixes(words);
    let whole = candidates.last().map_or("", String::as_str);
    candidates.push(format!("{root}{whole}"));
    candidates
}

/// Two operations must not map to one method name: every clash, each at the later operation.
pub(super) fn check_method_names(operations: &[OperationDraft]) -> Vec<Diagnostic> {
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    let mut problems = Vec::new();
    for (index, operation) in operations.iter().enumerate() {
        if let Some(&previous) = seen.get(operation.fn_name.as_str()) {
            problems.push(Diagnostic {
                location: operation.location.child("operationId"),
                operation_id: Some(operation.operation_id.clone()),
                message: format!(
                    "operationId `{}` and `{}` ({}) both become the method `{}`",
                    operation.operation_id,
                    operations[previous].operation_id,
                    operations[previous].location.file,
                    operation.fn_name
                ),
                help: Some(format!(
                    "rename one of the operationIds, or exclude one of `{}` and `{}`",
                    operations[previous].operation_id, operation.operation_id
                )),
            });
        } else {
            seen.insert(&operation.fn_name, index);
        }
    }
    problems
}

/// Chooses every type's name; see the module docs for the ranking. `report_unmatched`: whether
/// a name override that matches no schema is a problem (it is not known when some fragment
/// could not be lowered whole).
pub(super) fn assign_names(
    drafts: &[Draft],
    config: &Config,
    report_unmatched: bool,
) -> Result<Vec<String>, Vec<Diagnostic>> {
    let (candidates, pinned) = name_candidates(drafts, config, report_unmatched)?;
    resolve_names(&candidates, &pinned).map_err(|unresolved| {
        let problem = match unresolved {
            Unresolved::OverrideTwice { name, types } => {
                let places: Vec<String> = types
                    .iter()
                    .filter_map(|index| {
                        drafts[*index].origins.iter().min().map(ToString::to_string)
                    })
                    .collect();
                configuration_error(format!(
                    "the name override `{name}` applies to different schemas: {}",
                    places.join(", ")
                ))
            }
            Unresolved::NoEnd => Diagnostic {
                help: None,
                ..configuration_error(
                    "type names could not be made unique; this is a bug in the generator"
                        .to_owned(),
                )
            },
        };
        vec![problem]
    })
}

/// Why [`resolve_names`] gave no names.
#[derive(Debug, PartialEq, Eq)]
enum Unresolved {
    /// A name override matches these types (indices, in order), which are different schemas.
    OverrideTwice { name: String, types: Vec<usize> },
    /// The rounds did not end: a bug.
    NoEnd,
}

/// A problem with the name overrides, which the configuration holds.
fn configuration_error(message: String) -> Diagnostic {
    Diagnostic::configuration(
        message,
        "correct the name override in the configuration (`Config::name_overrides`), or remove it",
    )
}

/// How many of a type's property paths its name candidates come from: the first in path order.
pub(super) const NAMING_PATHS: usize = 32;

/// Each type's names in order of preference, and whether its first name is an override.
type Candidates = (Vec<Vec<String>>, Vec<bool>);

/// Each type's names in order of preference, and whether its first name is an override that
/// must not be given up.
fn name_candidates(
    drafts: &[Draft],
    config: &Config,
    report_unmatched: bool,
) -> Result<Candidates, Vec<Diagnostic>> {
    let mut pinned = vec![false; drafts.len()];
    let mut override_used = vec![false; config.name_overrides.len()];
    let mut problems = Vec::new();
    for name_override in &config.name_overrides {
        if !is_type_ident(&name_override.name)
            || RESERVED_TYPE_NAMES.contains(&name_override.name.as_str())
        {
            problems.push(configuration_error(format!(
                "the name override `{}` → `{}` is not a usable type name (UpperCamelCase ASCII, not a keyword or a name the client reserves)",
                name_override.path, name_override.name
            )));
        }
    }
    for (index, draft) in drafts.iter().enumerate() {
        for rule in &draft.overrides {
            override_used[*rule] = true;
        }
        pinned[index] = !draft.overrides.is_empty();
    }
    // Each type's list is its own: the cores share the types.
    let candidates = crate::parallel::map_balanced(drafts.len(), TYPES_PER_SHARE, |index| {
        draft_candidates(&drafts[index], config)
    });
    if report_unmatched {
        for (rule, _) in override_used.iter().enumerate().filter(|(_, used)| !**used) {
            problems.push(configuration_error(format!(
                "the name override `{}` → `{}` matches no schema",
                config.name_overrides[rule].path, config.name_overrides[rule].name
            )));
        }
    }
    if problems.is_empty() {
        Ok((candidates, pinned))
    } else {
        Err(problems)
    }
}

/// A type's names in order of preference: its override's, its title's, then those of the
/// property paths it is met at, shortest suffixes first.
fn draft_candidates(draft: &Draft, config: &Config) -> Vec<String> {
    let mut list = Vec::new();
    if let Some(rule) = draft.overrides.first() {
        list.push(config.name_overrides[*rule].name.clone());
    }
    if let Some(title) = &draft.title {
        list.push(camel_ident(title));
    }
    // A type met at thousands of paths (an ID in every reply) is named from its first paths
    // in path order: the names come from the first few levels, which they already offer.
    let per_hint: Vec<Vec<String>> = draft
        .hints
        .iter()
        .take(NAMING_PATHS)
        .map(|(words, root)| path_candidates(words, root))
        .collect();
    let mut seen: HashSet<String, FastHasher> = list.iter().cloned().collect();
    let longest = per_hint.iter().map(Vec::len).max().unwrap_or(0);
    for level in 0..longest {
        for hint_candidates in &per_hint {
            if let Some(candidate) = hint_candidates.get(level)
                && seen.insert(candidate.clone())
            {
                list.push(candidate.clone());
            }
        }
    }
    list
}

/// Gives every type its first candidate, then moves types that collide to later candidates
/// until every name is unique.
fn resolve_names(candidates: &[Vec<String>], pinned: &[bool]) -> Result<Vec<String>, Unresolved> {
    let count = candidates.len();
    let mut state = Choices {
        candidates,
        pinned,
        choice: vec![0; count],
        numbered: vec![None; count],
    };
    // Who holds each name, kept up to date as types move, so that a round looks only at the
    // names that can collide: those that did in the last round and those a type moved to.
    // Large APIs have hundreds of thousands of types and need dozens of rounds. The map is
    // only looked up, never iterated.
    let mut holders: Names = HashMap::with_capacity_and_hasher(count, FastHasher::default());
    for index in 0..count {
        holders
            .entry(state.current(index).to_owned())
            .or_default()
            .push(index);
    }
    let mut suspects: BTreeSet<String> = (0..count)
        .map(|index| state.current(index))
        .filter(|name| holders[*name].len() > 1 || RESERVED_TYPE_NAMES.contains(name))
        .map(str::to_owned)
        .collect();
    // Each round moves at least one type to a later candidate, so this terminates; the bound
    // turns a bug into an error instead of a hang.
    for _round in 0..count * 8 + 16 {
        let collisions = collisions(&suspects, &holders);
        if collisions.is_empty() {
            return Ok(state.names());
        }
        suspects.clear();
        for (name, members) in collisions {
            state.settle(&name, &members, &holders)?;
            // A name can be held by thousands of types (every `Data` of a large API) and most
            // of them move in the first round: each list is changed once per collision, in one
            // pass, rather than once per type that moves, which was quadratic in its length.
            let mut moved = Vec::new();
            for &index in &members {
                let moved_to = state.current(index);
                if moved_to == name {
                    continue;
                }
                moved.push(index);
                let moved_to = moved_to.to_owned();
                holders.entry(moved_to.clone()).or_default().push(index);
                suspects.insert(moved_to);
            }
            if let Some(list) = holders.get_mut(&name) {
                // `members` is in index order, and so is `moved`.
                list.retain(|holder| moved.binary_search(holder).is_err());
            }
            suspects.insert(name);
        }
        // Types were added at the ends of the lists they moved to; each list changed this
        // round is a suspect, and is put back in index order for the next.
        for name in &suspects {
            if let Some(list) = holders.get_mut(name) {
                list.sort_unstable();
            }
        }
    }
    Err(Unresolved::NoEnd)
}

/// Which of `suspects` are held by more than one type, or reserved, with the types that
/// hold them (in index order), in name order.
fn collisions(suspects: &BTreeSet<String>, holders: &Names) -> Vec<(String, Vec<usize>)> {
    suspects
        .iter()
        .filter_map(|name| {
            let members = holders.get(name)?;
            let collides = members.len() > 1 || RESERVED_TYPE_NAMES.contains(&name.as_str());
            (collides && !members.is_empty()).then(|| (name.clone(), members.clone()))
        })
        .collect()
}

/// Who holds each name: the types, in index order.
type Names = HashMap<String, Vec<usize>, FastHasher>;

/// Where each type stands in its list of candidates.
struct Choices<'a> {
    candidates: &'a [Vec<String>],
    /// Whether a type's first candidate is an override that must not be given up.
    pinned: &'a [bool],
    /// The index of each type's current candidate.
    choice: Vec<usize>,
    /// A numbered name, once a type has run out of candidates.
    numbered: Vec<Option<String>>,
}

impl Choices<'_> {
    fn current(&self, index: usize) -> &str {
        self.numbered[index]
            .as_deref()
            .unwrap_or(&self.candidates[index][self.choice[index]])
    }

    fn names(&self) -> Vec<String> {
        (0..self.choice.len())
            .map(|index| self.current(index).to_owned())
            .collect()
    }

    /// Moves the types that collide on `name`: everyone on to their next candidate, so no type
    /// wins a short name by being first; when none has one left, the first keeps the name and
    /// the others are numbered, past the names `holders` shows taken.
    fn settle(&mut self, name: &str, members: &[usize], holders: &Names) -> Result<(), Unresolved> {
        let pinned_members: Vec<usize> = members
            .iter()
            .copied()
            .filter(|index| self.pinned[*index])
            .collect();
        if pinned_members.len() > 1 {
            return Err(Unresolved::OverrideTwice {
                name: name.to_owned(),
                types: pinned_members,
            });
        }
        let can_advance: Vec<usize> = members
            .iter()
            .copied()
            .filter(|index| !self.pinned[*index] && self.numbered[*index].is_none())
            .filter(|index| self.choice[*index] + 1 < self.candidates[*index].len())
            .collect();
        if !can_advance.is_empty() {
            for index in can_advance {
                self.choice[index] += 1;
            }
            return Ok(());
        }
        let keep_first =
            usize::from(pinned_members.is_empty() && !RESERVED_TYPE_NAMES.contains(&name));
        // Every type's current name is in `holders` (a list left empty is a name given up):
        // looked up there rather than every name collected again for each collision numbered.
        let mut numbered_here: HashSet<String, FastHasher> = HashSet::default();
        let taken = |candidate: &str, numbered_here: &HashSet<String, FastHasher>| {
            numbered_here.contains(candidate)
                || holders.get(candidate).is_some_and(|list| !list.is_empty())
        };
        for index in members
            .iter()
            .copied()
            .filter(|index| !self.pinned[*index])
            .skip(keep_first)
        {
            let mut counter = 2;
            while taken(&format!("{name}{counter}"), &numbered_here) {
                counter += 1;
            }
            let numbered_name = format!("{name}{counter}");
            numbered_here.insert(numbered_name.clone());
            self.numbered[index] = Some(numbered_name);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, BTreeSet};

    use proptest::prelude::*;

    use super::{RESERVED_TYPE_NAMES, Unresolved, resolve_names};

    /// The rules of [`resolve_names`] as plainly as they can be written: each round looks at
    /// every name anew. [`resolve_names`] looks only at the names that changed, and must choose
    /// the same.
    fn every_name_every_round(
        candidates: &[Vec<String>],
        pinned: &[bool],
    ) -> Result<Vec<String>, Unresolved> {
        let count = candidates.len();
        let mut choice = vec![0; count];
        let mut numbered: Vec<Option<String>> = vec![None; count];
        let current = |index: usize, choice: &[usize], numbered: &[Option<String>]| {
            numbered[index]
                .clone()
                .unwrap_or_else(|| candidates[index][choice[index]].clone())
        };
        for _round in 0..count * 8 + 16 {
            let mut holders: BTreeMap<String, Vec<usize>> = BTreeMap::new();
            for index in 0..count {
                holders
                    .entry(current(index, &choice, &numbered))
                    .or_default()
                    .push(index);
            }
            let collisions: Vec<(String, Vec<usize>)> = holders
                .into_iter()
                .filter(|(name, members)| {
                    members.len() > 1 || RESERVED_TYPE_NAMES.contains(&name.as_str())
                })
                .collect();
            if collisions.is_empty() {
                return Ok((0..count)
                    .map(|index| current(index, &choice, &numbered))
                    .collect());
            }
            for (name, members) in collisions {
                let pinned_members: Vec<usize> = members
                    .iter()
                    .copied()
                    .filter(|index| pinned[*index])
                    .collect();
                if pinned_members.len() > 1 {
                    return Err(Unresolved::OverrideTwice {
                        name,
                        types: pinned_members,
                    });
                }
                let can_advance: Vec<usize> = members
                    .iter()
                    .copied()
                    .filter(|index| !pinned[*index] && numbered[*index].is_none())
                    .filter(|index| choice[*index] + 1 < candidates[*index].len())
                    .collect();
                if !can_advance.is_empty() {
                    for index in can_advance {
                        choice[index] += 1;
                    }
                    continue;
                }
                let keep_first = usize::from(
                    pinned_members.is_empty() && !RESERVED_TYPE_NAMES.contains(&name.as_str()),
                );
                let mut taken: BTreeSet<String> = (0..count)
                    .map(|index| current(index, &choice, &numbered))
                    .collect();
                for index in members
                    .iter()
                    .copied()
                    .filter(|index| !pinned[*index])
                    .skip(keep_first)
                {
                    let mut counter = 2;
                    while taken.contains(&format!("{name}{counter}")) {
                        counter += 1;
                    }
                    let numbered_name = format!("{name}{counter}");
                    taken.insert(numbered_name.clone());
                    numbered[index] = Some(numbered_name);
                }
            }
        }
        Err(Unresolved::NoEnd)
    }

    /// Candidate lists drawn from few names, so that types collide, run out of candidates and
    /// are numbered onto names others hold (`A2`), and meet a reserved name.
    fn candidate_lists() -> impl Strategy<Value = (Vec<Vec<String>>, Vec<bool>)> {
        let name = prop::sample::select(vec!["A", "B", "A2", "A3", "AB", RESERVED_TYPE_NAMES[0]]);
        prop::collection::vec(
            (
                prop::collection::vec(name.prop_map(str::to_owned), 1..4),
                prop::bool::weighted(0.1),
            ),
            0..40,
        )
        .prop_map(|types| types.into_iter().unzip())
    }

    proptest! {
        #[test]
        fn names_are_those_of_the_rules_looked_at_every_round(
            (candidates, pinned) in candidate_lists()
        ) {
            let resolved = resolve_names(&candidates, &pinned);
            prop_assert_eq!(&resolved, &every_name_every_round(&candidates, &pinned));
            if let Ok(names) = resolved {
                let unique: BTreeSet<&String> = names.iter().collect();
                prop_assert_eq!(unique.len(), names.len());
            }
        }
    }

    #[test]
    fn thousands_of_types_on_one_name_move_on_together() {
        // Every type shares its first two candidates and has its own third.
        let candidates: Vec<Vec<String>> = (0..3000)
            .map(|index| {
                vec![
                    "Data".to_owned(),
                    "Item".to_owned(),
                    format!("Data{index}x"),
                ]
            })
            .collect();
        let names = resolve_names(&candidates, &vec![false; 3000]).expect("resolves");
        assert!(
            names
                .iter()
                .enumerate()
                .all(|(index, name)| *name == format!("Data{index}x"))
        );
    }
}

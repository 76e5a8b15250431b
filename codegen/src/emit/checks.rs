//! The checks of the integers and numbers a value holds ([`ValueCheck`]), written once for
//! every place that checks them: a strict struct's encoding and its `RULES` (which the runtime
//! applies when decoding), a method's parameters and its bare body.

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use crate::ir::{NumberRange, ScalarRule, Step, ValueCheck};

/// The statements that check every scalar `checks` name in the value bound to `value` (a
/// reference to it, or to the `Option` of an optional field when `optional`) before it is
/// sent; `name` is what errors call it. A refusal is the runtime's `InvalidValue`, naming the
/// place below the value (`scores[2]`), returned with `?` after `raise` (a path of a function
/// from `InvalidValue` to the caller's error type), or as it is when `raise` is `None`.
pub(super) fn value_checks(
    name: &str,
    checks: &[ValueCheck],
    optional: bool,
    raise: Option<&TokenStream>,
) -> TokenStream {
    let checks = checks.iter().map(|check| {
        let at: Vec<Step> = optional
            .then_some(Step::NotNull)
            .into_iter()
            .chain(check.at.iter().copied())
            .collect();
        let leaf = check
            .rules
            .iter()
            .map(|rule| rule_call(name, rule, &at, raise));
        reach(&at, quote!(#(#leaf)*))
    });
    quote!(#(#checks)*)
}

/// `body`, run with `value` bound to a reference to each scalar the steps lead to from the
/// reference `value` (each step in a block of its own, so `value` is the same after it); list indices are bound as `index<depth>` and map keys as `key<depth>`,
/// which [`place`] names.
fn reach(at: &[Step], body: TokenStream) -> TokenStream {
    at.iter()
        .enumerate()
        .rev()
        .fold(body, |body, (depth, step)| match step {
            // Consecutive `Option`s are one pattern (`Some(Some(value))`): nested `if let`s
            // are what clippy's `collapsible_if` refuses.
            Step::NotNull if depth > 0 && at[depth - 1] == Step::NotNull => body,
            Step::NotNull => {
                let options = at[depth..]
                    .iter()
                    .take_while(|step| **step == Step::NotNull)
                    .count();
                let pattern = (0..options).fold(quote!(value), |inner, _| quote!(Some(#inner)));
                quote! {
                    if let #pattern = value {
                        #body
                    }
                }
            }
            Step::Item => {
                let index = format_ident!("index{depth}");
                quote! {
                    for (#index, value) in value.iter().enumerate() {
                        #body
                    }
                }
            }
            Step::Value => {
                let key = format_ident!("key{depth}");
                quote! {
                    for (#key, value) in value {
                        #body
                    }
                }
            }
            Step::Position(position) => {
                let position = Literal::usize_unsuffixed(*position);
                quote! {
                    {
                        let value = &value.#position;
                        #body
                    }
                }
            }
        })
}

/// The place the steps lead to, as an `&str` expression: `&format!("[{index0}].{key1}")`, or a
/// literal where no index or key is named (`"[1]"`); `None` for the value itself (only `null`
/// stepped over).
fn place(at: &[Step]) -> Option<TokenStream> {
    // Each piece, and whether it names a bound index or key.
    let pieces: Vec<(String, bool)> = at
        .iter()
        .enumerate()
        .filter_map(|(depth, step)| match step {
            Step::NotNull => None,
            Step::Item => Some((format!("[{{index{depth}}}]"), true)),
            Step::Value => Some((format!(".{{key{depth}}}"), true)),
            Step::Position(position) => Some((format!("[{position}]"), false)),
        })
        .collect();
    let named = pieces.iter().any(|(_, named)| *named);
    let text: String = pieces.into_iter().map(|(piece, _)| piece).collect();
    if text.is_empty() {
        None
    } else if named {
        Some(quote!(&format!(#text)))
    } else {
        Some(quote!(#text))
    }
}

/// The runtime call that checks one rule on the scalar `value` (a reference), and returns its
/// refusal.
fn rule_call(
    name: &str,
    rule: &ScalarRule,
    at: &[Step],
    raise: Option<&TokenStream>,
) -> TokenStream {
    let call = match rule {
        ScalarRule::Range(range) => {
            let (min, max) = (integer_bound(range.min), integer_bound(range.max));
            quote!(crate::runtime::check_range(#name, i128::from(*value), #min, #max))
        }
        ScalarRule::Listed(values) => {
            let values = listed_values(values);
            quote!(crate::runtime::check_listed(#name, i128::from(*value), #values))
        }
        ScalarRule::NumberRange(range) => {
            let (min, max) = number_bounds(range);
            quote!(crate::runtime::check_number_range(#name, *value, #min, #max))
        }
    };
    match (place(at), raise) {
        (None, None) => quote!(#call?;),
        (None, Some(raise)) => quote!(#call.map_err(#raise)?;),
        (Some(place), None) => quote!(#call.map_err(|problem| problem.at(#place))?;),
        (Some(place), Some(raise)) => {
            quote!(#call.map_err(|problem| #raise(problem.at(#place)))?;)
        }
    }
}

/// The steps as the runtime's `strict::Step`s, for a struct's `RULES`.
pub(super) fn steps(at: &[Step]) -> TokenStream {
    let steps = at.iter().map(|step| match step {
        Step::NotNull => quote!(crate::runtime::strict::Step::NotNull),
        Step::Item => quote!(crate::runtime::strict::Step::Item),
        Step::Value => quote!(crate::runtime::strict::Step::Value),
        Step::Position(position) => {
            let position = Literal::usize_unsuffixed(*position);
            quote!(crate::runtime::strict::Step::Position(#position))
        }
    });
    quote!(&[#(#steps),*])
}

/// An integer bound as an `Option<i128>` literal.
pub(super) fn integer_bound(value: Option<i128>) -> TokenStream {
    value.map_or_else(
        || quote!(None),
        |value| {
            let value = Literal::i128_unsuffixed(value);
            quote!(Some(#value))
        },
    )
}

/// The values of an integer `enum` as a slice literal.
pub(super) fn listed_values(values: &[i128]) -> TokenStream {
    let values = values.iter().map(|value| Literal::i128_unsuffixed(*value));
    quote!(&[#(#values),*])
}

/// A number's lower and upper bound, each an `Option<(f64, bool)>` literal (the bound and
/// whether it is exclusive).
pub(super) fn number_bounds(range: &NumberRange) -> (TokenStream, TokenStream) {
    let bound = |bound: &Option<(serde_json::Number, bool)>| {
        bound
            .as_ref()
            .and_then(|(value, exclusive)| Some((value.as_f64()?, *exclusive)))
            // JSON numbers are finite; `f64_suffixed` would panic on any other.
            .filter(|(value, _)| value.is_finite())
            .map_or_else(
                || quote!(None),
                |(value, exclusive)| {
                    let value = Literal::f64_suffixed(value);
                    quote!(Some((#value, #exclusive)))
                },
            )
    };
    (bound(&range.min), bound(&range.max))
}

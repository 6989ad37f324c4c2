//! The Relay paging arguments of umkm-graph's connection fields, written once.
//!
//! async-graphql reads a field's arguments from its resolver's parameters and has no way to
//! flatten a struct into them (async-graphql issue #1514), so every connection field would
//! repeat `first`, `after`, `last` and `before` with their descriptions, and its cost. With
//! `#[paging]` above `#[Object]`, a resolver takes one parameter `page: PageArgs` instead, and
//! this macro writes the four arguments for async-graphql to read.

use proc_macro::TokenStream;
use proc_macro2::Span;
use quote::quote;
use syn::{FnArg, Ident, ImplItem, ImplItemFn, ItemImpl, Pat, PatType, Type, parse_macro_input, parse_quote};

const FIRST: &str = "Page forward: at most this many items (0 to 100) from the start of the list, or after `after`. Default 20 when neither `first` nor `last` is given.";
const AFTER: &str = "Page forward from this cursor (an edge's `cursor` or `pageInfo.endCursor`): the items after it. A cursor works only with the `orderBy` it was made with.";
const LAST: &str = "Page backward: at most this many items (0 to 100) from the end of the list, or before `before`. Not together with `first` or `after`.";
const BEFORE: &str = "Page backward from this cursor (an edge's `cursor` or `pageInfo.startCursor`): the items before it. A cursor works only with the `orderBy` it was made with.";
const FILTER: &str =
    "Which items the list holds: every condition given must hold. Default: all (that the caller may see).";
const ORDER_BY: &str = "How to sort the list: by a field, ascending or descending, ties broken by id in the same direction. Default: the order described above.";

/// On an `#[Object]` impl (written above `#[Object]`, so that it runs first): in every
/// resolver with a parameter `<name>: PageArgs`, that parameter becomes the Relay arguments
/// `first: Int`, `after: String`, `last: Int` and `before: String`, described, and the
/// resolver's body starts with `let <name> = PageArgs { first, after, last, before };`.
/// Such a resolver also gets the cost of a connection (`crate::graphql::cost::connection`)
/// unless it states its own `complexity`, and its parameters `filter` and `order_by` get the
/// usual descriptions unless they carry their own `#[graphql(...)]`.
#[proc_macro_attribute]
pub fn paging(attr: TokenStream, item: TokenStream) -> TokenStream {
    if !attr.is_empty() {
        let error = syn::Error::new(Span::call_site(), "#[paging] takes no arguments");
        return error.to_compile_error().into();
    }
    let mut item = parse_macro_input!(item as ItemImpl);
    for member in &mut item.items {
        if let ImplItem::Fn(resolver) = member
            && let Err(error) = expand_page_args(resolver)
        {
            return error.to_compile_error().into();
        }
    }
    quote!(#item).into()
}

/// Rewrites one resolver when it has a `PageArgs` parameter; leaves it as it is otherwise.
fn expand_page_args(resolver: &mut ImplItemFn) -> syn::Result<()> {
    let inputs = &resolver.sig.inputs;
    let Some(position) = inputs.iter().position(|input| typed(input).is_some_and(is_page_args)) else {
        return Ok(());
    };
    let page_parameter = typed(&inputs[position]).expect("found as a typed parameter");
    let Pat::Ident(binding) = &*page_parameter.pat else {
        return Err(syn::Error::new_spanned(page_parameter, "a PageArgs parameter needs a plain name"));
    };
    let (binding, page_args) = (binding.ident.clone(), page_parameter.ty.clone());
    let [first, after, last, before] =
        ["first", "after", "last", "before"].map(|name| Ident::new(name, Span::call_site()));
    let page_arguments: [FnArg; 4] = [
        parse_quote!(#[graphql(desc = #FIRST)] #first: Option<i32>),
        parse_quote!(#[graphql(desc = #AFTER)] #after: Option<String>),
        parse_quote!(#[graphql(desc = #LAST)] #last: Option<i32>),
        parse_quote!(#[graphql(desc = #BEFORE)] #before: Option<String>),
    ];
    let mut rewritten: Vec<FnArg> = Vec::with_capacity(inputs.len() + 3);
    for (index, mut input) in resolver.sig.inputs.clone().into_iter().enumerate() {
        if index == position {
            rewritten.extend(page_arguments.clone());
            continue;
        }
        describe_list_argument(&mut input);
        rewritten.push(input);
    }
    resolver.sig.inputs = rewritten.into_iter().collect();
    resolver.block.stmts.insert(0, parse_quote!(let #binding = #page_args { #first, #after, #last, #before };));
    let states_cost = resolver
        .attrs
        .iter()
        .any(|attr| attr.path().is_ident("graphql") && quote!(#attr).to_string().contains("complexity"));
    if !states_cost {
        resolver.attrs.push(parse_quote!(
            #[graphql(complexity = "crate::graphql::cost::connection(first, last, child_complexity)")]
        ));
    }
    Ok(())
}

/// Gives `filter` and `order_by` their usual descriptions when they have no attribute.
fn describe_list_argument(input: &mut FnArg) {
    let FnArg::Typed(argument) = input else { return };
    let Pat::Ident(name) = &*argument.pat else { return };
    if !argument.attrs.is_empty() {
        return;
    }
    let desc = match name.ident.to_string().as_str() {
        "filter" => FILTER,
        "order_by" => ORDER_BY,
        _ => return,
    };
    argument.attrs.push(parse_quote!(#[graphql(desc = #desc)]));
}

fn typed(input: &FnArg) -> Option<&PatType> {
    match input {
        FnArg::Typed(typed) => Some(typed),
        FnArg::Receiver(_) => None,
    }
}

fn is_page_args(input: &PatType) -> bool {
    match &*input.ty {
        Type::Path(path) => path.path.segments.last().is_some_and(|segment| segment.ident == "PageArgs"),
        _ => false,
    }
}

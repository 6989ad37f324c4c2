//! `orderBy` on every sortable list: each list paged through in every order, forward and
//! backward in small pages, gives exactly the order computed here from the data created
//! (mixed-case names, equal keys that the id must break, missing values last); cursors of
//! another order are refused; sorted nested lists still cost one statement per level.

mod capital;
mod cursors;
mod listings;
mod public;
mod registry;

use std::cmp::Ordering;

use serde_json::{Value, json};

use crate::common::*;

const CONNECTION: &str =
    "totalCount edges { cursor node { id } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor }";

const PAGING: &str = "orderBy: $order, first: $first, after: $after, last: $last, before: $before";

/// A sort key as the API compares it: ASCII letters case-folded, then code points; a
/// missing value last in either direction.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Key {
    Num(i64),
    Text(String),
    Missing,
}

pub fn text(value: &str) -> Key {
    Key::Text(value.to_ascii_lowercase())
}

pub fn num_or_missing(value: Option<i64>) -> Key {
    value.map_or(Key::Missing, Key::Num)
}

pub fn date_or_missing(value: Option<&str>) -> Key {
    value.map_or(Key::Missing, |d| Key::Text(d.to_string()))
}

/// An item of a list: its global id and its key for each order field.
pub struct Item {
    pub id: String,
    pub keys: Vec<(&'static str, Key)>,
}

impl Item {
    pub fn key(&self, field: &str) -> &Key {
        &self.keys.iter().find(|(f, _)| *f == field).unwrap_or_else(|| panic!("no key {field}")).1
    }
}

/// The ids of `items` (in the order of creation, which is the order of ids) sorted by `field`.
pub fn expected(items: &[Item], field: &str, descending: bool) -> Vec<String> {
    let mut order: Vec<usize> = (0..items.len()).collect();
    order.sort_by(|&a, &b| {
        let (ka, kb) = (items[a].key(field), items[b].key(field));
        let by_key = match (ka == &Key::Missing, kb == &Key::Missing) {
            (true, true) => Ordering::Equal,
            (true, false) => Ordering::Greater,
            (false, true) => Ordering::Less,
            _ if descending => kb.cmp(ka),
            _ => ka.cmp(kb),
        };
        by_key.then(if descending { b.cmp(&a) } else { a.cmp(&b) })
    });
    order.into_iter().map(|i| items[i].id.clone()).collect()
}

/// A list to page through: a query taking `$order`, `$first`, `$after`, `$last`, `$before`
/// (and `vars`), and where its connection lies in the answer.
pub struct List {
    pub query: String,
    pub path: Vec<&'static str>,
    pub vars: Value,
}

/// A top-level list `field` (with `args` before the paging ones) sorted by `order_type`.
pub fn top_level(field: &str, order_type: &str, args: &str) -> List {
    let query = format!(
        "query($order: {order_type}, $first: Int, $after: String, $last: Int, $before: String) {{
            {field}({args}{PAGING}) {{ {CONNECTION} }} }}"
    );
    List { query, path: vec![static_name(field)], vars: json!({}) }
}

/// The connection `field` of the node with `id` (a `parent_type`).
pub fn nested(parent_type: &str, id: &str, field: &str, order_type: &str) -> List {
    let query = format!(
        "query($id: ID!, $order: {order_type}, $first: Int, $after: String, $last: Int, $before: String) {{
            node(id: $id) {{ ... on {parent_type} {{ {field}({PAGING}) {{ {CONNECTION} }} }} }} }}"
    );
    List { query, path: vec!["node", static_name(field)], vars: json!({ "id": id }) }
}

/// The connection `field` of the kelurahan with `code`.
pub fn of_kelurahan(code: &str, field: &str, order_type: &str) -> List {
    let query = format!(
        "query($code: String!, $order: {order_type}, $first: Int, $after: String, $last: Int, $before: String) {{
            kelurahan(code: $code) {{ {field}({PAGING}) {{ {CONNECTION} }} }} }}"
    );
    List { query, path: vec!["kelurahan", static_name(field)], vars: json!({ "code": code }) }
}

pub fn static_name(field: &str) -> &'static str {
    Box::leak(field.to_string().into_boxed_str())
}

/// Pages through `list` in `order` with pages of `size`, forward or backward, checking each
/// page's `pageInfo`; returns the ids in list order and the first page's `totalCount`.
pub async fn walk(
    app: &TestApp,
    token: &str,
    list: &List,
    order: &Value,
    size: usize,
    backward: bool,
) -> (Vec<String>, i64) {
    let mut ids: Vec<String> = Vec::new();
    let mut cursor: Option<String> = None;
    let mut total = None;
    for _ in 0..50 {
        let mut vars = list.vars.clone();
        vars["order"] = order.clone();
        let (count, from) = if backward { ("last", "before") } else { ("first", "after") };
        vars[count] = json!(size);
        vars[from] = json!(cursor);
        let data = app.ok(Some(token), &list.query, vars).await;
        let connection = list.path.iter().fold(&data, |value, key| &value[*key]);
        total.get_or_insert(connection["totalCount"].as_i64().expect("totalCount"));
        let page: Vec<String> = connection["edges"]
            .as_array()
            .expect("edges")
            .iter()
            .map(|edge| edge["node"]["id"].as_str().unwrap().to_string())
            .collect();
        let info = &connection["pageInfo"];
        let (more, behind) = if backward {
            (info["hasPreviousPage"].as_bool().unwrap(), info["hasNextPage"].as_bool().unwrap())
        } else {
            (info["hasNextPage"].as_bool().unwrap(), info["hasPreviousPage"].as_bool().unwrap())
        };
        assert_eq!(behind, cursor.is_some(), "pageInfo of a page of {order} ({}): {info}", list.query);
        if more {
            assert_eq!(page.len(), size, "a page that is not the last is full: {order}");
        }
        if backward {
            ids.splice(0..0, page);
        } else {
            ids.extend(page);
        }
        if !more {
            return (ids, total.unwrap());
        }
        let next = if backward { &info["startCursor"] } else { &info["endCursor"] };
        cursor = Some(next.as_str().expect("a cursor").to_string());
    }
    panic!("no end to {order}");
}

/// Pages through `list` by each of `fields` in both directions, forward and backward, in
/// pages of 2 and 3, and compares with the order computed from `items`.
pub async fn check_orders(app: &TestApp, token: &str, list: &List, items: &[Item], fields: &[&str]) {
    for field in fields {
        for descending in [false, true] {
            let direction = if descending { "DESC" } else { "ASC" };
            let order = json!({ "field": field, "direction": direction });
            let want = expected(items, field, descending);
            for (size, backward) in [(2, false), (3, false), (2, true), (3, true)] {
                let (got, total) = walk(app, token, list, &order, size, backward).await;
                assert_eq!(got, want, "{field} {direction}, pages of {size}, backward: {backward}\n{}", list.query);
                assert_eq!(total, items.len() as i64, "totalCount by {field} {direction}");
            }
        }
    }
}

/// Sets each item's REGISTRATION key to its place in `items` (the order of ids).
pub fn registered(items: Vec<Item>) -> Vec<Item> {
    registered_as(items, "REGISTRATION")
}

/// Sets each item's key `order_field` (an order of ids) to its place in `items`.
pub fn registered_as(mut items: Vec<Item>, order_field: &str) -> Vec<Item> {
    for (n, item) in items.iter_mut().enumerate() {
        for (field, key) in item.keys.iter_mut() {
            if *field == order_field {
                *key = Key::Num(n as i64);
            }
        }
    }
    items
}

/// The items of `all` whose ids are in `ids`, in the order of `all`.
pub fn only(all: &[Item], ids: &[String]) -> Vec<Item> {
    all.iter().filter(|i| ids.contains(&i.id)).map(|i| Item { id: i.id.clone(), keys: i.keys.clone() }).collect()
}

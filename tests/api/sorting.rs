//! `orderBy` on every sortable list: each list paged through in every order, forward and
//! backward in small pages, gives exactly the order computed here from the data created
//! (mixed-case names, equal keys that the id must break, missing values last).

use std::cmp::Ordering;

use serde_json::{Value, json};

use crate::common::*;
use crate::financing::{Capital, add_scheme, move_ok, register_lender, submit_ok};

const CONNECTION: &str =
    "totalCount edges { cursor node { id } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor }";

const PAGING: &str = "orderBy: $order, first: $first, after: $after, last: $last, before: $before";

/// A sort key as the API compares it: ASCII letters case-folded, then code points; a
/// missing value last in either direction.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Key {
    Num(i64),
    Text(String),
    Missing,
}

fn text(value: &str) -> Key {
    Key::Text(value.to_ascii_lowercase())
}

fn num_or_missing(value: Option<i64>) -> Key {
    value.map_or(Key::Missing, Key::Num)
}

fn date_or_missing(value: Option<&str>) -> Key {
    value.map_or(Key::Missing, |d| Key::Text(d.to_string()))
}

/// An item of a list: its global id and its key for each order field.
struct Item {
    id: String,
    keys: Vec<(&'static str, Key)>,
}

impl Item {
    fn key(&self, field: &str) -> &Key {
        &self.keys.iter().find(|(f, _)| *f == field).unwrap_or_else(|| panic!("no key {field}")).1
    }
}

/// The ids of `items` (in the order of creation, which is the order of ids) sorted by `field`.
fn expected(items: &[Item], field: &str, descending: bool) -> Vec<String> {
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
struct List {
    query: String,
    path: Vec<&'static str>,
    vars: Value,
}

/// A top-level list `field` (with `args` before the paging ones) sorted by `order_type`.
fn top_level(field: &str, order_type: &str, args: &str) -> List {
    let query = format!(
        "query($order: {order_type}, $first: Int, $after: String, $last: Int, $before: String) {{
            {field}({args}{PAGING}) {{ {CONNECTION} }} }}"
    );
    List { query, path: vec![static_name(field)], vars: json!({}) }
}

/// The connection `field` of the node with `id` (a `parent_type`).
fn nested(parent_type: &str, id: &str, field: &str, order_type: &str) -> List {
    let query = format!(
        "query($id: ID!, $order: {order_type}, $first: Int, $after: String, $last: Int, $before: String) {{
            node(id: $id) {{ ... on {parent_type} {{ {field}({PAGING}) {{ {CONNECTION} }} }} }} }}"
    );
    List { query, path: vec!["node", static_name(field)], vars: json!({ "id": id }) }
}

/// The connection `field` of the kelurahan with `code`.
fn of_kelurahan(code: &str, field: &str, order_type: &str) -> List {
    let query = format!(
        "query($code: String!, $order: {order_type}, $first: Int, $after: String, $last: Int, $before: String) {{
            kelurahan(code: $code) {{ {field}({PAGING}) {{ {CONNECTION} }} }} }}"
    );
    List { query, path: vec!["kelurahan", static_name(field)], vars: json!({ "code": code }) }
}

fn static_name(field: &str) -> &'static str {
    Box::leak(field.to_string().into_boxed_str())
}

/// Pages through `list` in `order` with pages of `size`, forward or backward, checking each
/// page's `pageInfo`; returns the ids in list order and the first page's `totalCount`.
async fn walk(
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
async fn check_orders(app: &TestApp, token: &str, list: &List, items: &[Item], fields: &[&str]) {
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

/// Registers a group with a founding date; returns its id.
async fn group(app: &TestApp, admin: &str, kelurahan: &str, name: &str, founded: Option<&str>) -> String {
    let input = json!({ "kelurahanCode": kelurahan, "name": name, "sector": "FOOD_BEVERAGE", "foundedOn": founded });
    let data = app.ok(Some(admin), REGISTER_GROUP, json!({ "input": input })).await;
    assert_eq!(data["registerGroup"]["userErrors"], json!([]), "{data:#}");
    data["registerGroup"]["group"]["id"].as_str().unwrap().to_string()
}

const REGISTER_PRODUCT: &str = "mutation($input: RegisterProductInput!) { registerProduct(input: $input) {
    product { id } userErrors { field code } } }";

async fn product(app: &TestApp, admin: &str, group: &str, name: &str, price: Option<i64>) -> Item {
    let input = json!({ "groupId": group, "name": name, "sector": "FOOD_BEVERAGE", "priceRupiah": price });
    let data = app.ok(Some(admin), REGISTER_PRODUCT, json!({ "input": input })).await;
    assert_eq!(data["registerProduct"]["userErrors"], json!([]), "{data:#}");
    let id = data["registerProduct"]["product"]["id"].as_str().unwrap().to_string();
    Item { keys: vec![("NAME", text(name)), ("PRICE", num_or_missing(price)), ("REGISTRATION", Key::Missing)], id }
}

/// Sets each item's REGISTRATION key to its place in `items` (the order of ids).
fn registered(mut items: Vec<Item>) -> Vec<Item> {
    for (n, item) in items.iter_mut().enumerate() {
        for (field, key) in item.keys.iter_mut() {
            if *field == "REGISTRATION" {
                *key = Key::Num(n as i64);
            }
        }
    }
    items
}

/// The items of `all` whose ids are in `ids`, in the order of `all`.
fn only(all: &[Item], ids: &[String]) -> Vec<Item> {
    all.iter().filter(|i| ids.contains(&i.id)).map(|i| Item { id: i.id.clone(), keys: i.keys.clone() }).collect()
}

/// Groups of two kelurahan with their members and products.
struct Registry {
    admin: String,
    groups: Vec<Item>,
    besusu: Vec<String>,
    talise: Vec<String>,
    members: Vec<Item>,
    products: Vec<Item>,
}

async fn registry(app: &TestApp) -> Registry {
    let admin = app.admin().await;
    let mut groups = Vec::new();
    let (mut besusu, mut talise) = (Vec::new(), Vec::new());
    let plan = [
        (BESUSU_BARAT, "kub Abon", Some("2020-01-01")),
        (TALISE, "kub Cengkeh", None),
        (BESUSU_BARAT, "KUB abon", None),
        (BESUSU_BARAT, "KUB Dodol", Some("2019-05-05")),
        (TALISE, "KUB cengkeh", Some("2020-01-01")),
        (BESUSU_BARAT, "KUB-Dodol", Some("2020-01-01")),
        (BESUSU_BARAT, "Kub bawang", None),
        (TALISE, "Kub Apel", Some("2019-01-01")),
        (BESUSU_BARAT, "KUB_Zeta", Some("2018-01-01")),
        (BESUSU_BARAT, "KUB \u{c9}mas", Some("2021-02-02")),
    ];
    for (kelurahan, name, founded) in plan {
        let id = group(app, &admin, kelurahan, name, founded).await;
        if kelurahan == TALISE { &mut talise } else { &mut besusu }.push(id.clone());
        let keys = vec![("NAME", text(name)), ("FOUNDED_ON", date_or_missing(founded)), ("REGISTRATION", Key::Missing)];
        groups.push(Item { id, keys });
    }
    let mut members = Vec::new();
    let people = [(0, "siti"), (7, "Yusuf"), (0, "Siti"), (0, "Andi"), (7, "ani"), (0, "bambang"), (0, "BAMBANG")];
    for (serial, (group, name)) in people.into_iter().enumerate() {
        let role = if serial == 0 || serial == 1 { "CHAIR" } else { "MEMBER" };
        let id = add_member(app, &admin, &groups[group].id, name, role, serial as u32 + 1).await;
        members.push(Item { id, keys: vec![("NAME", text(name)), ("REGISTRATION", Key::Missing)] });
    }
    let mut products = Vec::new();
    let catalogue = [
        (0, "Abon Tuna", Some(25_000)),
        (0, "abon tuna", None),
        (7, "Cengkeh", None),
        (0, "Bawang Goreng", Some(15_000)),
        (2, "Dodol", Some(30_000)),
        (0, "Kripik", Some(15_000)),
        (7, "Apel", Some(5_000)),
        (0, "kripik Pisang", None),
        (2, "Abon Sapi", Some(15_000)),
    ];
    for (group, name, price) in catalogue {
        products.push(product(app, &admin, &groups[group].id, name, price).await);
    }
    Registry {
        admin,
        groups: registered(groups),
        besusu,
        talise,
        members: registered(members),
        products: registered(products),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn groups_members_and_products_page_in_every_order() {
    let app = TestApp::new().await;
    let r = registry(&app).await;
    let group_fields = ["NAME", "FOUNDED_ON", "REGISTRATION"];
    check_orders(&app, &r.admin, &top_level("groups", "GroupOrder", ""), &r.groups, &group_fields).await;
    for (code, ids) in [(BESUSU_BARAT, &r.besusu), (TALISE, &r.talise)] {
        let list = of_kelurahan(code, "groups", "GroupOrder");
        check_orders(&app, &r.admin, &list, &only(&r.groups, ids), &group_fields).await;
    }

    check_orders(&app, &r.admin, &top_level("members", "MemberOrder", ""), &r.members, &["NAME", "REGISTRATION"]).await;
    let first_group = nested("BusinessGroup", &r.groups[0].id, "members", "MemberOrder");
    let of_first: Vec<String> = [0, 2, 3, 5, 6].iter().map(|&i| r.members[i].id.clone()).collect();
    check_orders(&app, &r.admin, &first_group, &only(&r.members, &of_first), &["NAME", "REGISTRATION"]).await;

    let product_fields = ["NAME", "PRICE", "REGISTRATION"];
    check_orders(&app, &r.admin, &top_level("products", "ProductOrder", ""), &r.products, &product_fields).await;
    let of_group0: Vec<String> = [0, 1, 3, 5, 7].iter().map(|&i| r.products[i].id.clone()).collect();
    let list = nested("BusinessGroup", &r.groups[0].id, "products", "ProductOrder");
    check_orders(&app, &r.admin, &list, &only(&r.products, &of_group0), &product_fields).await;
    let of_talise: Vec<String> = [2, 6].iter().map(|&i| r.products[i].id.clone()).collect();
    for (code, ids) in [
        (BESUSU_BARAT, r.products.iter().map(|p| p.id.clone()).filter(|id| !of_talise.contains(id)).collect()),
        (TALISE, of_talise.clone()),
    ] {
        let list = of_kelurahan(code, "products", "ProductOrder");
        check_orders(&app, &r.admin, &list, &only(&r.products, &ids), &product_fields).await;
    }
    // A filter and an order together.
    let list = top_level("products", "ProductOrder", "filter: {search: \"abon\"}, ");
    let abon: Vec<String> = [0, 1, 8].iter().map(|&i| r.products[i].id.clone()).collect();
    check_orders(&app, &r.admin, &list, &only(&r.products, &abon), &product_fields).await;
}

const CREATE_PROGRAM: &str = "mutation($input: CreateAidProgramInput!) { createAidProgram(input: $input) {
    program { id } userErrors { field code } } }";
const CREATE_EVENT: &str = "mutation($input: CreateEventInput!) { createEvent(input: $input) {
    event { id } userErrors { field code } } }";

fn day(offset: i64) -> String {
    (chrono::Utc::now() + chrono::Duration::hours(8) + chrono::Duration::days(offset)).format("%Y-%m-%d").to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kelurahans_programmes_events_and_lenders_page_in_every_order() {
    let app = TestApp::new().await;
    let admin = app.admin().await;

    // The seeded kelurahan, in their default order (of ids).
    let data = app.ok(None, "{ kelurahans(first: 100) { nodes { id code name } } }", json!({})).await;
    let kelurahans: Vec<Item> = data["kelurahans"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| Item {
            id: k["id"].as_str().unwrap().to_string(),
            keys: vec![("NAME", text(k["name"].as_str().unwrap())), ("CODE", text(k["code"].as_str().unwrap()))],
        })
        .collect();
    assert_eq!(kelurahans.len(), 46);
    let list = top_level("kelurahans", "KelurahanOrder", "");
    for field in ["NAME", "CODE"] {
        for descending in [false, true] {
            let order = json!({ "field": field, "direction": if descending { "DESC" } else { "ASC" } });
            for backward in [false, true] {
                let (got, _) = walk(&app, &admin, &list, &order, 7, backward).await;
                assert_eq!(got, expected(&kelurahans, field, descending), "kelurahans by {order}");
            }
        }
    }

    let mut programs = Vec::new();
    for (name, year) in [
        ("Bantuan Alat", 2026),
        ("bantuan alat", 2025),
        ("Modal Usaha", 2026),
        ("Zakat Produktif", 2024),
        ("alat Dapur", 2025),
    ] {
        let input = json!({ "name": name, "agency": "Dinas Sosial Kota Palu", "year": year, "kind": "EQUIPMENT", "budget": 1_000_000 });
        let data = app.ok(Some(&admin), CREATE_PROGRAM, json!({ "input": input })).await;
        assert_eq!(data["createAidProgram"]["userErrors"], json!([]), "{data:#}");
        let id = data["createAidProgram"]["program"]["id"].as_str().unwrap().to_string();
        programs.push(Item { id, keys: vec![("NAME", text(name)), ("YEAR", Key::Num(year))] });
    }
    check_orders(&app, &admin, &top_level("aidPrograms", "AidProgramOrder", ""), &programs, &["NAME", "YEAR"]).await;

    let mut events = Vec::new();
    for (title, starts) in
        [("Sosialisasi KUR", 5), ("sosialisasi kur", 3), ("Bazar UMKM", 5), ("Pelatihan Label", -2), ("bazar umkm", 3)]
    {
        let input = json!({ "title": title, "kind": "SOCIALIZATION", "venue": "Hotel Sweetama Palu",
                            "startsOn": day(starts), "endsOn": day(starts + 1), "capacity": 50 });
        let data = app.ok(Some(&admin), CREATE_EVENT, json!({ "input": input })).await;
        assert_eq!(data["createEvent"]["userErrors"], json!([]), "{data:#}");
        let id = data["createEvent"]["event"]["id"].as_str().unwrap().to_string();
        events.push(Item { id, keys: vec![("TITLE", text(title)), ("STARTS_ON", Key::Text(day(starts)))] });
    }
    check_orders(&app, &admin, &top_level("events", "EventOrder", ""), &events, &["TITLE", "STARTS_ON"]).await;
    // Only the upcoming ones, in the same orders.
    let upcoming: Vec<Item> = events
        .iter()
        .filter(|e| e.key("STARTS_ON") >= &Key::Text(day(0)))
        .map(|e| Item { id: e.id.clone(), keys: e.keys.clone() })
        .collect();
    let list = top_level("events", "EventOrder", "upcoming: true, ");
    check_orders(&app, &admin, &list, &upcoming, &["TITLE", "STARTS_ON"]).await;

    let mut lenders = Vec::new();
    for (name, kind) in [
        ("Bank Sulteng", "BANK"),
        ("bank sulteng", "BANK"),
        ("BPR Palu", "RURAL_BANK"),
        ("Koperasi Maju", "COOPERATIVE"),
        ("bank Mandiri", "BANK"),
    ] {
        let id = register_lender(&app, &admin, name, kind).await;
        lenders.push(Item { id, keys: vec![("NAME", text(name))] });
    }
    check_orders(&app, &admin, &top_level("lenders", "LenderOrder", ""), &lenders, &["NAME"]).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn financing_applications_page_in_every_order() {
    let app = TestApp::new().await;
    let capital = Capital::new(&app).await;
    let admin = &capital.admin;
    let mut applications = Vec::new();
    let submitted_at = |payload: &Value| date_or_missing(payload["submittedAt"].as_str());
    // A draft sent on later: its submission comes after those of applications made after it.
    let mut late = capital.group_application(50_000_000);
    late["draft"] = json!(true);
    let late = submit_ok(&app, admin, late).await;
    for amount in [20_000_000, 50_000_000] {
        submit_ok(&app, admin, capital.group_application(amount)).await;
    }
    let mut draft = capital.group_application(30_000_000);
    draft["draft"] = json!(true);
    submit_ok(&app, admin, draft).await;
    let own_member = submit_ok(&app, admin, capital.member_application(5_000_000)).await;
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    move_ok(&app, admin, &late, "SUBMITTED", 0).await;

    // Read back what was stored, in the order of ids.
    let query = "{ financingApplications(first: 100) { nodes { id amountRequested submittedAt } } }";
    let data = app.ok(Some(admin), query, json!({})).await;
    for node in data["financingApplications"]["nodes"].as_array().unwrap() {
        let amount =
            node["amountRequested"].as_i64().or_else(|| node["amountRequested"].as_str().and_then(|s| s.parse().ok()));
        let keys =
            vec![("AMOUNT_REQUESTED", Key::Num(amount.expect("an amount"))), ("SUBMITTED_AT", submitted_at(node))];
        applications.push(Item { id: node["id"].as_str().unwrap().to_string(), keys });
    }
    assert_eq!(applications.len(), 5);
    assert_eq!(applications[0].id, late);
    assert!(applications[0].key("SUBMITTED_AT") > applications[1].key("SUBMITTED_AT"), "the late one was sent last");
    let fields = ["AMOUNT_REQUESTED", "SUBMITTED_AT"];
    let list = top_level("financingApplications", "FinancingApplicationOrder", "");
    check_orders(&app, admin, &list, &applications, &fields).await;
    // The group's own (not its member's) through the group.
    let own: Vec<String> = applications.iter().map(|a| a.id.clone()).filter(|id| *id != own_member).collect();
    let list = nested("BusinessGroup", &capital.group, "financingApplications", "FinancingApplicationOrder");
    check_orders(&app, admin, &list, &only(&applications, &own), &fields).await;
    let _ = add_scheme;
}

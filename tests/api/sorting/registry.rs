//! Groups, members and products in every order, top-level and nested.

use serde_json::json;

use super::*;
use crate::common::*;

/// Registers a group with a founding date; returns its id.
pub async fn group(app: &TestApp, admin: &str, kelurahan: &str, name: &str, founded: Option<&str>) -> String {
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

/// Groups of two kelurahan with their members and products.
pub struct Registry {
    pub admin: String,
    pub groups: Vec<Item>,
    pub besusu: Vec<String>,
    pub talise: Vec<String>,
    pub members: Vec<Item>,
    pub products: Vec<Item>,
}

pub async fn registry(app: &TestApp) -> Registry {
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
        // Only ASCII letters fold: "É" (U+00C9) sorts before "é" (U+00E9), whatever "a" follows.
        (BESUSU_BARAT, "KUB \u{e9}a", Some("2019-05-05")),
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
    // The dashboard's list of groups without capital (none has applied): all of them.
    let mut dashboard = top_level("groupsWithoutCapital", "GroupOrder", "");
    dashboard.query =
        dashboard.query.replacen("groupsWithoutCapital(", "financingDashboard { groupsWithoutCapital(", 1) + " }";
    dashboard.path = vec!["financingDashboard", "groupsWithoutCapital"];
    check_orders(&app, &r.admin, &dashboard, &r.groups, &group_fields).await;
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

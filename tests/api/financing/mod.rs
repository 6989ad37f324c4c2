//! Capital through the GraphQL endpoint: lenders and schemes, the submission rules,
//! every move of the workflow, who sees and moves what, concurrent moves, the dashboard
//! figures, and the statement bound of a nested query.

mod access;
mod by_kecamatan;
mod concurrency;
mod dashboard;
mod lenders;
mod n_plus_one;
mod races;
mod submission;
mod workflow;

use serde_json::{Value, json};

use crate::common::*;

pub const REGISTER_LENDER: &str = "mutation($input: RegisterLenderInput!) { registerLender(input: $input) {
    lender { id name kind ojkLicenseNumber contactPhone contactEmail address }
    userErrors { field message code } } }";

pub const ADD_SCHEME: &str = "mutation($input: AddFinancingSchemeInput!) { addFinancingScheme(input: $input) {
    scheme { id name minAmount maxAmount annualRatePercent maxTenorMonths acceptsGroups active lender { id } }
    userErrors { field message code } } }";

pub const UPDATE_SCHEME: &str = "mutation($input: UpdateFinancingSchemeInput!) { updateFinancingScheme(input: $input) {
    scheme { id name minAmount maxAmount annualRatePercent maxTenorMonths acceptsGroups active }
    userErrors { field message code } } }";

pub const SUBMIT: &str =
    "mutation($input: SubmitFinancingApplicationInput!) { submitFinancingApplication(input: $input) {
    application { id status amountRequested amountApproved tenorMonths purpose submittedAt nextStatuses
        group { id } member { id } appliedBy { id } scheme { id } lender { id }
        history { from to at actor note } }
    userErrors { field message code } } }";

pub const MOVE: &str = "mutation($input: MoveFinancingApplicationInput!) { moveFinancingApplication(input: $input) {
    application { id status amountApproved nextStatuses submittedAt history { from to at actor note } }
    userErrors { field message code } } }";

pub const APPLICATION_NODE: &str = "query($id: ID!) { node(id: $id) { ... on FinancingApplication {
    id status amountRequested amountApproved history { from to actor } } } }";

/// Every status, in workflow order.
pub const STATUSES: [&str; 9] =
    ["DRAFT", "SUBMITTED", "UNDER_REVIEW", "APPROVED", "REJECTED", "DISBURSED", "REPAID", "DEFAULTED", "WITHDRAWN"];

/// The moves the workflow allows, as (from, to).
pub const ALLOWED_MOVES: [(&str, &str); 11] = [
    ("DRAFT", "SUBMITTED"),
    ("DRAFT", "WITHDRAWN"),
    ("SUBMITTED", "UNDER_REVIEW"),
    ("SUBMITTED", "WITHDRAWN"),
    ("UNDER_REVIEW", "APPROVED"),
    ("UNDER_REVIEW", "REJECTED"),
    ("UNDER_REVIEW", "WITHDRAWN"),
    ("APPROVED", "DISBURSED"),
    ("APPROVED", "WITHDRAWN"),
    ("DISBURSED", "REPAID"),
    ("DISBURSED", "DEFAULTED"),
];

/// The moves that lead from creation to `status` (creation makes a DRAFT or a SUBMITTED one).
pub fn path_to(status: &str) -> &'static [&'static str] {
    match status {
        "DRAFT" | "SUBMITTED" => &[],
        "UNDER_REVIEW" => &["UNDER_REVIEW"],
        "APPROVED" => &["UNDER_REVIEW", "APPROVED"],
        "REJECTED" => &["UNDER_REVIEW", "REJECTED"],
        "DISBURSED" => &["UNDER_REVIEW", "APPROVED", "DISBURSED"],
        "REPAID" => &["UNDER_REVIEW", "APPROVED", "DISBURSED", "REPAID"],
        "DEFAULTED" => &["UNDER_REVIEW", "APPROVED", "DISBURSED", "DEFAULTED"],
        "WITHDRAWN" => &["WITHDRAWN"],
        other => panic!("no status {other}"),
    }
}

/// Registers a lender as `token` and returns its global id.
pub async fn register_lender(app: &TestApp, token: &str, name: &str, kind: &str) -> String {
    let input = json!({ "name": name, "kind": kind });
    let data = app.ok(Some(token), REGISTER_LENDER, json!({ "input": input })).await;
    assert_eq!(data["registerLender"]["userErrors"], json!([]), "{data:#}");
    data["registerLender"]["lender"]["id"].as_str().unwrap().to_string()
}

/// Adds a scheme (6% a year, 60 months) as `token` and returns its global id.
pub async fn add_scheme(
    app: &TestApp,
    token: &str,
    lender: &str,
    name: &str,
    range: (i64, i64),
    groups: bool,
) -> String {
    let input = json!({ "lenderId": lender, "name": name, "minAmount": range.0, "maxAmount": range.1,
                        "annualRatePercent": 6, "maxTenorMonths": 60, "acceptsGroups": groups });
    let data = app.ok(Some(token), ADD_SCHEME, json!({ "input": input })).await;
    assert_eq!(data["addFinancingScheme"]["userErrors"], json!([]), "{data:#}");
    data["addFinancingScheme"]["scheme"]["id"].as_str().unwrap().to_string()
}

/// The payload of `submitFinancingApplication` (which must not fail at the top level).
pub async fn submit(app: &TestApp, token: &str, input: Value) -> Value {
    app.ok(Some(token), SUBMIT, json!({ "input": input })).await["submitFinancingApplication"].clone()
}

/// Submits an application that must be accepted and returns its global id.
pub async fn submit_ok(app: &TestApp, token: &str, input: Value) -> String {
    let payload = submit(app, token, input).await;
    assert_eq!(payload["userErrors"], json!([]), "{payload:#}");
    payload["application"]["id"].as_str().unwrap().to_string()
}

/// The whole response to one move.
pub async fn move_application(app: &TestApp, token: &str, id: &str, to: &str, extra: Value) -> Value {
    let mut input = json!({ "applicationId": id, "to": to });
    if let (Some(input), Some(extra)) = (input.as_object_mut(), extra.as_object()) {
        input.extend(extra.clone());
    }
    app.gql(Some(token), MOVE, json!({ "input": input })).await
}

/// A move that must succeed; approvals approve the whole `amount`. Returns the application.
pub async fn move_ok(app: &TestApp, token: &str, id: &str, to: &str, amount: i64) -> Value {
    let extra = if to == "APPROVED" { json!({ "amountApproved": amount }) } else { json!({}) };
    let body = move_application(app, token, id, to, extra).await;
    assert!(body.get("errors").is_none(), "move to {to}: {body:#}");
    let payload = &body["data"]["moveFinancingApplication"];
    assert_eq!(payload["userErrors"], json!([]), "move to {to}: {body:#}");
    assert_eq!(payload["application"]["status"], to, "{body:#}");
    payload["application"].clone()
}

/// Current status of an application, as ADMIN reads it.
pub async fn status_of(app: &TestApp, admin: &str, id: &str) -> Value {
    app.ok(Some(admin), APPLICATION_NODE, json!({ "id": id })).await["node"].clone()
}

/// A registry with capital: a lender with two schemes, and groups with their officers.
pub struct Capital {
    pub admin: String,
    /// "Bank Sulteng": a BANK.
    pub lender: String,
    /// A LENDER token of "Bank Sulteng", named "Analis Bank Sulteng".
    pub lender_token: String,
    /// KUR Mikro: Rp10,000,001 to Rp100,000,000, groups accepted.
    pub mikro: String,
    /// KUR Super Mikro: Rp1,000,000 to Rp10,000,000, members only.
    pub super_mikro: String,
    /// A group of Besusu Barat with a CHAIR and a MEMBER.
    pub group: String,
    pub chair: String,
    pub member: String,
    /// The OFFICER of Besusu Barat.
    pub officer: String,
}

pub const MIKRO: (i64, i64) = (10_000_001, 100_000_000);
pub const SUPER_MIKRO: (i64, i64) = (1_000_000, 10_000_000);

impl Capital {
    pub async fn new(app: &TestApp) -> Self {
        let admin = app.admin().await;
        let lender = register_lender(app, &admin, "Bank Sulteng", "BANK").await;
        let lender_id = umkm_graph::ids::LenderId::from_global(&lender).expect("a Lender id");
        let lender_token = app.lender_token(lender_id, "Analis Bank Sulteng").await;
        let mikro = add_scheme(app, &admin, &lender, "KUR Mikro", MIKRO, true).await;
        let super_mikro = add_scheme(app, &admin, &lender, "KUR Super Mikro", SUPER_MIKRO, false).await;
        let group = register_group(app, &admin, BESUSU_BARAT, "KUB Abon Tuna").await;
        let chair = add_member(app, &admin, &group, "Siti Ketua", "CHAIR", 1).await;
        let member = add_member(app, &admin, &group, "Rahmat Anggota", "MEMBER", 2).await;
        let officer = app.token(umkm_graph::access::Role::Officer, "Fasilitator Besusu Barat", &[BESUSU_BARAT]).await;
        Capital { admin, lender, lender_token, mikro, super_mikro, group, chair, member, officer }
    }

    /// A group application to KUR Mikro.
    pub fn group_application(&self, amount: i64) -> Value {
        json!({ "schemeId": self.mikro, "groupId": self.group, "amountRequested": amount,
                "purpose": "Modal kerja abon tuna" })
    }

    /// A member's application to KUR Super Mikro.
    pub fn member_application(&self, amount: i64) -> Value {
        json!({ "schemeId": self.super_mikro, "memberId": self.member, "amountRequested": amount,
                "purpose": "Gerobak dagang" })
    }

    /// A group application brought to `status` by ADMIN, with the whole amount approved.
    pub async fn application_in(&self, app: &TestApp, status: &str, amount: i64) -> String {
        let mut input = self.group_application(amount);
        input["draft"] = json!(status == "DRAFT");
        let id = submit_ok(app, &self.admin, input).await;
        for to in path_to(status) {
            move_ok(app, &self.admin, &id, to, amount).await;
        }
        id
    }
}

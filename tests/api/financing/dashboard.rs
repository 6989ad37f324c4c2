//! The dashboard figures: capital requested, approved and paid out per kelurahan, sector,
//! lender, scheme and month, the approval rate, groups without capital, groups that applied
//! without coaching. Public as aggregates; the group lists for ADMIN and officers only.

use diesel_async::SimpleAsyncConnection;
use serde_json::{Value, json};
use umkm_graph::access::Role;
use umkm_graph::ids::ApplicationId;

use super::*;

const FIGURES: &str =
    "applicationCount amountRequested approvedCount amountApproved amountDisbursed rejectedCount approvalRate";

fn dashboard_query() -> String {
    format!(
        "query($filter: FinancingDashboardFilter) {{ financingDashboard(filter: $filter) {{
            total {{ {FIGURES} }}
            byKelurahan {{ kelurahan {{ code }} figures {{ {FIGURES} }} }}
            bySector {{ sector figures {{ {FIGURES} }} }}
            byLender {{ lender {{ name }} figures {{ {FIGURES} }} }}
            byScheme {{ scheme {{ name }} figures {{ {FIGURES} }} }}
            byMonth {{ month figures {{ {FIGURES} }} }}
            groupsWithoutCapitalCount groupsAppliedWithoutCoachingCount }} }}"
    )
}

const GROUP_LISTS: &str = "query($filter: FinancingDashboardFilter) { financingDashboard(filter: $filter) {
    groupsWithoutCapital { totalCount nodes { name } } groupsAppliedWithoutCoaching { totalCount nodes { name } } } }";

const RECORD_SESSION: &str = "mutation($input: RecordMentoringSessionInput!) { recordMentoringSession(input: $input) {
    session { id } userErrors { code } } }";

/// Figures as the API returns them: (count, requested, approved count, approved, paid out,
/// rejected count, approval rate).
fn figures(applications: i64, requested: i64, approvals: i64, approved: i64, paid: i64, rejected: i64) -> Value {
    let decided = approvals + rejected;
    let rate = if decided == 0 { Value::Null } else { json!(approvals as f64 / decided as f64) };
    json!({ "applicationCount": applications, "amountRequested": requested, "approvedCount": approvals,
            "amountApproved": approved, "amountDisbursed": paid, "rejectedCount": rejected, "approvalRate": rate })
}

const M: i64 = 1_000_000;

/// Sets the month an application counts in, as if it had been submitted then (on the 15th,
/// at noon in Palu: the time and its month agree, as a real submission leaves them).
pub(super) async fn submitted_in(app: &TestApp, id: &str, month: &str) {
    let number = ApplicationId::from_global(id).unwrap().0;
    let mut conn = app.app.db.conn().await.unwrap();
    let sql = format!(
        "UPDATE financing_applications SET submitted_month = '{month}', submitted_at = '{month}-15 04:00:00' \
         WHERE id = {number}"
    );
    let conn = &mut conn;
    umkm_graph::db_run!(conn: { conn.batch_execute(&sql).await }).unwrap();
}

/// Five groups in three kelurahan (of two kecamatan), two lenders, applications in every
/// kind of outcome.
pub(super) struct City {
    pub(super) capital: Capital,
    pub(super) lender_b: String,
}

pub(super) async fn city(app: &TestApp) -> City {
    let capital = Capital::new(app).await;
    let admin = &capital.admin;
    let lender_b = register_lender(app, admin, "BPR Nusa", "RURAL_BANK").await;
    let scheme_b = add_scheme(app, admin, &lender_b, "Modal Kerja", (5 * M, 200 * M), true).await;
    let group = |kelurahan: &'static str, name: &'static str, sector: &'static str, serial: u32| {
        let capital = &capital;
        async move {
            let input = json!({ "kelurahanCode": kelurahan, "name": name, "sector": sector });
            let data = app.ok(Some(&capital.admin), REGISTER_GROUP, json!({ "input": input })).await;
            let id = data["registerGroup"]["group"]["id"].as_str().unwrap().to_string();
            add_member(app, &capital.admin, &id, "Ketua", "CHAIR", serial).await;
            id
        }
    };
    // G1 is the Capital's group (FOOD_BEVERAGE, Besusu Barat).
    let g2 = group(BESUSU_TENGAH, "G2 Kerajinan", "CRAFT", 11).await;
    let g3 = group(BESUSU_TENGAH, "G3 Makanan", "FOOD_BEVERAGE", 12).await;
    let g4 = group(TALISE, "G4 Makanan", "FOOD_BEVERAGE", 13).await;
    let g5 = group(TALISE, "G5 Kerajinan", "CRAFT", 14).await;
    let to = |scheme: &str, group: &str, amount: i64| json!({ "schemeId": scheme, "groupId": group, "amountRequested": amount, "purpose": "Modal" });
    // G1 → A Mikro 50M: approved 40M, paid out, repaid (2026-01).
    let a1 = submit_ok(app, admin, to(&capital.mikro, &capital.group, 50 * M)).await;
    move_ok(app, admin, &a1, "UNDER_REVIEW", 0).await;
    let body = move_application(app, admin, &a1, "APPROVED", json!({ "amountApproved": 40 * M })).await;
    assert_eq!(body["data"]["moveFinancingApplication"]["userErrors"], json!([]), "{body:#}");
    move_ok(app, admin, &a1, "DISBURSED", 0).await;
    move_ok(app, admin, &a1, "REPAID", 0).await;
    submitted_in(app, &a1, "2026-01").await;
    // G2 → A Mikro 20M: rejected (2026-02).
    let a2 = submit_ok(app, admin, to(&capital.mikro, &g2, 20 * M)).await;
    move_ok(app, admin, &a2, "UNDER_REVIEW", 0).await;
    move_ok(app, admin, &a2, "REJECTED", 0).await;
    submitted_in(app, &a2, "2026-02").await;
    // G3 → B 100M: approved 80M, not yet paid out (2026-02); G3 was coached.
    let a3 = submit_ok(app, admin, to(&scheme_b, &g3, 100 * M)).await;
    move_ok(app, admin, &a3, "UNDER_REVIEW", 0).await;
    move_application(app, admin, &a3, "APPROVED", json!({ "amountApproved": 80 * M })).await;
    submitted_in(app, &a3, "2026-02").await;
    let session =
        json!({ "groupId": g3, "provider": "Dinas", "topic": "FINANCIAL_ADMINISTRATION", "heldOn": "2026-01-20" });
    let data = app.ok(Some(admin), RECORD_SESSION, json!({ "input": session })).await;
    assert_eq!(data["recordMentoringSession"]["userErrors"], json!([]), "{data:#}");
    // G1's member → A Super Mikro 5M: submitted (2026-03).
    let a4 = submit_ok(app, admin, capital.member_application(5 * M)).await;
    submitted_in(app, &a4, "2026-03").await;
    // G4: a draft, which never counts.
    let mut draft = to(&capital.mikro, &g4, 30 * M);
    draft["draft"] = json!(true);
    submit_ok(app, admin, draft).await;
    // G5 → B 10M: approved in full, then withdrawn (2026-03).
    let a5 = submit_ok(app, admin, to(&scheme_b, &g5, 10 * M)).await;
    move_ok(app, admin, &a5, "UNDER_REVIEW", 0).await;
    move_ok(app, admin, &a5, "APPROVED", 10 * M).await;
    move_ok(app, admin, &a5, "WITHDRAWN", 0).await;
    submitted_in(app, &a5, "2026-03").await;
    City { capital, lender_b }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_figures_add_up_per_kelurahan_sector_lender_scheme_and_month() {
    let app = TestApp::new().await;
    let city = city(&app).await;
    let agency = app.token(Role::Agency, "OJK Sulteng", &[]).await;
    // Dinas staff count members' own loans too; everyone else, PUBLIC included, sees the same
    // figures of groups' applications only (a member's loan is personal financial data).
    let full = app.ok(Some(&city.capital.admin), &dashboard_query(), json!({})).await;
    let public = app.ok(None, &dashboard_query(), json!({})).await;
    for token in [&agency, &city.capital.lender_token] {
        assert_eq!(app.ok(Some(token), &dashboard_query(), json!({})).await, public);
    }
    assert_eq!(public["financingDashboard"]["total"], figures(4, 180 * M, 3, 130 * M, 40 * M, 1), "{public:#}");
    let d = &full["financingDashboard"];
    assert_eq!(d["total"], figures(5, 185 * M, 3, 130 * M, 40 * M, 1), "{d:#}");
    assert_eq!(
        d["byKelurahan"],
        json!([
            { "kelurahan": { "code": BESUSU_BARAT }, "figures": figures(2, 55 * M, 1, 40 * M, 40 * M, 0) },
            { "kelurahan": { "code": BESUSU_TENGAH }, "figures": figures(2, 120 * M, 1, 80 * M, 0, 1) },
            { "kelurahan": { "code": TALISE }, "figures": figures(1, 10 * M, 1, 10 * M, 0, 0) },
        ])
    );
    assert_eq!(
        d["bySector"],
        json!([
            { "sector": "CRAFT", "figures": figures(2, 30 * M, 1, 10 * M, 0, 1) },
            { "sector": "FOOD_BEVERAGE", "figures": figures(3, 155 * M, 2, 120 * M, 40 * M, 0) },
        ])
    );
    assert_eq!(
        d["byLender"],
        json!([
            { "lender": { "name": "Bank Sulteng" }, "figures": figures(3, 75 * M, 1, 40 * M, 40 * M, 1) },
            { "lender": { "name": "BPR Nusa" }, "figures": figures(2, 110 * M, 2, 90 * M, 0, 0) },
        ])
    );
    assert_eq!(
        d["byScheme"],
        json!([
            { "scheme": { "name": "KUR Mikro" }, "figures": figures(2, 70 * M, 1, 40 * M, 40 * M, 1) },
            { "scheme": { "name": "KUR Super Mikro" }, "figures": figures(1, 5 * M, 0, 0, 0, 0) },
            { "scheme": { "name": "Modal Kerja" }, "figures": figures(2, 110 * M, 2, 90 * M, 0, 0) },
        ])
    );
    assert_eq!(
        d["byMonth"],
        json!([
            { "month": "2026-01", "figures": figures(1, 50 * M, 1, 40 * M, 40 * M, 0) },
            { "month": "2026-02", "figures": figures(2, 120 * M, 1, 80 * M, 0, 1) },
            { "month": "2026-03", "figures": figures(2, 15 * M, 1, 10 * M, 0, 0) },
        ])
    );
    // G2, G3, G4 and G5 never had capital paid out on an application of their own; G1, G2 and
    // G5 applied without coaching (G3 was coached, G4 only drafted).
    assert_eq!(d["groupsWithoutCapitalCount"], 4);
    assert_eq!(d["groupsAppliedWithoutCoachingCount"], 3);
    assert_eq!(d["total"]["approvalRate"], 0.75);

    // Filters: a period, a lender, an area, a sector (Dinas staff's figures, with members' loans).
    let admin = city.capital.admin.clone();
    let filtered = |filter: Value| {
        let (app, admin) = (&app, &admin);
        async move {
            app.ok(Some(admin), &dashboard_query(), json!({ "filter": filter })).await["financingDashboard"].clone()
        }
    };
    let d = filtered(json!({ "fromMonth": "2026-02", "toMonth": "2026-02" })).await;
    assert_eq!(d["total"], figures(2, 120 * M, 1, 80 * M, 0, 1));
    assert_eq!(d["groupsWithoutCapitalCount"], 5, "nothing was paid out on February's applications");
    let d = filtered(json!({ "lenderId": city.lender_b })).await;
    assert_eq!(d["total"], figures(2, 110 * M, 2, 90 * M, 0, 0));
    assert_eq!(d["groupsAppliedWithoutCoachingCount"], 1, "G5 only: G3 was coached");
    let d = filtered(json!({ "kecamatanCode": "72.71.01" })).await;
    assert_eq!(d["total"]["applicationCount"], 4);
    let d = filtered(json!({ "kelurahanCode": TALISE, "sector": "CRAFT" })).await;
    assert_eq!(d["total"], figures(1, 10 * M, 1, 10 * M, 0, 0));
    assert_eq!(d["groupsWithoutCapitalCount"], 1, "G5");
    for month in ["2026-13", "Jan 2026", "2026-1"] {
        let body = app.gql(None, &dashboard_query(), json!({ "filter": { "fromMonth": month } })).await;
        assert_eq!(error_codes(&body), ["BAD_USER_INPUT"], "{month}: {body:#}");
    }

    // Nothing in the figures names an application, a member or an amount of one.
    let text = public.to_string();
    assert!(!text.contains("Rahmat") && !text.contains("FinancingApplication"), "{text}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_group_lists_are_for_admin_and_for_officers_within_their_kelurahan() {
    let app = TestApp::new().await;
    let city = city(&app).await;
    let names = |data: &Value, list: &str| -> Vec<String> {
        data["financingDashboard"][list]["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|g| g["name"].as_str().unwrap().to_string())
            .collect()
    };
    let data = app.ok(Some(&city.capital.admin), GROUP_LISTS, json!({})).await;
    assert_eq!(names(&data, "groupsWithoutCapital"), ["G2 Kerajinan", "G3 Makanan", "G4 Makanan", "G5 Kerajinan"]);
    assert_eq!(data["financingDashboard"]["groupsWithoutCapital"]["totalCount"], 4);
    assert_eq!(names(&data, "groupsAppliedWithoutCoaching"), ["KUB Abon Tuna", "G2 Kerajinan", "G5 Kerajinan"]);
    let tengah = app.token(Role::Officer, "Fasilitator Besusu Tengah", &[BESUSU_TENGAH]).await;
    let data = app.ok(Some(&tengah), GROUP_LISTS, json!({})).await;
    assert_eq!(names(&data, "groupsWithoutCapital"), ["G2 Kerajinan", "G3 Makanan"]);
    assert_eq!(names(&data, "groupsAppliedWithoutCoaching"), ["G2 Kerajinan"]);
    let agency = app.token(Role::Agency, "OJK Sulteng", &[]).await;
    for (who, token, code) in [
        ("PUBLIC", None, "UNAUTHENTICATED"),
        ("AGENCY", Some(&agency), "FORBIDDEN"),
        ("LENDER", Some(&city.capital.lender_token), "FORBIDDEN"),
    ] {
        let body = app.gql(token.map(String::as_str), GROUP_LISTS, json!({})).await;
        assert_eq!(error_codes(&body), [code, code], "{who}: {body:#}");
        assert!(!body.to_string().contains("G2 Kerajinan"), "{who}: {body:#}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn figures_beyond_2_53_are_exact_decimal_strings() {
    let app = TestApp::new().await;
    let capital = Capital::new(&app).await;
    // A scheme up to 10^14 - 1 rupiah, the most an amount may be (10^14) less one, so that
    // the sums are odd: above 2^53 no JavaScript number holds them.
    let near_cap: i64 = 99_999_999_999_999;
    let scheme = add_scheme(&app, &capital.admin, &capital.lender, "Kredit Besar", (1, near_cap), true).await;
    let application = |amount: Value| json!({ "schemeId": scheme, "groupId": capital.group, "amountRequested": amount, "purpose": "Pabrik" });
    // Amounts may come as strings of digits too.
    let approved = submit_ok(&app, &capital.admin, application(json!(near_cap.to_string()))).await;
    move_ok(&app, &capital.admin, &approved, "UNDER_REVIEW", near_cap).await;
    move_ok(&app, &capital.admin, &approved, "APPROVED", near_cap).await;
    for _ in 1..91 {
        submit_ok(&app, &capital.admin, application(json!(near_cap))).await;
    }
    let query = "{ financingDashboard { total { applicationCount amountRequested amountApproved amountDisbursed }
        bySector { figures { amountRequested } } } }";
    let data = app.ok(None, query, json!({})).await;
    // Below 2^53 (9,007,199,254,740,992) a JSON number, above it the exact sum as a string.
    assert_eq!(
        data["financingDashboard"]["total"],
        json!({ "applicationCount": 91, "amountRequested": "9099999999999909", "amountApproved": near_cap,
                "amountDisbursed": 0 })
    );
    assert_eq!(
        data["financingDashboard"]["bySector"],
        json!([{ "figures": { "amountRequested": "9099999999999909" } }])
    );
}

//! Group files: members with their groups.

use serde_json::{Value, json};
use umkm_graph::access::Role;

use super::{assert_refusals, example, import, import_with, refusals};
use crate::common::{BESUSU_BARAT, TALISE, TestApp};

const GROUPS_OF: &str = "query($code: String!) { groups(filter: {kelurahanCode: $code}) {
    totalCount nodes { name registrationNumber sector foundedOn nib memberCount
      members(first: 20) { nodes { fullName gender role skills phone } } } } }";

async fn groups_of(app: &TestApp, token: &str, code: &str) -> Value {
    app.ok(Some(token), GROUPS_OF, json!({ "code": code })).await["groups"].clone()
}

async fn member_total(app: &TestApp, token: &str) -> i64 {
    let data = app.ok(Some(token), "{ members { totalCount } }", json!({})).await;
    data["members"]["totalCount"].as_i64().unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_clean_import_then_a_reimport_of_the_same_file_creates_nothing() {
    let app = TestApp::new().await;
    let admin = app.admin().await;
    let file = example("groups-valid.csv");
    let first = import(&app, &admin, "GROUPS", &file).await;
    assert_eq!(
        (&first["rows"], &first["created"], &first["unchanged"], &first["refused"], &first["recordsCreated"]),
        (&json!(11), &json!(11), &json!(0), &json!(0), &json!(2)),
        "{first:#}"
    );
    assert_eq!(
        (&first["written"], &first["encoding"], &first["errorCount"]),
        (&json!(true), &json!("UTF-8"), &json!(0))
    );
    assert_eq!(first["reportCsv"], "row,column,code,message\n");
    let besusu = groups_of(&app, &admin, BESUSU_BARAT).await;
    assert_eq!(besusu["totalCount"], 1, "{besusu:#}");
    let group = &besusu["nodes"][0];
    assert_eq!(group["name"], "Kelompok Abon Ikan Tuna Besusu");
    assert_eq!(group["registrationNumber"], "72.71.01.1004-KUB-001");
    assert_eq!(
        (&group["foundedOn"], &group["nib"], &group["memberCount"]),
        (&json!("2021-03-15"), &json!("1234567890123"), &json!(6))
    );
    let chair = &group["members"]["nodes"][0];
    assert_eq!(chair["fullName"], "Siti Rahmawati");
    assert_eq!((&chair["gender"], &chair["role"]), (&json!("FEMALE"), &json!("CHAIR")));
    assert_eq!(chair["skills"], json!(["FOOD_BEVERAGE", "TRADE"]));
    assert_eq!(chair["phone"], "+6281234567801");
    assert_eq!(groups_of(&app, &admin, TALISE).await["nodes"][0]["memberCount"], 5);

    let again = import(&app, &admin, "GROUPS", &file).await;
    assert_eq!(
        (&again["created"], &again["unchanged"], &again["refused"], &again["recordsCreated"], &again["written"]),
        (&json!(0), &json!(11), &json!(0), &json!(0), &json!(false)),
        "{again:#}"
    );
    assert_eq!(member_total(&app, &admin).await, 11);
    assert_eq!(groups_of(&app, &admin, BESUSU_BARAT).await["totalCount"], 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn an_import_with_mistakes_writes_nothing_and_reports_every_bad_row() {
    let app = TestApp::new().await;
    let admin = app.admin().await;
    import(&app, &admin, "GROUPS", &example("groups-valid.csv")).await;
    let payload = import(&app, &admin, "GROUPS", &example("groups-mistakes.csv")).await;
    let expected = [
        (3, "role", "ROLE_TAKEN"),
        (4, "nik", "INVALID_NIK"),
        (5, "nik", "INVALID_NIK_DATE"),
        (6, "gender", "NIK_GENDER_MISMATCH"),
        (7, "nik", "DUPLICATE_IN_FILE"),
        (8, "nik", "DUPLICATE_NIK"),
        (9, "phone", "INVALID_PHONE"),
        (10, "role", "INVALID_VALUE"),
        (11, "group_name", "TOO_FEW_MEMBERS"),
        (14, "kelurahan_code", "NOT_FOUND"),
    ];
    assert_refusals(&payload, &expected);
    assert_eq!((&payload["written"], &payload["created"], &payload["refused"]), (&json!(false), &json!(0), &json!(13)));
    // The CSV report holds the same, one line per refusal, and says no NIK.
    let report = payload["reportCsv"].as_str().unwrap();
    assert_eq!(report.lines().count(), 11, "{report}");
    assert!(report.contains("\n7,nik,DUPLICATE_IN_FILE,the same as row 2 of the file\n"), "{report}");
    assert!(!report.contains("7271010101800101"), "{report}");
    // Nothing of the file was written, not even its clean rows.
    assert_eq!(groups_of(&app, &admin, "72.71.02.1009").await["totalCount"], 0);
    assert_eq!(member_total(&app, &admin).await, 11);
}

#[tokio::test(flavor = "multi_thread")]
async fn windows_1252_with_semicolons_and_indonesian_headers() {
    let app = TestApp::new().await;
    let admin = app.admin().await;
    let payload = import(&app, &admin, "GROUPS", &example("groups-excel.csv")).await;
    assert_eq!((&payload["created"], &payload["encoding"]), (&json!(5), &json!("Windows-1252")), "{payload:#}");
    let group = &groups_of(&app, &admin, "72.71.01.1006").await["nodes"][0];
    assert_eq!(group["name"], "Kelompok Kue Tradisional Sagélé");
    assert_eq!(group["foundedOn"], "2020-08-17");
    let names: Vec<&str> =
        group["members"]["nodes"].as_array().unwrap().iter().map(|m| m["fullName"].as_str().unwrap()).collect();
    assert_eq!(names, ["Renée Lapasere", "André Lamakarate", "Zoë Pakaya", "Jürgen Sahabuddin", "Déwi Rosmala"]);
    assert_eq!(group["members"]["nodes"][2]["role"], "TREASURER");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_dry_run_reports_and_writes_nothing_and_the_log_records_an_import() {
    let app = TestApp::new().await;
    let admin = app.admin().await;
    let file = example("groups-valid.csv");
    let dry = import_with(&app, Some(&admin), "GROUPS", &file, json!({ "dryRun": true })).await;
    let dry = &dry["data"]["importFile"];
    assert_eq!((&dry["created"], &dry["recordsCreated"], &dry["written"]), (&json!(11), &json!(2), &json!(false)));
    assert_eq!(member_total(&app, &admin).await, 0);

    import(&app, &admin, "GROUPS", &file).await;
    let log = app
        .ok(Some(&admin), "{ personalDataLog(first: 100) { totalCount nodes { action actor fields } } }", json!({}))
        .await;
    assert_eq!(log["personalDataLog"]["totalCount"], 11, "{log:#}");
    let first = &log["personalDataLog"]["nodes"][0];
    assert_eq!((&first["action"], &first["actor"]), (&json!("CREATE"), &json!("Dinas test admin")));
    assert!(first["fields"].as_array().unwrap().contains(&json!("nik")), "{first:#}");
}

#[tokio::test(flavor = "multi_thread")]
async fn an_officer_imports_its_own_kelurahan_only() {
    let app = TestApp::new().await;
    let officer = app.token(Role::Officer, "Fasilitator Besusu Barat", &[BESUSU_BARAT]).await;
    let file = example("groups-valid.csv");
    let payload = import(&app, &officer, "GROUPS", &file).await;
    let outside = refusals(&payload);
    assert_eq!(outside.len(), 5, "{payload:#}");
    assert!(outside.iter().all(|(row, column, code)| (8..=12).contains(row)
        && column == "kelurahan_code"
        && code == "OUTSIDE_KELURAHAN"));
    assert_eq!(payload["written"], false);

    // Partial: the clean group of its own kelurahan is written, the other rows refused.
    let partial = import_with(&app, Some(&officer), "GROUPS", &file, json!({ "partial": true })).await;
    let partial = &partial["data"]["importFile"];
    assert_eq!(
        (&partial["created"], &partial["refused"], &partial["written"]),
        (&json!(6), &json!(5), &json!(true)),
        "{partial:#}"
    );
    let admin = app.admin().await;
    assert_eq!(groups_of(&app, &admin, BESUSU_BARAT).await["totalCount"], 1);
    assert_eq!(groups_of(&app, &admin, TALISE).await["totalCount"], 0);
}

#[tokio::test(flavor = "multi_thread")]
async fn changed_rows_inconsistent_groups_and_missing_columns_are_refused_in_the_callers_language() {
    let app = TestApp::new().await;
    let admin = app.admin().await;
    let valid = String::from_utf8(example("groups-valid.csv")).unwrap();
    import(&app, &admin, "GROUPS", valid.as_bytes()).await;
    // An import only adds: the same NIK in the same group under another name is refused.
    let changed = valid.replace("Andi Pratama", "Andi Pratama Putra");
    let payload = import(&app, &admin, "GROUPS", changed.as_bytes()).await;
    assert_refusals(&payload, &[(3, "full_name", "CONFLICTING_ROW")]);
    assert_eq!((&payload["unchanged"], &payload["refused"]), (&json!(10), &json!(1)));

    // A group whose rows disagree on its sector.
    let header = valid.lines().next().unwrap();
    let rows: Vec<String> = (0..5)
        .map(|i| {
            let sector = if i == 3 { "CRAFT" } else { "TRADE" };
            format!("72.71.01.1007,Kelompok Dagang,{sector},,,Anggota {i},72710101019{i}000{},MALE,MEMBER,,,", i + 1)
        })
        .collect();
    let file = format!("{header}\n{}\n", rows.join("\n"));
    let payload = import(&app, &admin, "GROUPS", file.as_bytes()).await;
    assert_refusals(&payload, &[(5, "sector", "INCONSISTENT_GROUP")]);

    // A header without the NIK column: refused as a whole, in Indonesian when asked.
    let without_nik = "kelurahan_code,group_name,sector,full_name,gender,role\n72.71.01.1007,K,TRADE,A,MALE,MEMBER\n";
    let body = super::multipart_body(super::IMPORT, json!({ "kind": "GROUPS", "file": null }), without_nik.as_bytes());
    let (_, answer) = super::send_multipart(&app, Some(&admin), "id", body).await;
    let payload = &answer["data"]["importFile"];
    assert_refusals(payload, &[(1, "nik", "MISSING_COLUMN")]);
    assert_eq!(payload["errors"][0]["message"], "baris judul tidak memuat kolom \"nik\"");
    assert!(payload["reportCsv"].as_str().unwrap().contains("baris judul"), "{answer:#}");
    assert_eq!(member_total(&app, &admin).await, 11);
}

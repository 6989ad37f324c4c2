//! Members: adding, correcting, removing, and the KUBE and NIK rules.

use serde_json::{Value, json};

use crate::common::*;

const UPDATE_MEMBER: &str = "mutation($input: UpdateMemberInput!) { updateMember(input: $input) {
    member { id fullName nik gender role skills phone address birthDate } userErrors { field message code } } }";

fn member_input(group: &str, nik: &str, gender: &str, role: &str) -> Value {
    json!({ "groupId": group, "fullName": "Siti Aminah", "nik": nik, "gender": gender, "role": role,
            "skills": ["FOOD_BEVERAGE", "CRAFT", "FOOD_BEVERAGE"], "phone": "0812 3456 7890", "address": "Jl. Cik Ditiro 5" })
}

async fn member_total(app: &TestApp, token: &str) -> i64 {
    app.ok(Some(token), "{ members { totalCount } }", json!({})).await["members"]["totalCount"].as_i64().unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_member_is_added_with_skills_and_personal_data() {
    let app = TestApp::new().await;
    let admin = app.admin().await;
    let group = register_group(&app, &admin, BESUSU_BARAT, "KUB Abon").await;
    let nik = nik(17, 8, 85, true, 1);
    let data =
        app.ok(Some(&admin), ADD_MEMBER, json!({ "input": member_input(&group, &nik, "FEMALE", "CHAIR") })).await;
    let member = &data["addMember"]["member"];
    assert_eq!(data["addMember"]["userErrors"], json!([]));
    assert_eq!(member["fullName"], "Siti Aminah");
    assert_eq!(member["role"], "CHAIR");
    assert_eq!(member["skills"], json!(["CRAFT", "FOOD_BEVERAGE"]));
    assert_eq!(member["group"]["id"], group);
    let query = "query($id: ID!) { node(id: $id) { ... on Member { nik phone address birthDate gender } } }";
    let data = app.ok(Some(&admin), query, json!({ "id": member["id"] })).await;
    assert_eq!(
        data["node"],
        json!({ "nik": nik, "phone": "+6281234567890", "address": "Jl. Cik Ditiro 5", "birthDate": "1985-08-17", "gender": "FEMALE" })
    );
    let data = app
        .ok(None, "query($id: ID!) { node(id: $id) { ... on BusinessGroup { memberCount } } }", json!({ "id": group }))
        .await;
    assert_eq!(data["node"]["memberCount"], 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_member_validation_has_its_code_and_writes_nothing() {
    let app = TestApp::new().await;
    let admin = app.admin().await;
    let group = register_group(&app, &admin, BESUSU_BARAT, "KUB Abon").await;
    let chair = add_member(&app, &admin, &group, "Ketua", "CHAIR", 7).await;
    let data = app
        .ok(Some(&admin), "query($id: ID!) { node(id: $id) { ... on Member { nik } } }", json!({ "id": chair }))
        .await;
    let taken = data["node"]["nik"].as_str().unwrap().to_string();
    let other_group = register_group(&app, &admin, TALISE, "KUB Lain").await;
    let cases: Vec<(Value, &str, &str)> = vec![
        (member_input(&group, "12345", "FEMALE", "MEMBER"), "nik", "INVALID_NIK"),
        (member_input(&group, "72710157088500a1", "FEMALE", "MEMBER"), "nik", "INVALID_NIK"),
        (member_input(&group, "7271017208850001", "FEMALE", "MEMBER"), "nik", "INVALID_NIK_DATE"),
        (member_input(&group, "7271016902830001", "FEMALE", "MEMBER"), "nik", "INVALID_NIK_DATE"),
        (member_input(&group, "7271011713850001", "MALE", "MEMBER"), "nik", "INVALID_NIK_DATE"),
        (member_input(&group, &nik(17, 8, 85, true, 2), "MALE", "MEMBER"), "gender", "NIK_GENDER_MISMATCH"),
        (member_input(&group, &nik(17, 8, 85, false, 2), "FEMALE", "MEMBER"), "gender", "NIK_GENDER_MISMATCH"),
        (member_input(&other_group, &taken, "MALE", "MEMBER"), "nik", "DUPLICATE_NIK"),
        (member_input(&group, &nik(2, 2, 82, true, 3), "FEMALE", "CHAIR"), "role", "ROLE_TAKEN"),
        (member_input("QnVzaW5lc3NHcm91cDo5OTk", &nik(2, 2, 82, true, 3), "FEMALE", "MEMBER"), "groupId", "NOT_FOUND"),
        (member_input("not-an-id", &nik(2, 2, 82, true, 3), "FEMALE", "MEMBER"), "groupId", "NOT_FOUND"),
        (
            {
                let mut i = member_input(&group, &nik(2, 2, 82, true, 3), "FEMALE", "MEMBER");
                i["phone"] = json!("12");
                i
            },
            "phone",
            "INVALID_PHONE",
        ),
        (
            {
                let mut i = member_input(&group, &nik(2, 2, 82, true, 3), "FEMALE", "MEMBER");
                i["fullName"] = json!(" ");
                i
            },
            "fullName",
            "REQUIRED",
        ),
    ];
    for (input, field, code) in cases {
        let data = app.ok(Some(&admin), ADD_MEMBER, json!({ "input": input })).await;
        let payload = &data["addMember"];
        assert_eq!(payload["member"], json!(null), "{input}");
        assert_eq!(user_error_codes(payload), [code], "{input}");
        assert_eq!(payload["userErrors"][0]["field"], json!(["input", field]), "{input}");
        // The message never repeats a NIK.
        assert!(!payload["userErrors"][0]["message"].as_str().unwrap().contains("727101"), "{input}");
    }
    assert_eq!(member_total(&app, &admin).await, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_group_takes_one_chair_secretary_treasurer_and_at_most_20_members() {
    let app = TestApp::new().await;
    let admin = app.admin().await;
    let group = register_group(&app, &admin, BESUSU_BARAT, "KUB Besar").await;
    for (serial, role) in [(1, "CHAIR"), (2, "SECRETARY"), (3, "TREASURER")] {
        add_member(&app, &admin, &group, "Pengurus", role, serial).await;
    }
    for role in ["CHAIR", "SECRETARY", "TREASURER"] {
        let data = app
            .ok(
                Some(&admin),
                ADD_MEMBER,
                json!({ "input": member_input(&group, &nik(3, 3, 83, true, 90), "FEMALE", role) }),
            )
            .await;
        assert_eq!(user_error_codes(&data["addMember"]), ["ROLE_TAKEN"], "{role}");
    }
    for serial in 4..=20 {
        add_member(&app, &admin, &group, "Anggota", "MEMBER", serial).await;
    }
    let data = app
        .ok(
            Some(&admin),
            ADD_MEMBER,
            json!({ "input": member_input(&group, &nik(3, 3, 83, true, 21), "FEMALE", "MEMBER") }),
        )
        .await;
    assert_eq!(user_error_codes(&data["addMember"]), ["GROUP_FULL"]);
    let data = app
        .ok(
            Some(&admin),
            "query($id: ID!) { node(id: $id) { ... on BusinessGroup { memberCount } } }",
            json!({ "id": group }),
        )
        .await;
    assert_eq!(data["node"]["memberCount"], 20);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_member_is_corrected_and_removed() {
    let app = TestApp::new().await;
    let admin = app.admin().await;
    let group = register_group(&app, &admin, BESUSU_BARAT, "KUB Abon").await;
    let chair = add_member(&app, &admin, &group, "Ketua", "CHAIR", 1).await;
    let member = add_member(&app, &admin, &group, "Anggota", "MEMBER", 3).await;

    let new_nik = nik(5, 6, 90, true, 42);
    let input = json!({ "id": member, "fullName": "Nurhayati", "nik": new_nik, "gender": "FEMALE", "skills": ["CRAFT"], "phone": null });
    let data = app.ok(Some(&admin), UPDATE_MEMBER, json!({ "input": input })).await;
    assert_eq!(data["updateMember"]["userErrors"], json!([]));
    let updated = &data["updateMember"]["member"];
    assert_eq!(updated["fullName"], "Nurhayati");
    assert_eq!(updated["nik"], new_nik);
    assert_eq!(updated["birthDate"], "1990-06-05");
    assert_eq!(updated["skills"], json!(["CRAFT"]));
    assert_eq!(updated["phone"], json!(null));
    assert_eq!(updated["address"], "Jl. Sisingamangaraja No. 1, Palu");

    // The chair keeps the office; nobody else can take it; changing gender alone must agree with the NIK.
    let data = app.ok(Some(&admin), UPDATE_MEMBER, json!({ "input": { "id": chair, "role": "CHAIR" } })).await;
    assert_eq!(data["updateMember"]["userErrors"], json!([]));
    let data = app.ok(Some(&admin), UPDATE_MEMBER, json!({ "input": { "id": member, "role": "CHAIR" } })).await;
    assert_eq!(user_error_codes(&data["updateMember"]), ["ROLE_TAKEN"]);
    let data = app.ok(Some(&admin), UPDATE_MEMBER, json!({ "input": { "id": member, "gender": "MALE" } })).await;
    assert_eq!(user_error_codes(&data["updateMember"]), ["NIK_GENDER_MISMATCH"]);
    let chair_nik = app
        .ok(Some(&admin), "query($id: ID!) { node(id: $id) { ... on Member { nik } } }", json!({ "id": chair }))
        .await;
    let data = app
        .ok(
            Some(&admin),
            UPDATE_MEMBER,
            json!({ "input": { "id": member, "nik": chair_nik["node"]["nik"], "gender": "MALE" } }),
        )
        .await;
    assert_eq!(user_error_codes(&data["updateMember"]), ["DUPLICATE_NIK"]);

    let remove =
        "mutation($input: RemoveMemberInput!) { removeMember(input: $input) { removedMemberId userErrors { code } } }";
    let data = app.ok(Some(&admin), remove, json!({ "input": { "id": member } })).await;
    assert_eq!(data["removeMember"]["removedMemberId"], member);
    let data = app.ok(Some(&admin), "query($id: ID!) { node(id: $id) { id } }", json!({ "id": member })).await;
    assert_eq!(data["node"], json!(null));
    let data = app.ok(Some(&admin), remove, json!({ "input": { "id": member } })).await;
    assert_eq!(user_error_codes(&data["removeMember"]), ["NOT_FOUND"]);
    // Their NIK is free again.
    let data =
        app.ok(Some(&admin), ADD_MEMBER, json!({ "input": member_input(&group, &new_nik, "FEMALE", "MEMBER") })).await;
    assert_eq!(data["addMember"]["userErrors"], json!([]));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn members_are_filtered_by_group_kelurahan_skill_and_name() {
    let app = TestApp::new().await;
    let admin = app.admin().await;
    let abon = register_group(&app, &admin, BESUSU_BARAT, "KUB Abon").await;
    let talise = register_group(&app, &admin, TALISE, "KUB Talise").await;
    add_member(&app, &admin, &abon, "Siti Rahma", "CHAIR", 2).await;
    add_member(&app, &admin, &abon, "Ahmad Yusuf", "MEMBER", 3).await;
    let input = json!({ "groupId": talise, "fullName": "Rahmawati", "nik": nik(9, 9, 99, true, 4), "gender": "FEMALE",
                        "role": "MEMBER", "skills": ["FISHERY"] });
    app.ok(Some(&admin), ADD_MEMBER, json!({ "input": input })).await;
    let names = async |filter: Value| -> Vec<String> {
        let data = app
            .ok(
                Some(&admin),
                "query($f: MemberFilter) { members(filter: $f) { totalCount nodes { fullName } } }",
                json!({ "f": filter }),
            )
            .await;
        let names: Vec<String> = data["members"]["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m["fullName"].as_str().unwrap().to_string())
            .collect();
        assert_eq!(data["members"]["totalCount"], names.len());
        names
    };
    assert_eq!(names(json!({ "groupId": abon })).await, ["Siti Rahma", "Ahmad Yusuf"]);
    assert_eq!(names(json!({ "kelurahanCode": TALISE })).await, ["Rahmawati"]);
    assert_eq!(names(json!({ "skill": "FISHERY" })).await, ["Rahmawati"]);
    assert_eq!(names(json!({ "search": "rahma" })).await, ["Siti Rahma", "Rahmawati"]);
    assert_eq!(names(json!({ "search": "727101" })).await, Vec::<String>::new());
    let bad = app.gql(Some(&admin), "{ members(filter: {groupId: \"nope\"}) { totalCount } }", json!({})).await;
    assert_eq!(error_codes(&bad), ["BAD_USER_INPUT"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_nik_registered_outside_an_officers_kelurahan_needs_review_and_tells_nothing() {
    let app = TestApp::new().await;
    let admin = app.admin().await;
    let barat = register_group(&app, &admin, BESUSU_BARAT, "KUB Abon").await;
    let barat_too = register_group(&app, &admin, BESUSU_BARAT, "KUB Bawang").await;
    let talise = register_group(&app, &admin, TALISE, "KUB Talise").await;
    let taken = nik(17, 8, 85, true, 1);
    let data =
        app.ok(Some(&admin), ADD_MEMBER, json!({ "input": member_input(&barat, &taken, "FEMALE", "CHAIR") })).await;
    assert_eq!(data["addMember"]["userErrors"], json!([]), "{data:#}");
    let officer_talise = app.token(umkm_graph::access::Role::Officer, "Fasilitator Talise", &[TALISE]).await;
    let officer_barat = app.token(umkm_graph::access::Role::Officer, "Fasilitator Besusu Barat", &[BESUSU_BARAT]).await;
    let before = member_total(&app, &admin).await;

    // An officer elsewhere: a neutral code, whose message names neither place nor holder.
    let input = member_input(&talise, &taken, "FEMALE", "MEMBER");
    let data = app.ok(Some(&officer_talise), ADD_MEMBER, json!({ "input": input })).await;
    assert_eq!(user_error_codes(&data["addMember"]), ["NIK_NEEDS_REVIEW"], "{data:#}");
    let error = &data["addMember"]["userErrors"][0];
    assert_eq!(error["field"], json!(["input", "nik"]));
    let message = error["message"].as_str().unwrap().to_lowercase();
    assert!(message.contains("admin"), "{message}");
    for telling in ["already", "registered for", "besusu", "kub", "72.71", "siti"] {
        assert!(!message.contains(telling), "{message:?} tells {telling:?}");
    }
    // The same when correcting a member of its own kelurahan to that NIK.
    let own = add_member(&app, &officer_talise, &talise, "Anggota Talise", "MEMBER", 3).await;
    let data = app
        .ok(Some(&officer_talise), UPDATE_MEMBER, json!({ "input": { "id": own, "nik": taken, "gender": "FEMALE" } }))
        .await;
    assert_eq!(user_error_codes(&data["updateMember"]), ["NIK_NEEDS_REVIEW"], "{data:#}");

    // The officer of the holder's kelurahan, and ADMIN anywhere, may know: DUPLICATE_NIK.
    let input = member_input(&barat_too, &taken, "FEMALE", "MEMBER");
    let data = app.ok(Some(&officer_barat), ADD_MEMBER, json!({ "input": input })).await;
    assert_eq!(user_error_codes(&data["addMember"]), ["DUPLICATE_NIK"], "{data:#}");
    let input = member_input(&talise, &taken, "FEMALE", "MEMBER");
    let data = app.ok(Some(&admin), ADD_MEMBER, json!({ "input": input })).await;
    assert_eq!(user_error_codes(&data["addMember"]), ["DUPLICATE_NIK"], "{data:#}");
    assert_eq!(member_total(&app, &admin).await, before + 1, "only the officer's own member was added");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn invisible_names_and_direction_overrides_are_refused() {
    let app = TestApp::new().await;
    let admin = app.admin().await;
    let group = register_group(&app, &admin, BESUSU_BARAT, "KUB Abon").await;
    let before = member_total(&app, &admin).await;
    let cases = [
        ("\u{200B}\u{200C}\u{200D}\u{2060}\u{FEFF}\u{00AD}", "REQUIRED"),
        ("Siti \u{202E}hamnA", "INVALID_TEXT"),
        ("Siti \u{2067}Aminah\u{2069}", "INVALID_TEXT"),
        ("Siti\u{2028}Aminah", "INVALID_TEXT"),
    ];
    for (serial, (name, code)) in (1..).zip(cases) {
        let mut input = member_input(&group, &nik(17, 8, 85, true, serial), "FEMALE", "MEMBER");
        input["fullName"] = json!(name);
        let data = app.ok(Some(&admin), ADD_MEMBER, json!({ "input": input })).await;
        assert_eq!(user_error_codes(&data["addMember"]), [code], "{name:?}: {data:#}");
        assert_eq!(data["addMember"]["userErrors"][0]["field"], json!(["input", "fullName"]));
    }
    assert_eq!(member_total(&app, &admin).await, before);
    let data = app
        .ok(
            Some(&admin),
            REGISTER_GROUP,
            json!({ "input": { "kelurahanCode": BESUSU_BARAT,
            "name": "\u{FEFF}\u{200B}", "sector": "FOOD_BEVERAGE" } }),
        )
        .await;
    assert_eq!(user_error_codes(&data["registerGroup"]), ["REQUIRED"], "{data:#}");
}

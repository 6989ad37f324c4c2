//! `umkm-graph import`: the same import from the command line.

use serde_json::json;

use crate::common::{TestApp, umkm_graph};

#[tokio::test(flavor = "multi_thread")]
async fn the_command_imports_reports_and_exits_non_zero_on_refusals() {
    let app = TestApp::new().await;
    let examples = format!("{}/examples", env!("CARGO_MANIFEST_DIR"));
    let report = std::env::temp_dir().join(format!("umkm-import-report-{}.csv", std::process::id()));
    let report_arg = report.display().to_string();
    let valid = format!("{examples}/groups-valid.csv");
    let dry = umkm_graph(&app.url, &["import", "groups", &valid, "--dry-run"]).await;
    assert!(dry.status.success(), "{dry:?}");
    assert!(String::from_utf8_lossy(&dry.stdout).contains("would create 11"), "{dry:?}");

    let mistakes = format!("{examples}/groups-mistakes.csv");
    let refused = umkm_graph(&app.url, &["import", "groups", &mistakes, "--report", &report_arg]).await;
    assert!(!refused.status.success(), "{refused:?}");
    let written = std::fs::read_to_string(&report).expect("report written");
    let _ = std::fs::remove_file(&report);
    assert!(written.starts_with("row,column,code,message\n3,role,ROLE_TAKEN,"), "{written}");
    assert!(String::from_utf8_lossy(&refused.stderr).contains("row 4, nik: INVALID_NIK"), "{refused:?}");

    let imported = umkm_graph(&app.url, &["import", "groups", &valid]).await;
    assert!(imported.status.success(), "{imported:?}");
    let admin = app.admin().await;
    let members = app.ok(Some(&admin), "{ members { totalCount } }", json!({})).await;
    assert_eq!(members["members"]["totalCount"], 11);
}

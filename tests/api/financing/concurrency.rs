//! Two moves of the same application at the same moment: exactly one is written, the other
//! is refused with CONFLICT, and the history holds the winner's move once.

use serde_json::{Value, json};
use umkm_graph::financing::applications::model::{self as applications, ApplicationStatus, HistoryEntry, MoveChanges};
use umkm_graph::ids::ApplicationId;

use super::*;

const ROUNDS: usize = 6;

/// What became of one of two concurrent moves.
#[derive(Debug, PartialEq, Eq)]
enum Outcome {
    Moved(String),
    Conflict,
    InvalidTransition,
}

fn outcome(body: &Value) -> Outcome {
    if error_codes(body) == ["CONFLICT"] {
        assert!(body["data"]["moveFinancingApplication"].is_null(), "{body:#}");
        return Outcome::Conflict;
    }
    assert!(body.get("errors").is_none(), "{body:#}");
    let payload = &body["data"]["moveFinancingApplication"];
    match user_error_codes(payload).as_slice() {
        [] => Outcome::Moved(payload["application"]["status"].as_str().unwrap().to_string()),
        [code] if code == "INVALID_TRANSITION" => Outcome::InvalidTransition,
        other => panic!("unexpected refusal {other:?}: {body:#}"),
    }
}

/// The moves in an application's history, as (from, to).
async fn moves(app: &TestApp, admin: &str, id: &str) -> Vec<(Value, Value)> {
    let node = status_of(app, admin, id).await;
    node["history"].as_array().unwrap().iter().map(|e| (e["from"].clone(), e["to"].clone())).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn of_two_concurrent_moves_exactly_one_wins_and_the_other_is_a_conflict() {
    let app = TestApp::new().await;
    let capital = Capital::new(&app).await;
    let (lender, officer, admin) = (&capital.lender_token, &capital.officer, &capital.admin);
    for round in 0..ROUNDS {
        // The same move twice, each caller stating what it saw.
        let id = capital.application_in(&app, "SUBMITTED", 30_000_000).await;
        let seen = json!({ "expectedStatus": "SUBMITTED" });
        let (first, second) = tokio::join!(
            move_application(&app, lender, &id, "UNDER_REVIEW", seen.clone()),
            move_application(&app, lender, &id, "UNDER_REVIEW", seen.clone()),
        );
        let mut outcomes = [outcome(&first), outcome(&second)];
        outcomes.sort_by_key(|o| format!("{o:?}"));
        assert_eq!(outcomes, [Outcome::Conflict, Outcome::Moved("UNDER_REVIEW".into())], "round {round}");
        let history = moves(&app, admin, &id).await;
        assert_eq!(history.len(), 2, "round {round}: {history:?}");
        assert_eq!(history[1], (json!("SUBMITTED"), json!("UNDER_REVIEW")));

        // Two different decisions from the same status: the lender approves while the officer
        // withdraws. One of them stands, whole.
        let seen = json!({ "expectedStatus": "UNDER_REVIEW" });
        let mut approve = seen.clone();
        approve["amountApproved"] = json!(30_000_000);
        let (approved, withdrawn) = tokio::join!(
            move_application(&app, lender, &id, "APPROVED", approve),
            move_application(&app, officer, &id, "WITHDRAWN", seen),
        );
        let (approved, withdrawn) = (outcome(&approved), outcome(&withdrawn));
        let winner = match (&approved, &withdrawn) {
            (Outcome::Moved(to), Outcome::Conflict) | (Outcome::Conflict, Outcome::Moved(to)) => to.clone(),
            other => panic!("round {round}: not exactly one winner: {other:?}"),
        };
        let node = status_of(&app, admin, &id).await;
        assert_eq!(node["status"], winner.as_str(), "round {round}");
        assert_eq!(node["amountApproved"], if winner == "APPROVED" { json!(30_000_000) } else { Value::Null });
        let history = moves(&app, admin, &id).await;
        assert_eq!(history.len(), 3, "round {round}: {history:?}");
        assert_eq!(history[2], (json!("UNDER_REVIEW"), json!(winner)), "round {round}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn without_an_expectation_the_loser_still_changes_nothing() {
    let app = TestApp::new().await;
    let capital = Capital::new(&app).await;
    let (lender, admin) = (&capital.lender_token, &capital.admin);
    for round in 0..ROUNDS {
        let id = capital.application_in(&app, "SUBMITTED", 30_000_000).await;
        let (first, second) = tokio::join!(
            move_application(&app, lender, &id, "UNDER_REVIEW", json!({})),
            move_application(&app, lender, &id, "UNDER_REVIEW", json!({})),
        );
        let outcomes = [outcome(&first), outcome(&second)];
        let wins = outcomes.iter().filter(|o| **o == Outcome::Moved("UNDER_REVIEW".into())).count();
        assert_eq!(wins, 1, "round {round}: {outcomes:?}");
        // The loser either lost at the write (CONFLICT) or read the winner's status first,
        // from which the same move is no longer one of the workflow.
        assert!(
            outcomes.iter().any(|o| matches!(o, Outcome::Conflict | Outcome::InvalidTransition)),
            "round {round}: {outcomes:?}"
        );
        assert_eq!(moves(&app, admin, &id).await.len(), 2, "round {round}: the move is recorded once");
    }
}

/// Sleeps without the tokio `time` feature.
async fn pause(millis: u64) {
    tokio::task::spawn_blocking(move || std::thread::sleep(std::time::Duration::from_millis(millis))).await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_move_that_lost_the_race_at_the_write_is_a_conflict() {
    let app = TestApp::new().await;
    let capital = Capital::new(&app).await;
    let id = capital.application_in(&app, "SUBMITTED", 30_000_000).await;
    let number = ApplicationId::from_global(&id).unwrap();
    let (locked, go) = tokio::sync::oneshot::channel::<()>();
    let mut conn = app.app.db.conn().await.unwrap();
    // Another writer moves the application and holds its transaction open while the request
    // reads the old status and then waits to write.
    let writer = conn.transaction(async |conn| {
        let now = umkm_graph::clock::now_utc();
        let step = (ApplicationStatus::Submitted, ApplicationStatus::UnderReview);
        let moved = applications::move_from(conn, number, step, now, &MoveChanges::default()).await?;
        assert!(moved.is_some(), "the writer moves it first");
        let before = app.statements();
        locked.send(()).unwrap();
        // The request authenticates (2 statements), reads the application and its scheme, and
        // starts its transaction, which waits for this one.
        for _ in 0..100 {
            if app.statements() >= before + 5 {
                break;
            }
            pause(20).await;
        }
        pause(200).await;
        let event = HistoryEntry {
            application_id: number,
            from_status: Some(ApplicationStatus::Submitted),
            to_status: ApplicationStatus::UnderReview,
            at: now,
            actor: "Analis lain".into(),
            note: None,
        };
        applications::insert_event(conn, &event).await?;
        Ok::<_, diesel::result::Error>(())
    });
    let request = async {
        go.await.unwrap();
        move_application(&app, &capital.lender_token, &id, "UNDER_REVIEW", json!({})).await
    };
    let (written, body) = tokio::join!(writer, request);
    written.expect("the other writer commits");
    assert_eq!(outcome(&body), Outcome::Conflict, "{body:#}");
    let history = moves(&app, &capital.admin, &id).await;
    assert_eq!(history, [(Value::Null, json!("SUBMITTED")), (json!("SUBMITTED"), json!("UNDER_REVIEW"))]);
    let actor = &status_of(&app, &capital.admin, &id).await["history"][1]["actor"];
    assert_eq!(actor, "Analis lain", "only the other writer's move was kept");
}

//! Demo capital data, labelled like the rest of the demo ("[DEMO]"): lenders of different
//! kinds with schemes shaped like the KUR (Super Mikro up to Rp10 million, Mikro Rp10–100
//! million, Kecil Rp100–500 million), applications of demo groups in every status with their
//! history, and a few mentoring sessions.

use chrono::{Duration, NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use diesel_async::RunQueryDsl;

use super::LABEL;
use crate::access::Party;
use crate::clock;
use crate::db::DbConn;
use crate::db::schema::{business_groups, lenders as lenders_table, members};
use crate::db_run;
use crate::error::AppResult;
use crate::financing::applications::model::{
    self as applications, ApplicationFields, ApplicationStatus, HistoryEntry, MoveChanges, NewApplication,
};
use crate::financing::lenders::model::{
    self as lenders, LenderFields, LenderKind, NewLender, NewScheme, Scheme, SchemeFields,
};
use crate::ids::{GroupId, LenderId, MemberId};
use crate::members::model::GroupRole;
use crate::mentoring::model::{
    self as mentoring, MentoringProviderKind, MentoringSessionFields, MentoringTopic, NewMentoringSession,
};

const MILLION: i64 = 1_000_000;

/// A demo scheme: name, range, yearly rate in hundredths of a percent, longest term, whether
/// groups may apply.
struct DemoScheme(&'static str, i64, i64, i32, i32, bool);

/// The KUR schemes, as every KUR bank offers them (6% a year from 2026).
const KUR: [DemoScheme; 3] = [
    DemoScheme("KUR Super Mikro", MILLION, 10 * MILLION, 600, 60, false),
    DemoScheme("KUR Mikro", 10 * MILLION + 1, 100 * MILLION, 600, 60, true),
    DemoScheme("KUR Kecil", 100 * MILLION + 1, 500 * MILLION, 600, 120, true),
];

struct DemoLender {
    name: &'static str,
    kind: LenderKind,
    license: Option<&'static str>,
    phone: &'static str,
    schemes: &'static [DemoScheme],
}

const LENDERS: [DemoLender; 5] = [
    DemoLender {
        name: "Bank Sulteng Cabang Palu",
        kind: LenderKind::Bank,
        license: Some("DEMO-OJK-BANK-0001"),
        phone: "0451-421001",
        schemes: &KUR,
    },
    DemoLender {
        name: "BPR Nusa Palu",
        kind: LenderKind::RuralBank,
        license: Some("DEMO-OJK-BPR-0002"),
        phone: "0451-421002",
        schemes: &[
            DemoScheme("KUR Super Mikro", MILLION, 10 * MILLION, 600, 60, false),
            DemoScheme("KUR Mikro", 10 * MILLION + 1, 100 * MILLION, 600, 60, true),
            DemoScheme("Kredit Modal Kerja UMKM", 5 * MILLION, 200 * MILLION, 1200, 36, true),
        ],
    },
    DemoLender {
        name: "Koperasi Simpan Pinjam Sintuvu",
        kind: LenderKind::Cooperative,
        license: None,
        phone: "0451-421003",
        schemes: &[DemoScheme("Pinjaman Kelompok Tanggung Renteng", MILLION, 25 * MILLION, 900, 24, true)],
    },
    DemoLender {
        name: "Pegadaian Cabang Palu",
        kind: LenderKind::Pawnshop,
        license: Some("DEMO-OJK-GADAI-0004"),
        phone: "0451-421004",
        schemes: &[DemoScheme("Pembiayaan Usaha Mikro", MILLION, 50 * MILLION, 1150, 36, false)],
    },
    DemoLender {
        name: "Dana Bergulir LPDB",
        kind: LenderKind::Government,
        license: None,
        phone: "021-5250001",
        schemes: &[DemoScheme("Dana Bergulir Kelompok", 20 * MILLION, 500 * MILLION, 300, 60, true)],
    },
];

/// A demo application: (lender index, scheme name, amount in millions, the moves it made).
/// The first status is where it started (DRAFT or SUBMITTED); a member of the group applies
/// when `by_member` is set.
struct DemoApplication {
    lender: usize,
    scheme: &'static str,
    millions: i64,
    by_member: bool,
    path: &'static [ApplicationStatus],
}

const APPLICATIONS: [DemoApplication; 10] = {
    use ApplicationStatus::*;
    [
        DemoApplication { lender: 0, scheme: "KUR Mikro", millions: 25, by_member: false, path: &[Submitted] },
        DemoApplication {
            lender: 0,
            scheme: "KUR Mikro",
            millions: 50,
            by_member: false,
            path: &[Submitted, UnderReview],
        },
        DemoApplication {
            lender: 0,
            scheme: "KUR Kecil",
            millions: 150,
            by_member: false,
            path: &[Submitted, UnderReview, Approved],
        },
        DemoApplication {
            lender: 1,
            scheme: "KUR Mikro",
            millions: 30,
            by_member: false,
            path: &[Submitted, UnderReview, Approved, Disbursed],
        },
        DemoApplication {
            lender: 1,
            scheme: "Kredit Modal Kerja UMKM",
            millions: 80,
            by_member: false,
            path: &[Submitted, UnderReview, Rejected],
        },
        DemoApplication {
            lender: 2,
            scheme: "Pinjaman Kelompok Tanggung Renteng",
            millions: 15,
            by_member: false,
            path: &[Submitted, UnderReview, Approved, Disbursed, Repaid],
        },
        DemoApplication { lender: 0, scheme: "KUR Mikro", millions: 40, by_member: false, path: &[Draft] },
        DemoApplication { lender: 0, scheme: "KUR Super Mikro", millions: 8, by_member: true, path: &[Submitted] },
        DemoApplication {
            lender: 3,
            scheme: "Pembiayaan Usaha Mikro",
            millions: 10,
            by_member: true,
            path: &[Submitted, Withdrawn],
        },
        DemoApplication {
            lender: 4,
            scheme: "Dana Bergulir Kelompok",
            millions: 100,
            by_member: false,
            path: &[Submitted, UnderReview, Approved, Disbursed, Defaulted],
        },
    ]
};

/// Who made a demo move: the kelurahan's facilitator for the applicant's moves (and the
/// creation), the lender's credit analyst for the lender's.
fn actor(from: Option<ApplicationStatus>, to: ApplicationStatus, lender: &str) -> String {
    match from.and_then(|from| from.move_to(to)) {
        Some(Party::Lender) => format!("{LABEL} Analis Kredit {lender}"),
        _ => format!("{LABEL} Fasilitator Kelurahan"),
    }
}

/// Fills the capital demo when the registry has no lender yet; applications go to demo
/// groups only. Returns the number of lenders added.
pub async fn fill_if_empty(conn: &mut DbConn) -> AppResult<usize> {
    let existing: i64 = db_run!(conn: { lenders_table::table.count().get_result(conn).await })?;
    if existing > 0 {
        return Ok(0);
    }
    let pattern = format!("{LABEL}%");
    let all: Vec<GroupId> = db_run!(conn: {
        business_groups::table
            .filter(business_groups::name.like(&pattern))
            .select(business_groups::id)
            .order(business_groups::id)
            .load(conn)
            .await
    })?;
    // Every fifth demo group, so that the applications spread over the city.
    let groups: Vec<GroupId> = all.into_iter().step_by(5).collect();
    let now = clock::now_utc();
    let start = NaiveDate::from_ymd_opt(2026, 1, 5).and_then(|d| d.and_hms_opt(1, 30, 0)).unwrap_or(now);
    conn.transaction(async |conn| {
        let (lender_ids, schemes) = add_lenders(conn, now).await?;
        for (index, (demo, group)) in APPLICATIONS.iter().zip(&groups).enumerate() {
            let Some(scheme) = schemes[demo.lender].iter().find(|s| s.fields.name == demo.scheme) else { continue };
            let applied_at = start + Duration::days(17 * index as i64);
            add_application(conn, demo, scheme, *group, applied_at).await?;
        }
        add_sessions(conn, &groups, &lender_ids, start, now).await?;
        Ok(LENDERS.len())
    })
    .await
}

/// Every demo lender with its schemes; returns their ids and schemes in [`LENDERS`] order.
async fn add_lenders(conn: &mut DbConn, now: NaiveDateTime) -> AppResult<(Vec<LenderId>, Vec<Vec<Scheme>>)> {
    let mut lender_ids = Vec::new();
    let mut schemes: Vec<Vec<Scheme>> = Vec::new();
    for lender in &LENDERS {
        let row = lenders::insert_lender(
            conn,
            &NewLender {
                fields: LenderFields {
                    name: format!("{LABEL} {}", lender.name),
                    kind: lender.kind,
                    ojk_license_number: lender.license.map(str::to_string),
                    contact_phone: crate::validate::normalize_phone(lender.phone).ok(),
                    contact_email: None,
                    address: Some(format!("{LABEL} Jl. Contoh, Palu")),
                },
                created_at: now,
                updated_at: now,
            },
        )
        .await?;
        lender_ids.push(row.id);
        let mut own = Vec::new();
        for DemoScheme(name, min, max, rate, tenor, groups) in lender.schemes {
            let scheme = NewScheme {
                fields: SchemeFields {
                    lender_id: row.id,
                    name: name.to_string(),
                    min_amount: *min,
                    max_amount: *max,
                    annual_rate_bp: *rate,
                    max_tenor_months: *tenor,
                    accepts_groups: *groups,
                    active: true,
                },
                created_at: now,
                updated_at: now,
            };
            own.push(lenders::insert_scheme(conn, &scheme).await?);
        }
        schemes.push(own);
    }
    Ok((lender_ids, schemes))
}

/// One demo application of `group` (by its chair, or by a member), created at `at` and moved
/// along its path four days a move, each move in its history.
async fn add_application(
    conn: &mut DbConn,
    demo: &DemoApplication,
    scheme: &Scheme,
    group: GroupId,
    mut at: NaiveDateTime,
) -> AppResult<()> {
    let role = if demo.by_member { GroupRole::Member } else { GroupRole::Chair };
    let person: Option<MemberId> = db_run!(conn: {
        members::table
            .filter(members::group_id.eq(group))
            .filter(members::role.eq(role))
            .select(members::id)
            .order(members::id)
            .first(conn)
            .await
            .optional()
    })?;
    let Some(person) = person else { return Ok(()) };
    let first = demo.path[0];
    let submitted_at = (first == ApplicationStatus::Submitted).then_some(at);
    let application = applications::insert(
        conn,
        &NewApplication {
            fields: ApplicationFields {
                scheme_id: scheme.id,
                lender_id: scheme.fields.lender_id,
                group_id: (!demo.by_member).then_some(group),
                member_id: demo.by_member.then_some(person),
                applicant_group_id: group,
                applied_by_member_id: (!demo.by_member).then_some(person),
                amount_requested: demo.millions * MILLION,
                tenor_months: Some(scheme.fields.max_tenor_months.min(36)),
                purpose: format!("{LABEL} Modal kerja dan peralatan produksi"),
                status: first,
                submitted_at,
            },
            submitted_month: submitted_at.map(clock::month_in_palu),
            created_at: at,
            updated_at: at,
        },
    )
    .await?;
    let lender_name = LENDERS[demo.lender].name;
    let event = HistoryEntry {
        application_id: application.id,
        from_status: None,
        to_status: first,
        at,
        actor: actor(None, first, lender_name),
        note: None,
    };
    applications::insert_event(conn, &event).await?;
    for pair in demo.path.windows(2) {
        let (from, to) = (pair[0], pair[1]);
        at += Duration::days(4);
        let approved = (to == ApplicationStatus::Approved).then_some(demo.millions * MILLION * 4 / 5);
        let changes =
            MoveChanges { amount_approved: approved.map(|a| a.max(scheme.fields.min_amount)), ..Default::default() };
        applications::move_from(conn, application.id, (from, to), at, &changes).await?;
        let note = (to == ApplicationStatus::Rejected)
            .then(|| format!("{LABEL} Arus kas belum mencukupi; disarankan pendampingan administrasi keuangan"));
        let event = HistoryEntry {
            application_id: application.id,
            from_status: Some(from),
            to_status: to,
            at,
            actor: actor(Some(from), to, lender_name),
            note,
        };
        applications::insert_event(conn, &event).await?;
    }
    Ok(())
}

/// A few mentoring sessions by the Dinas, two lenders and a university, nine days apart.
async fn add_sessions(
    conn: &mut DbConn,
    groups: &[GroupId],
    lender_ids: &[LenderId],
    start: NaiveDateTime,
    now: NaiveDateTime,
) -> AppResult<()> {
    let sessions = [
        (0, MentoringProviderKind::Dinas, None, MentoringTopic::FinancialAdministration),
        (2, MentoringProviderKind::Lender, Some(0), MentoringTopic::FinancialAdministration),
        (3, MentoringProviderKind::Lender, Some(1), MentoringTopic::Marketing),
        (3, MentoringProviderKind::Partner, None, MentoringTopic::Digital),
        (10, MentoringProviderKind::Dinas, None, MentoringTopic::Licensing),
    ];
    for (index, (group, kind, lender, topic)) in sessions.into_iter().enumerate() {
        let Some(group) = groups.get(group) else { continue };
        let lender_row = lender.map(|l: usize| lender_ids[l]);
        let provider = match (kind, lender) {
            (MentoringProviderKind::Lender, Some(l)) => format!("{LABEL} {}", LENDERS[l].name),
            (MentoringProviderKind::Partner, _) => format!("{LABEL} Universitas Tadulako"),
            _ => format!("{LABEL} Dinas Koperasi dan UMKM Kota Palu"),
        };
        let held_on = (start + Duration::days(9 * index as i64)).date();
        let session = NewMentoringSession {
            fields: MentoringSessionFields {
                group_id: *group,
                provider,
                provider_kind: kind,
                lender_id: lender_row,
                topic,
                held_on,
                notes: Some(format!("{LABEL} Pendampingan kelompok")),
            },
            recorded_by: format!("{LABEL} Dinas"),
            created_at: now,
        };
        mentoring::insert(conn, &session).await?;
    }
    Ok(())
}

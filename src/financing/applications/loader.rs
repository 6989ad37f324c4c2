//! Batched loads of applications (always inside the caller's scope), their history, and
//! whether a member applied to a lender.

use std::collections::{HashMap, HashSet};

use super::model::{self, Application, Event};
use crate::access::ApplicationScope;
use crate::db::page::PageRequest;
use crate::graphql::loader::{by_shared_part, err};
use crate::ids::{ApplicationId, GroupId, LenderId, MemberId};

/// One application, if the scope may see it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct VisibleApplication {
    pub id: ApplicationId,
    pub scope: ApplicationScope,
}

/// A page of one group's own applications, inside a scope.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ApplicationsOfGroup {
    pub group: GroupId,
    pub scope: ApplicationScope,
    pub page: PageRequest,
}

/// How many applications one group has made, inside a scope.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ApplicationCountOfGroup {
    pub group: GroupId,
    pub scope: ApplicationScope,
}

crate::id_keys! {
    /// The history of one application.
    HistoryOf(ApplicationId);
}

/// Whether a member applied to a lender (on their own, or as the ketua of a group), in an
/// application sent to it: what entitles the lender to the member's personal data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ApplicantOfLender {
    pub lender: LenderId,
    pub member: MemberId,
}

crate::load_batch!(VisibleApplication => Application, |conn, keys| {
    let mut found = HashMap::new();
    for (scope, ids) in by_shared_part(keys, |k| (k.scope.clone(), k.id)) {
        for row in model::visible_by_ids(&mut conn, &scope, &ids).await.map_err(err)? {
            found.insert(VisibleApplication { id: row.id, scope: scope.clone() }, row);
        }
    }
    Ok(found)
});

crate::load_pages!(
    ApplicationsOfGroup { group, scope } => Application,
    model::pages_per_group,
    |row: &Application| row.fields.group_id
);

crate::load_counts!(ApplicationCountOfGroup { group, scope }, model::counts_per_group);

crate::load_children!(HistoryOf(ApplicationId) => Event, model::events_of, entry.application_id);

crate::load_batch!(ApplicantOfLender => bool, |conn, keys| {
    let mut answers = HashMap::new();
    for (lender, members) in by_shared_part(keys, |k| (k.lender, k.member)) {
        let applicants: HashSet<MemberId> =
            model::applicants_of_lender(&mut conn, lender, &members).await.map_err(err)?.into_iter().collect();
        for member in members {
            answers.insert(ApplicantOfLender { lender, member }, applicants.contains(&member));
        }
    }
    Ok(answers)
});

//! Batched loads of applications (always inside the caller's scope), their history, and
//! whether a member applied to a lender.

use std::collections::{HashMap, HashSet};

use async_graphql::dataloader::Loader;

use super::model::{self, Application, Event};
use crate::access::ApplicationScope;
use crate::db::page::{Page, PageRequest};
use crate::error::AppError;
use crate::graphql::loader::{DbLoader, by_shared_part, pages_of_parents};
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

/// The history of one application.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct HistoryOf(pub ApplicationId);

/// Whether a member applied to a lender (on their own, or as the ketua of a group), in an
/// application sent to it: what entitles the lender to the member's personal data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ApplicantOfLender {
    pub lender: LenderId,
    pub member: MemberId,
}

impl Loader<VisibleApplication> for DbLoader {
    type Value = Application;
    type Error = async_graphql::Error;

    async fn load(&self, keys: &[VisibleApplication]) -> Result<HashMap<VisibleApplication, Application>, Self::Error> {
        let mut conn = self.conn().await?;
        let mut found = HashMap::new();
        for (scope, ids) in by_shared_part(keys, |k| (k.scope.clone(), k.id)) {
            for row in model::visible_by_ids(&mut conn, &scope, &ids).await.map_err(AppError::from)? {
                found.insert(VisibleApplication { id: row.id, scope: scope.clone() }, row);
            }
        }
        Ok(found)
    }
}

impl Loader<ApplicationsOfGroup> for DbLoader {
    type Value = Page<Application>;
    type Error = async_graphql::Error;

    async fn load(
        &self,
        keys: &[ApplicationsOfGroup],
    ) -> Result<HashMap<ApplicationsOfGroup, Page<Application>>, Self::Error> {
        let mut conn = self.conn().await?;
        let mut pages = HashMap::new();
        for ((scope, page), groups) in by_shared_part(keys, |k| ((k.scope.clone(), k.page), k.group)) {
            let rows = model::pages_per_group(&mut conn, &groups, &scope, &page).await.map_err(AppError::from)?;
            for (group, rows) in pages_of_parents(&groups, rows, |row| row.group_id, &page) {
                pages.insert(ApplicationsOfGroup { group, scope: scope.clone(), page }, rows);
            }
        }
        Ok(pages)
    }
}

impl Loader<ApplicationCountOfGroup> for DbLoader {
    type Value = i64;
    type Error = async_graphql::Error;

    async fn load(
        &self,
        keys: &[ApplicationCountOfGroup],
    ) -> Result<HashMap<ApplicationCountOfGroup, i64>, Self::Error> {
        let mut conn = self.conn().await?;
        let mut counts = HashMap::new();
        for (scope, groups) in by_shared_part(keys, |k| (k.scope.clone(), k.group)) {
            let found: HashMap<GroupId, i64> = model::counts_per_group(&mut conn, &groups, &scope)
                .await
                .map_err(AppError::from)?
                .into_iter()
                .collect();
            for group in groups {
                let count = found.get(&group).copied().unwrap_or(0);
                counts.insert(ApplicationCountOfGroup { group, scope: scope.clone() }, count);
            }
        }
        Ok(counts)
    }
}

crate::load_children!(HistoryOf(ApplicationId) => Event, model::events_of, application_id);

impl Loader<ApplicantOfLender> for DbLoader {
    type Value = bool;
    type Error = async_graphql::Error;

    async fn load(&self, keys: &[ApplicantOfLender]) -> Result<HashMap<ApplicantOfLender, bool>, Self::Error> {
        let mut conn = self.conn().await?;
        let mut answers = HashMap::new();
        for (lender, members) in by_shared_part(keys, |k| (k.lender, k.member)) {
            let applicants: HashSet<MemberId> = model::applicants_of_lender(&mut conn, lender, &members)
                .await
                .map_err(AppError::from)?
                .into_iter()
                .collect();
            for member in members {
                answers.insert(ApplicantOfLender { lender, member }, applicants.contains(&member));
            }
        }
        Ok(answers)
    }
}

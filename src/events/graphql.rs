//! GraphQL types and queries of events. Events and their figures are public; who registered
//! and attended (member names) is for ADMIN and the OFFICER of the member's kelurahan.

use async_graphql::{Context, ID, InputObject, Object, SimpleObject};
use umkm_graph_macros::paging;

use super::loader::{AttendanceOf, AttendedDaysOf, ParticipationOf, RegisteredCount, RegistrationsOf};
use super::model::{self, Event, EventCriteria, EventKind, Registration};
use super::order::EventOrder;
use crate::geography::model::Kelurahan;
use crate::graphql::context::{ContextExt, load_existing};
use crate::graphql::filter::NameAndDates;
use crate::graphql::relay::count_to_int;
use crate::graphql::relay::{ListConnection, PageArgs, list_connection, ordered_page_request};
use crate::graphql::scalars::Date;
use crate::ids::KelurahanId;
use crate::members::model::Member;

/// Members present on one day of an event.
#[derive(SimpleObject)]
pub struct EventDay {
    /// The day of the event.
    pub day: Date,
    /// Registered members recorded present that day.
    pub attended_count: i32,
}

/// How one kelurahan took part in an event.
#[derive(SimpleObject)]
#[graphql(complex)]
pub struct KelurahanParticipation {
    #[graphql(skip)]
    pub kelurahan_id: KelurahanId,
    /// Members of the kelurahan's groups who registered.
    pub registered_count: i32,
    /// Of them, those present on at least one day.
    pub attended_count: i32,
}

#[async_graphql::ComplexObject]
impl KelurahanParticipation {
    /// The kelurahan whose groups' members these figures count.
    async fn kelurahan(&self, ctx: &Context<'_>) -> async_graphql::Result<Kelurahan> {
        load_existing(ctx, self.kelurahan_id).await
    }
}

/// An event of the Dinas: a socialisation, a training, business matching, an exhibition.
#[Object]
impl Event {
    /// Opaque global id; `node(id:)` fetches the event with it.
    pub async fn id(&self) -> ID {
        self.id.to_global()
    }

    /// The event's title (at most 200 characters).
    async fn title(&self) -> &str {
        &self.fields.title
    }

    /// What sort of event it is.
    async fn kind(&self) -> EventKind {
        self.fields.kind
    }

    /// Where it takes place, e.g. "Aula Kantor Walikota Palu" (at most 200 characters).
    async fn venue(&self) -> &str {
        &self.fields.venue
    }

    /// Its first day.
    async fn starts_on(&self) -> Date {
        Date(self.fields.starts_on)
    }

    /// Its last day (the same as `startsOn` for a one-day event).
    async fn ends_on(&self) -> Date {
        Date(self.fields.ends_on)
    }

    /// Seats: how many members may register (at least 1).
    async fn capacity(&self) -> i32 {
        self.fields.capacity
    }

    /// What the event is about (at most 4000 characters); null when none was given.
    async fn description(&self) -> Option<&str> {
        self.fields.description.as_deref()
    }

    /// Members registered.
    async fn registered_count(&self, ctx: &Context<'_>) -> async_graphql::Result<i32> {
        Ok(count_to_int(ctx.loader().load_one(RegisteredCount(self.id)).await?.unwrap_or(0)))
    }

    /// Seats still free.
    async fn seats_left(&self, ctx: &Context<'_>) -> async_graphql::Result<i32> {
        let registered = ctx.loader().load_one(RegisteredCount(self.id)).await?.unwrap_or(0);
        Ok((self.fields.capacity - count_to_int(registered)).max(0))
    }

    /// Members present, per day that attendance was recorded.
    #[graphql(complexity = "crate::graphql::cost::list(crate::graphql::cost::LIST_BOUND, child_complexity)")]
    async fn attendance(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<EventDay>> {
        let days = ctx.loader().load_one(AttendanceOf(self.id)).await?.unwrap_or_default();
        Ok(crate::graphql::cost::bounded(days, crate::graphql::cost::LIST_BOUND)
            .into_iter()
            .map(|(day, n)| EventDay { day: Date(day), attended_count: count_to_int(n) })
            .collect())
    }

    /// Registered and attending members per kelurahan.
    #[graphql(complexity = "crate::graphql::cost::list(crate::graphql::cost::KELURAHANS, child_complexity)")]
    async fn participation(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<KelurahanParticipation>> {
        let rows = ctx.loader().load_one(ParticipationOf(self.id)).await?.unwrap_or_default();
        Ok(rows
            .into_iter()
            .map(|(kelurahan_id, registered, attended)| KelurahanParticipation {
                kelurahan_id,
                registered_count: count_to_int(registered),
                attended_count: count_to_int(attended),
            })
            .collect())
    }

    /// Who registered, in order of registration: all for ADMIN, members of its kelurahan for
    /// an OFFICER; null with an error for others (the list carries member names).
    #[graphql(
        complexity = "crate::graphql::cost::list(crate::graphql::cost::EVENT_REGISTRATIONS_BOUND, child_complexity)"
    )]
    async fn registrations(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Vec<Registration>>> {
        let Some(kelurahans) = ctx.allowed(ctx.viewer().participant_scope()) else { return Ok(None) };
        let registrations = ctx.loader().load_one(RegistrationsOf { event: self.id, kelurahans }).await?;
        Ok(Some(crate::graphql::cost::bounded(
            registrations.unwrap_or_default(),
            crate::graphql::cost::EVENT_REGISTRATIONS_BOUND,
        )))
    }
}

/// A member registered for an event.
#[Object(name = "EventRegistration")]
impl Registration {
    /// The member who registered.
    async fn member(&self, ctx: &Context<'_>) -> async_graphql::Result<Member> {
        load_existing(ctx, self.member_id).await
    }

    /// The days the member was present.
    #[graphql(complexity = "crate::graphql::cost::list(crate::graphql::cost::LIST_BOUND, child_complexity)")]
    async fn attended_days(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Date>> {
        let key = AttendedDaysOf { event: self.event_id, member: self.member_id };
        let days = ctx.loader().load_one(key).await?.unwrap_or_default();
        Ok(crate::graphql::cost::bounded(days, crate::graphql::cost::LIST_BOUND).into_iter().map(Date).collect())
    }
}

/// Which events to list. Every condition given must hold.
#[derive(InputObject, Default)]
pub struct EventFilter {
    /// Part of the title, case-insensitive; at most 100 characters (longer: BAD_USER_INPUT).
    pub search: Option<String>,
    /// Only events starting on this day or later.
    pub from: Option<Date>,
    /// Only events starting on this day or earlier.
    pub to: Option<Date>,
}

#[derive(Default)]
pub struct EventQuery;

#[paging]
#[Object]
impl EventQuery {
    /// Events, in order of creation; `upcoming: true` keeps those not over yet.
    // Each parameter is an argument of the GraphQL field, which clients already send.
    #[allow(clippy::too_many_arguments)]
    async fn events(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "true: only events not over yet (ending today or later, in Palu); false or \
                          omitted: every event.")]
        upcoming: Option<bool>,
        filter: Option<EventFilter>,
        order_by: Option<EventOrder>,
        page: PageArgs,
    ) -> async_graphql::Result<ListConnection<Event>> {
        let page = ordered_page_request(ctx, order_by, page)?;
        let filter = filter.unwrap_or_default();
        let criteria = EventCriteria {
            upcoming_from: upcoming.unwrap_or(false).then(crate::clock::today),
            title_and_start: NameAndDates::new(filter.search, filter.from, filter.to)?,
        };
        list_connection(ctx, &page, &criteria, model::page, model::count, |e| e.id.0).await
    }
}

//! Creating events, registering members (within capacity, once each) and recording
//! attendance per day.

use async_graphql::{Context, ID, InputObject, Object};

use super::model::{self, Event, EventFields, EventKind, NewEvent};
use crate::access::Viewer;
use crate::clock;
use crate::db::DbConn;
use crate::graphql::context::ContextExt;
use crate::graphql::payload::{guarded_payload, payload};
use crate::graphql::scalars::Date;
use crate::graphql::user_error::{MutationError, Problem, Thing, UserError, UserErrors};
use crate::ids::EventId;
use crate::members::model::Member;
use crate::validate;

const MAX_TITLE: usize = 200;
const MAX_DESCRIPTION: usize = 4000;

/// A new event.
#[derive(InputObject)]
pub struct CreateEventInput {
    /// The event's title; required, at most 200 characters.
    pub title: String,
    /// What sort of event it is.
    pub kind: EventKind,
    /// Where it takes place; required, at most 200 characters.
    pub venue: String,
    /// Its first day.
    pub starts_on: Date,
    /// Not before `startsOn`.
    pub ends_on: Date,
    /// At least 1.
    pub capacity: i32,
    /// What the event is about; optional, at most 4000 characters.
    pub description: Option<String>,
}

crate::mutation_payload! {
    /// The created event, or why it was not created.
    CreateEventPayload {
        /// The event as created; null when `userErrors` is not empty.
        event: Event,
        /// Why the input was refused, one entry per problem; empty on success.
        user_errors,
    }
}

/// A member to register for an event.
#[derive(InputObject)]
pub struct RegisterForEventInput {
    /// Global id of the event (NOT_FOUND when there is none; EVENT_OVER once it has ended).
    pub event_id: ID,
    /// Global id of the member to register (NOT_FOUND when there is none).
    pub member_id: ID,
}

crate::mutation_payload! {
    /// The event with the registration counted, or why the member was not registered.
    RegisterForEventPayload {
        /// The event, its counts including the new registration; null when `userErrors` is not
        /// empty.
        event: Event,
        /// Why the member was not registered, one entry per problem; empty on success.
        user_errors,
    }
}

/// A registered member present on one day of an event.
#[derive(InputObject)]
pub struct RecordEventAttendanceInput {
    /// Global id of the event (NOT_FOUND when there is none).
    pub event_id: ID,
    /// Global id of a member registered for it (NOT_REGISTERED otherwise).
    pub member_id: ID,
    /// A day of the event, not in the future.
    pub day: Date,
}

crate::mutation_payload! {
    /// The event with the attendance counted, or why it was not recorded.
    RecordEventAttendancePayload {
        /// The event, its attendance including this day; null when `userErrors` is not empty.
        event: Event,
        /// Why the attendance was not recorded, one entry per problem; empty on success.
        user_errors,
    }
}

async fn event_for_input(conn: &mut DbConn, id: &ID) -> Result<Event, MutationError> {
    let not_found = || UserError::not_found("eventId", Thing::Event, id.as_str());
    let id = EventId::from_global(id).ok_or_else(not_found)?;
    Ok(model::by_ids(conn, &[id]).await?.pop().ok_or_else(not_found)?)
}

/// The member an input names, after checking the caller may act for its kelurahan.
async fn member_for_input(conn: &mut DbConn, viewer: &Viewer, id: &ID) -> Result<Member, MutationError> {
    let (member, group) = crate::members::model::member_for_input(conn, "memberId", id).await?;
    viewer.require_registry_write(group.fields.kelurahan_id)?;
    Ok(member)
}

#[derive(Default)]
pub struct EventMutation;

#[Object]
impl EventMutation {
    /// Creates an event. ADMIN (the Dinas) only.
    async fn create_event(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The event to create.")] input: CreateEventInput,
    ) -> async_graphql::Result<CreateEventPayload> {
        ctx.viewer().require_admin(crate::access::Action::CreateEvents)?;
        payload(async {
            let mut errors = UserErrors::default();
            let title = errors.check("title", validate::required_text(&input.title, MAX_TITLE));
            let venue = errors.check("venue", validate::required_text(&input.venue, MAX_TITLE));
            let description = errors
                .check("description", validate::optional_text(input.description.as_deref(), MAX_DESCRIPTION))
                .flatten();
            if input.ends_on.0 < input.starts_on.0 {
                errors.push(UserError::at("endsOn", Problem::EventEndsBeforeStart));
            }
            if input.capacity < 1 {
                errors.push(UserError::at("capacity", Problem::NoSeats));
            }
            errors.into_result()?;
            let now = clock::now_utc();
            let event = NewEvent {
                fields: EventFields {
                    title: title.unwrap_or_default(),
                    kind: input.kind,
                    venue: venue.unwrap_or_default(),
                    starts_on: input.starts_on.0,
                    ends_on: input.ends_on.0,
                    capacity: input.capacity,
                    description,
                },
                created_at: now,
                updated_at: now,
            };
            Ok(model::insert(&mut ctx.conn().await?, &event).await?)
        })
        .await
    }

    /// Registers a member for an event that is not over. ADMIN anywhere; OFFICER for members
    /// of its kelurahan.
    async fn register_for_event(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The event and the member to register for it.")] input: RegisterForEventInput,
    ) -> async_graphql::Result<RegisterForEventPayload> {
        guarded_payload(ctx, Viewer::require_any_registry_write, async |conn, viewer| {
            let event = event_for_input(conn, &input.event_id).await?;
            let member = member_for_input(conn, viewer, &input.member_id).await?;
            if event.fields.ends_on < clock::today() {
                return Err(UserError::at("eventId", Problem::EventOver).into());
            }
            let now = clock::now_utc();
            conn.transaction(async |conn| {
                model::lock(conn, event.id, now).await?;
                if model::is_registered(conn, event.id, member.id).await? {
                    return Err(UserError::at("memberId", Problem::AlreadyRegistered).into());
                }
                let registered = model::registered_counts(conn, &[event.id]).await?.first().map_or(0, |(_, n)| *n);
                if registered >= i64::from(event.fields.capacity) {
                    return Err(UserError::at("eventId", Problem::EventFull { capacity: event.fields.capacity }).into());
                }
                model::register(conn, event.id, member.id, now).await?;
                Ok(event)
            })
            .await
        })
        .await
    }

    /// Records a registered member present on a day of the event. ADMIN anywhere; OFFICER
    /// for members of its kelurahan.
    async fn record_event_attendance(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The event, the registered member and the day they were present.")]
        input: RecordEventAttendanceInput,
    ) -> async_graphql::Result<RecordEventAttendancePayload> {
        guarded_payload(ctx, Viewer::require_any_registry_write, async |conn, viewer| {
            let event = event_for_input(conn, &input.event_id).await?;
            let member = member_for_input(conn, viewer, &input.member_id).await?;
            let day = input.day.0;
            if day < event.fields.starts_on || day > event.fields.ends_on {
                return Err(UserError::at("day", Problem::DayOutsideEvent).into());
            }
            if day > clock::today() {
                return Err(UserError::at("day", Problem::AttendanceInFuture).into());
            }
            if !model::is_registered(conn, event.id, member.id).await? {
                return Err(UserError::at("memberId", Problem::NotRegistered).into());
            }
            if !model::record_attendance(conn, event.id, member.id, day).await? {
                return Err(UserError::at("day", Problem::AlreadyRecorded).into());
            }
            Ok(event)
        })
        .await
    }
}

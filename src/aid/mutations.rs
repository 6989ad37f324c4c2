//! Creating aid programmes, allocating their items under the sector guard and the budget,
//! delivering with a mentor, and recording monitoring visits.

use async_graphql::{Context, ID, Object};

use super::model::{
    self, AidProgram, Allocation, AllocationFields, AllocationItem, AllocationStatus, MonitoringVisit, NewAllocation,
    NewProgram, ProgramChanges, ProgramFields,
};
use crate::access::{Role, Viewer};
use crate::clock;
use crate::db::DbConn;
use crate::error::AppError;
use crate::graphql::context::ContextExt;
use crate::graphql::language::Text;
use crate::graphql::payload::{guarded_payload, payload};
use crate::graphql::scalars::Rupiah;
use crate::graphql::user_error::{MutationError, Problem, Thing, UserError, UserErrors};
use crate::groups::model::{self as groups, Group};
use crate::ids::{AidProgramId, AllocationId};
use crate::sector::BusinessSector;
use crate::validate;

mod inputs;
use inputs::{
    AidItemInput, AllocateAidInput, AllocateAidPayload, CreateAidProgramInput, CreateAidProgramPayload,
    DeliverAidAllocationInput, DeliverAidAllocationPayload, RecordAidMonitoringInput, RecordAidMonitoringPayload,
    UpdateAidProgramInput, UpdateAidProgramPayload,
};

const MAX_NAME: usize = 150;
const MAX_NOTES: usize = 2000;
const MAX_ITEMS: usize = 50;
const FIRST_YEAR: i32 = 2000;

async fn program_for_input(conn: &mut DbConn, field: &str, id: &ID) -> Result<AidProgram, MutationError> {
    let not_found = || UserError::not_found(field, Thing::AidProgram, id.as_str());
    let id = AidProgramId::from_global(id).ok_or_else(not_found)?;
    Ok(model::programs_by_ids(conn, &[id]).await?.pop().ok_or_else(not_found)?)
}

async fn allocation_for_input(conn: &mut DbConn, id: &ID) -> Result<(Allocation, Group), MutationError> {
    let not_found = || UserError::not_found("allocationId", Thing::Allocation, id.as_str());
    let id = AllocationId::from_global(id).ok_or_else(not_found)?;
    let allocation = model::allocations_by_ids(conn, &[id]).await?.pop().ok_or_else(not_found)?;
    let group = groups::find(conn, allocation.fields.group_id).await?.ok_or_else(not_found)?;
    Ok((allocation, group))
}

fn check_year(errors: &mut UserErrors, year: i32) -> Option<i32> {
    let last = chrono::Datelike::year(&clock::today()) + 5;
    if (FIRST_YEAR..=last).contains(&year) {
        Some(year)
    } else {
        errors.push(UserError::at("year", Problem::InvalidYear { first: FIRST_YEAR, last }));
        None
    }
}

/// The items checked, and their value together (quantity × unit value, in rupiah).
fn check_items(errors: &mut UserErrors, items: &[AidItemInput]) -> Option<(Vec<AllocationItem>, i64)> {
    if items.is_empty() || items.len() > MAX_ITEMS {
        errors.push(UserError::at("items", Problem::InvalidItems { max: MAX_ITEMS }));
        return None;
    }
    let mut checked = Vec::new();
    let mut total: i64 = 0;
    for item in items {
        let name = errors.check("items", validate::required_text(&item.name, MAX_NAME))?;
        if item.quantity < 1 {
            errors.push(UserError::at("items", Problem::InvalidQuantity { name }));
            return None;
        }
        let value = i64::from(item.quantity).checked_mul(item.unit_value.amount()).and_then(|v| total.checked_add(v));
        let Some(value) = value else {
            errors.push(UserError::at("items", Problem::ValueTooLarge));
            return None;
        };
        total = value;
        checked.push(AllocationItem {
            allocation_id: AllocationId(0),
            name,
            quantity: item.quantity,
            unit_value: item.unit_value.amount(),
        });
    }
    Some((checked, total))
}

/// The sector guard: the group's own trade, or a skill of at least half of its members.
async fn check_sector(
    conn: &mut DbConn,
    group: &Group,
    sector: BusinessSector,
) -> Result<Option<Problem>, MutationError> {
    if sector == group.fields.sector {
        return Ok(None);
    }
    let (skills, members) = model::member_skills_of(conn, group.id).await?;
    let skilled = skills.iter().find(|(s, _)| *s == sector).map_or(0, |(_, n)| *n);
    if members > 0 && skilled * 2 >= members {
        return Ok(None);
    }
    Ok(Some(Problem::SectorMismatch {
        sector: sector.as_str(),
        group_sector: group.fields.sector.as_str(),
        members,
        skills: skills.iter().map(|(s, n)| (s.as_str(), *n)).collect(),
    }))
}

#[derive(Default)]
pub struct AidMutation;

#[Object]
impl AidMutation {
    /// Creates an aid programme. ADMIN, or an AGENCY token granted aid.
    async fn create_aid_program(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The programme to create.")] input: CreateAidProgramInput,
    ) -> async_graphql::Result<CreateAidProgramPayload> {
        ctx.viewer().require_aid_management()?;
        payload(async {
            let mut errors = UserErrors::default();
            let name = errors.check("name", validate::required_text(&input.name, MAX_NAME));
            let agency = errors.check("agency", validate::required_text(&input.agency, MAX_NAME));
            let year = check_year(&mut errors, input.year);
            errors.into_result()?;
            let now = clock::now_utc();
            let program = NewProgram {
                fields: ProgramFields {
                    name: name.unwrap_or_default(),
                    agency: agency.unwrap_or_default(),
                    year: year.unwrap_or_default(),
                    kind: input.kind,
                    budget: input.budget.amount(),
                },
                created_at: now,
                updated_at: now,
            };
            Ok(model::insert_program(&mut ctx.conn().await?, &program).await?)
        })
        .await
    }

    /// Corrects a programme. ADMIN, or an AGENCY token granted aid.
    async fn update_aid_program(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The programme to correct and the fields to change.")] input: UpdateAidProgramInput,
    ) -> async_graphql::Result<UpdateAidProgramPayload> {
        guarded_payload(ctx, Viewer::require_aid_management, async |conn, _| {
            let program = program_for_input(conn, "id", &input.id).await?;
            let mut errors = UserErrors::default();
            let changes = ProgramChanges {
                name: input.name.as_deref().and_then(|n| errors.check("name", validate::required_text(n, MAX_NAME))),
                agency: input
                    .agency
                    .as_deref()
                    .and_then(|a| errors.check("agency", validate::required_text(a, MAX_NAME))),
                year: input.year.and_then(|y| check_year(&mut errors, y)),
                kind: input.kind,
                budget: input.budget.map(Rupiah::amount),
                updated_at: Some(clock::now_utc()),
            };
            errors.into_result()?;
            let now = clock::now_utc();
            conn.transaction(async |conn| {
                model::lock_program(conn, program.id, now).await?;
                if let Some(budget) = changes.budget
                    && i128::from(budget) < model::allocated_of(conn, program.id).await?
                {
                    return Err(UserError::at("budget", Problem::BudgetBelowAllocated).into());
                }
                Ok(model::update_program(conn, program.id, &changes).await?)
            })
            .await
        })
        .await
    }

    /// Allocates a programme's items to a group. ADMIN, or an AGENCY token granted aid.
    async fn allocate_aid(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The programme, the group, the sector and the items to allocate.")] input: AllocateAidInput,
    ) -> async_graphql::Result<AllocateAidPayload> {
        guarded_payload(ctx, Viewer::require_aid_management, async |conn, viewer| {
            let program = program_for_input(conn, "programId", &input.program_id).await?;
            let group = crate::groups::model::group_for_input(conn, "groupId", &input.group_id).await?;
            let mut errors = UserErrors::default();
            let items = check_items(&mut errors, &input.items);
            let mentor = errors.check("mentor", validate::optional_text(input.mentor.as_deref(), MAX_NAME)).flatten();
            let override_reason = errors
                .check("overrideReason", validate::optional_text(input.override_reason.as_deref(), MAX_NOTES))
                .flatten();
            if override_reason.is_some() && viewer.role != Role::Admin {
                errors.push(UserError::at("overrideReason", Problem::OverrideNotAllowed));
            }
            errors.into_result()?;
            let (items, value) = items.unwrap_or_default();
            let now = clock::now_utc();
            conn.transaction(async |conn| {
                // The budget as it stands once the programme is locked, not as first read.
                let program = model::lock_program(conn, program.id, now).await?.unwrap_or(program);
                let mismatch = check_sector(conn, &group, input.sector).await?;
                if let Some(mismatch) = &mismatch
                    && override_reason.is_none()
                {
                    return Err(UserError::at("sector", mismatch.clone()).into());
                }
                // Exact in i128, whatever the sum of the allocations.
                let left = i128::from(program.fields.budget) - model::allocated_of(conn, program.id).await?;
                if i128::from(value) > left {
                    let exceeded = Problem::BudgetExceeded { value, left, budget: program.fields.budget };
                    return Err(UserError::at("items", exceeded).into());
                }
                let allocation = NewAllocation {
                    fields: AllocationFields {
                        program_id: program.id,
                        group_id: group.id,
                        sector: input.sector,
                        value,
                        mentor,
                        status: AllocationStatus::Planned,
                        // An override is kept only where it was needed.
                        override_reason: override_reason.filter(|_| mismatch.is_some()),
                    },
                    created_at: now,
                    updated_at: now,
                };
                Ok(model::insert_allocation(conn, &allocation, &items).await?)
            })
            .await
        })
        .await
    }

    /// Records the hand-over of a PLANNED allocation; it needs a mentor. ADMIN, or an AGENCY
    /// token granted aid.
    async fn deliver_aid_allocation(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The allocation handed over, its mentor and the day.")] input: DeliverAidAllocationInput,
    ) -> async_graphql::Result<DeliverAidAllocationPayload> {
        guarded_payload(ctx, Viewer::require_aid_management, async |conn, _| {
            let (allocation, _) = allocation_for_input(conn, &input.allocation_id).await?;
            let mut errors = UserErrors::default();
            let mentor = errors.check("mentor", validate::optional_text(input.mentor.as_deref(), MAX_NAME)).flatten();
            let delivered_on = input.delivered_on.map_or_else(clock::today, |d| d.0);
            if delivered_on > clock::today() {
                errors.push(UserError::at("deliveredOn", Problem::DeliveryInFuture));
            }
            if allocation.fields.status != AllocationStatus::Planned {
                errors.push(UserError::at(
                    "allocationId",
                    Problem::AllocationNotPlanned { status: allocation.fields.status.as_str() },
                ));
            }
            if mentor.is_none() && allocation.fields.mentor.is_none() {
                errors.push(UserError::at("mentor", Problem::MentorRequired));
            }
            errors.into_result()?;
            let moved = model::move_allocation(
                conn,
                allocation.id,
                AllocationStatus::Planned,
                AllocationStatus::Delivered,
                mentor.as_deref(),
                Some(delivered_on),
                clock::now_utc(),
            )
            .await?;
            moved.ok_or_else(|| {
                AppError::Conflict(Text::new(
                    "the allocation was changed by someone else meanwhile; reload it",
                    "alokasi ini baru saja diubah orang lain; muat ulang datanya",
                ))
                .into()
            })
        })
        .await
    }

    /// Records a monitoring visit to a delivered allocation; idle or sold equipment is
    /// flagged. ADMIN, the aid agency, or the OFFICER of the group's kelurahan.
    async fn record_aid_monitoring(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The allocation visited and what the visit found.")] input: RecordAidMonitoringInput,
    ) -> async_graphql::Result<RecordAidMonitoringPayload> {
        guarded_payload(ctx, Viewer::require_aid_access, async |conn, viewer| {
            let (allocation, group) = allocation_for_input(conn, &input.allocation_id).await?;
            if !viewer.can_see_aid_of(group.fields.kelurahan_id) {
                return Err(AppError::forbidden(Text::new(
                    "an officer monitors the aid of its own kelurahan only",
                    "petugas kelurahan hanya memantau bantuan di kelurahannya sendiri",
                ))
                .into());
            }
            let mut errors = UserErrors::default();
            let notes = errors.check("notes", validate::optional_text(input.notes.as_deref(), MAX_NOTES)).flatten();
            if allocation.fields.status == AllocationStatus::Planned {
                errors.push(UserError::at("allocationId", Problem::NotDelivered));
            }
            if input.visited_on.0 > clock::today() {
                errors.push(UserError::at("visitedOn", Problem::VisitInFuture));
            }
            if allocation.delivered_on.is_some_and(|delivered| input.visited_on.0 < delivered) {
                errors.push(UserError::at("visitedOn", Problem::VisitBeforeDelivery));
            }
            errors.into_result()?;
            let visit = MonitoringVisit {
                allocation_id: allocation.id,
                visited_on: input.visited_on.0,
                state: input.state,
                notes,
                recorded_by: viewer.name.clone().unwrap_or_default(),
            };
            let now = clock::now_utc();
            conn.transaction(async |conn| {
                model::insert_visit(conn, &visit, now).await?;
                // The first visit moves DELIVERED → MONITORED; a concurrent first visit may
                // have done so already, which is just as good.
                let (from, to) = (AllocationStatus::Delivered, AllocationStatus::Monitored);
                model::move_allocation(conn, allocation.id, from, to, None, None, now).await?;
                Ok(model::allocations_by_ids(conn, &[allocation.id]).await?.pop().unwrap_or(allocation))
            })
            .await
        })
        .await
    }
}

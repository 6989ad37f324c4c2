//! Registering products, their permits and assessments, and putting ready products forward
//! to retailers. Writes: ADMIN anywhere, OFFICER in its own kelurahan; assessments ADMIN only.

use async_graphql::{Context, ID, Object};

use super::assessments::{self, Assessment};
use super::checks::{
    MAX_DESCRIPTION, MAX_NAME, MAX_UNIT, check_barcode, check_capacity, check_regions, invalid_permit,
};
use super::listings;
use super::model::{self, NewProduct, Product, ProductChanges, ProductFields};
use super::permits::{self, ProductPermit};
use super::readiness::{self, ReadinessGapCode};
use crate::access::{Action, Viewer};
use crate::clock;
use crate::db::DbConn;
use crate::error::AppError;
use crate::graphql::context::ContextExt;
use crate::graphql::language::Text;
use crate::graphql::payload::{guarded_payload, payload_with_conn};
use crate::graphql::scalars::Rupiah;
use crate::graphql::user_error::{
    MutationError, Problem, Thing, UserError, UserErrors, optional_change, optional_input, value_change,
};
use crate::groups::model::{self as groups, Group};
use crate::ids::{ListingId, ProductId};
use crate::validate;

mod inputs;
use inputs::{
    AddProductPermitInput, AddProductPermitPayload, MoveRetailListingInput, MoveRetailListingPayload,
    ProposeRetailListingInput, ProposeRetailListingPayload, RecordAssessmentInput, RecordAssessmentPayload,
    RegisterProductInput, RegisterProductPayload, RemoveProductPermitInput, RemoveProductPermitPayload,
    UpdateProductInput, UpdateProductPayload,
};

/// Finds the product an input names, with its group.
async fn product_for_input(conn: &mut DbConn, field: &str, id: &ID) -> Result<(Product, Group), MutationError> {
    let not_found = || UserError::not_found(field, Thing::Product, id.as_str());
    let id = ProductId::from_global(id).ok_or_else(not_found)?;
    let product = model::find(conn, id).await?.ok_or_else(not_found)?;
    let group = groups::find(conn, product.fields.group_id).await?.ok_or_else(not_found)?;
    Ok((product, group))
}

/// The product an input names, once the caller is found to be allowed to change the registry
/// of its group's kelurahan.
async fn writable_product(conn: &mut DbConn, viewer: &Viewer, field: &str, id: &ID) -> Result<Product, MutationError> {
    let (product, group) = product_for_input(conn, field, id).await?;
    viewer.require_registry_write(group.fields.kelurahan_id)?;
    Ok(product)
}

fn readiness_refusal(gaps: &[ReadinessGapCode]) -> UserError {
    UserError::at(
        "productId",
        Problem::NotRetailReady { gaps: gaps.iter().map(|&gap| readiness::gap_advice(gap)).collect() },
    )
}

#[derive(Default)]
pub struct ProductMutation;

#[Object]
impl ProductMutation {
    /// Registers a product of a group. ADMIN anywhere; OFFICER in its own kelurahan.
    async fn register_product(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The product to register and its group.")] input: RegisterProductInput,
    ) -> async_graphql::Result<RegisterProductPayload> {
        guarded_payload(ctx, Viewer::require_any_registry_write, async |conn, viewer| {
            let group = crate::groups::model::group_for_input(conn, "groupId", &input.group_id).await?;
            viewer.require_registry_write(group.fields.kelurahan_id)?;
            let mut errors = UserErrors::default();
            let name = errors.check("name", validate::required_text(&input.name, MAX_NAME));
            let description =
                errors.check("description", validate::optional_text(input.description.as_deref(), MAX_DESCRIPTION));
            let unit = errors.check("unit", validate::optional_text(input.unit.as_deref(), MAX_UNIT));
            let monthly_capacity = input.monthly_capacity.and_then(|c| check_capacity(&mut errors, c));
            let barcode = optional_input(&mut errors, input.barcode.as_deref(), check_barcode);
            let regions = check_regions(&mut errors, input.market_regions.as_deref().unwrap_or_default());
            errors.into_result()?;
            let now = clock::now_utc();
            let new = NewProduct {
                fields: ProductFields {
                    group_id: group.id,
                    kelurahan_id: group.fields.kelurahan_id,
                    name: name.unwrap_or_default(),
                    description: description.flatten(),
                    sector: input.sector,
                    price_rupiah: input.price_rupiah.map(Rupiah::amount),
                    unit: unit.flatten(),
                    monthly_capacity,
                    barcode,
                },
                created_at: now,
                updated_at: now,
            };
            conn.transaction(async |conn| {
                let product = model::insert(conn, &new).await?;
                model::set_regions(conn, product.id, &regions.unwrap_or_default()).await?;
                Ok(product)
            })
            .await
        })
        .await
    }

    /// Corrects a product. ADMIN anywhere; OFFICER in its own kelurahan.
    async fn update_product(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The product to correct and the fields to change.")] input: UpdateProductInput,
    ) -> async_graphql::Result<UpdateProductPayload> {
        guarded_payload(ctx, Viewer::require_any_registry_write, async |conn, viewer| {
            let product = writable_product(conn, viewer, "id", &input.id).await?;
            let mut errors = UserErrors::default();
            let changes = ProductChanges {
                name: input.name.as_deref().and_then(|n| errors.check("name", validate::required_text(n, MAX_NAME))),
                description: optional_change(&mut errors, &input.description, |errors, text| {
                    errors.check("description", validate::required_text(text, MAX_DESCRIPTION))
                }),
                sector: input.sector,
                price_rupiah: value_change(input.price_rupiah, |price| Some(price.amount())),
                unit: optional_change(&mut errors, &input.unit, |errors, text| {
                    errors.check("unit", validate::required_text(text, MAX_UNIT))
                }),
                monthly_capacity: value_change(input.monthly_capacity, |c| check_capacity(&mut errors, c)),
                barcode: optional_change(&mut errors, &input.barcode, check_barcode),
                updated_at: Some(clock::now_utc()),
            };
            let regions = input.market_regions.as_deref().map(|r| check_regions(&mut errors, r));
            errors.into_result()?;
            conn.transaction(async |conn| {
                let updated = model::update(conn, product.id, &changes).await?;
                if let Some(regions) = regions.flatten() {
                    model::set_regions(conn, product.id, &regions).await?;
                }
                Ok(updated)
            })
            .await
        })
        .await
    }

    /// Records a permit of a product. ADMIN anywhere; OFFICER in its own kelurahan.
    async fn add_product_permit(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The permit to record and its product.")] input: AddProductPermitInput,
    ) -> async_graphql::Result<AddProductPermitPayload> {
        guarded_payload(ctx, Viewer::require_any_registry_write, async |conn, viewer| {
            let product = writable_product(conn, viewer, "productId", &input.product_id).await?;
            let (number, encoded_expiry) =
                permits::check_number(input.kind, &input.number).map_err(|e| invalid_permit(input.kind, &e))?;
            let valid_until = input.valid_until.map(|d| d.0).or(encoded_expiry);
            let issued_on = input.issued_on.map(|d| d.0);
            if let (Some(issued), Some(until)) = (issued_on, valid_until)
                && until < issued
            {
                return Err(UserError::at("validUntil", Problem::PermitExpiresBeforeIssued).into());
            }
            if issued_on.is_some_and(|issued| issued > clock::today()) {
                return Err(UserError::at("issuedOn", Problem::PermitIssuedInFuture).into());
            }
            let permit = ProductPermit { product_id: product.id, kind: input.kind, number, issued_on, valid_until };
            let now = clock::now_utc();
            conn.transaction(async |conn| {
                model::lock(conn, product.id, now).await?;
                if permits::exists(conn, product.id, permit.kind, &permit.number).await? {
                    return Err(UserError::at("number", Problem::DuplicatePermit).into());
                }
                permits::insert(conn, &permit, now).await?;
                Ok(product)
            })
            .await
        })
        .await
    }

    /// Removes a permit recorded by mistake. ADMIN anywhere; OFFICER in its own kelurahan.
    async fn remove_product_permit(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The permit to remove: product, kind and number.")] input: RemoveProductPermitInput,
    ) -> async_graphql::Result<RemoveProductPermitPayload> {
        guarded_payload(ctx, Viewer::require_any_registry_write, async |conn, viewer| {
            let product = writable_product(conn, viewer, "productId", &input.product_id).await?;
            let number = input.number.trim().to_uppercase();
            conn.transaction(async |conn| {
                if permits::delete(conn, product.id, input.kind, &number).await? == 0 {
                    return Err(UserError::at("number", Problem::NoSuchPermit).into());
                }
                Ok(product)
            })
            .await
        })
        .await
    }

    /// Records a feasibility assessment. ADMIN (Dinas staff) only.
    async fn record_assessment(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The assessment to record and its product.")] input: RecordAssessmentInput,
    ) -> async_graphql::Result<RecordAssessmentPayload> {
        ctx.viewer().require_admin(Action::RecordAssessments)?;
        payload_with_conn(ctx, async |conn| {
            let (product, _) = product_for_input(conn, "productId", &input.product_id).await?;
            let mut errors = UserErrors::default();
            let assessor = errors.check("assessor", validate::required_text(&input.assessor, MAX_NAME));
            let notes = errors.check("notes", validate::optional_text(input.notes.as_deref(), MAX_DESCRIPTION));
            if input.assessed_on.0 > clock::today() {
                errors.push(UserError::at("assessedOn", Problem::AssessmentInFuture));
            }
            if input.valid_until.0 < input.assessed_on.0 {
                errors.push(UserError::at("validUntil", Problem::AssessmentExpiresBeforeMade));
            }
            errors.into_result()?;
            let assessment = Assessment {
                id: crate::ids::AssessmentId(0),
                product_id: product.id,
                assessed_on: input.assessed_on.0,
                assessor: assessor.unwrap_or_default(),
                outcome: input.outcome,
                label_complete: input.label_complete,
                packaging_ok: input.packaging_ok,
                valid_until: input.valid_until.0,
                notes: notes.flatten(),
            };
            let now = clock::now_utc();
            Ok(conn.transaction(async |conn| assessments::insert(conn, &assessment, now).await).await?)
        })
        .await
    }

    /// Puts a product that is ready today forward to a retailer's outlet. ADMIN anywhere;
    /// OFFICER in its own kelurahan.
    async fn propose_retail_listing(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The product and the retailer's outlet to put it forward to.")]
        input: ProposeRetailListingInput,
    ) -> async_graphql::Result<ProposeRetailListingPayload> {
        guarded_payload(ctx, Viewer::require_any_registry_write, async |conn, viewer| {
            let product = writable_product(conn, viewer, "productId", &input.product_id).await?;
            let mut errors = UserErrors::default();
            let retailer = errors.check("retailer", validate::required_text(&input.retailer, MAX_NAME));
            let outlet = errors.check("outlet", validate::required_text(&input.outlet, MAX_NAME));
            errors.into_result()?;
            let (retailer, outlet) = (retailer.unwrap_or_default(), outlet.unwrap_or_default());
            let (today, now) = (clock::today(), clock::now_utc());
            conn.transaction(async |conn| {
                model::lock(conn, product.id, now).await?;
                let gaps = model::gaps_of(conn, &[product.id], today).await?.pop().map(|(_, g)| g).unwrap_or_default();
                if !gaps.is_empty() {
                    return Err(readiness_refusal(&gaps).into());
                }
                if listings::open_at(conn, product.id, &retailer, &outlet).await? {
                    return Err(UserError::at("outlet", Problem::AlreadyProposed).into());
                }
                Ok(listings::insert(conn, product.id, &retailer, &outlet, today, now).await?)
            })
            .await
        })
        .await
    }

    /// Records the retailer's decision or a delisting. ADMIN anywhere; OFFICER in its own
    /// kelurahan.
    async fn move_retail_listing(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The listing, the status to move it to and the day.")] input: MoveRetailListingInput,
    ) -> async_graphql::Result<MoveRetailListingPayload> {
        guarded_payload(ctx, Viewer::require_any_registry_write, async |conn, viewer| {
            let not_found = || UserError::not_found("listingId", Thing::Listing, input.listing_id.as_str());
            let id = ListingId::from_global(&input.listing_id).ok_or_else(not_found)?;
            let listing = listings::by_ids(conn, &[id]).await?.pop().ok_or_else(not_found)?;
            let product = model::find(conn, listing.product_id).await?.ok_or_else(not_found)?;
            let group = groups::find(conn, product.fields.group_id).await?.ok_or_else(not_found)?;
            viewer.require_registry_write(group.fields.kelurahan_id)?;
            if !listing.status.can_move_to(input.to) {
                let step = Problem::ListingStep { from: listing.status.as_str(), to: input.to.as_str() };
                return Err(UserError::at("to", step).into());
            }
            let on = input.on.map_or_else(clock::today, |d| d.0);
            if on > clock::today() {
                return Err(UserError::at("on", Problem::ListingMoveInFuture).into());
            }
            if on < listing.proposed_on {
                return Err(UserError::at("on", Problem::ListingMoveBeforeProposed).into());
            }
            listings::move_to(conn, listing.id, listing.status, input.to, on, clock::now_utc()).await?.ok_or_else(
                || {
                    AppError::Conflict(Text::new(
                        "the listing was moved by someone else meanwhile; reload it",
                        "status listing ini baru saja diubah orang lain; muat ulang datanya",
                    ))
                    .into()
                },
            )
        })
        .await
    }
}

//! Registering products, their permits and assessments, and putting ready products forward
//! to retailers. Writes: ADMIN anywhere, OFFICER in its own kelurahan; assessments ADMIN only.

use async_graphql::{Context, ID, InputObject, MaybeUndefined, Object, SimpleObject};

use super::assessments::{self, Assessment, AssessmentOutcome};
use super::checks::{
    MAX_DESCRIPTION, MAX_NAME, MAX_UNIT, check_barcode, check_capacity, check_regions, invalid_permit,
};
use super::listings::{self, Listing, ListingStatus};
use super::model::{self, NewProduct, Product, ProductChanges};
use super::permits::{self, PermitKind, ProductPermit};
use super::readiness::{self, ReadinessGapCode};
use crate::clock;
use crate::db::DbConn;
use crate::error::AppError;
use crate::graphql::context::ContextExt;
use crate::graphql::language::Text;
use crate::graphql::scalars::{Date, Rupiah};
use crate::graphql::user_error::{
    MutationError, Problem, Thing, UserError, UserErrors, into_payload, optional_change, value_change,
};
use crate::groups::model::{self as groups, Group};
use crate::ids::{ListingId, ProductId};
use crate::sector::BusinessSector;
use crate::validate;

/// A new product of a group.
#[derive(InputObject)]
pub struct RegisterProductInput {
    /// Global id of the group that makes the product (NOT_FOUND when there is none).
    pub group_id: ID,
    /// The product's name; required, at most 150 characters.
    pub name: String,
    /// The trade the product belongs to.
    pub sector: BusinessSector,
    /// What the product is; optional, at most 2000 characters.
    pub description: Option<String>,
    /// Price per unit in whole rupiah.
    pub price_rupiah: Option<Rupiah>,
    /// The unit the price is for, e.g. "pack 250 g".
    pub unit: Option<String>,
    /// Units the group can supply in a month (not negative: INVALID_CAPACITY).
    pub monthly_capacity: Option<i32>,
    /// EAN-13 with a valid check digit (INVALID_BARCODE).
    pub barcode: Option<String>,
    /// Where it is sold: "Kota Palu", "Kabupaten Sigi", "Kota Makassar", ...; at most 40
    /// regions (TOO_MANY) of at most 80 characters each.
    pub market_regions: Option<Vec<String>>,
}

/// The registered product, or why it was not registered.
#[derive(SimpleObject)]
pub struct RegisterProductPayload {
    /// The product as registered; null when `userErrors` is not empty.
    pub product: Option<Product>,
    /// Why the input was refused, one entry per problem; empty on success.
    pub user_errors: Vec<UserError>,
}

/// Corrections to a product. Omitted fields stay; `null` clears an optional one.
#[derive(InputObject)]
pub struct UpdateProductInput {
    /// Global id of the product to correct (NOT_FOUND when there is none).
    pub id: ID,
    /// New name; at most 150 characters.
    pub name: Option<String>,
    /// New trade.
    pub sector: Option<BusinessSector>,
    /// New description, at most 2000 characters; `null` clears it.
    pub description: MaybeUndefined<String>,
    /// New price per unit in whole rupiah; `null` clears it.
    pub price_rupiah: MaybeUndefined<Rupiah>,
    /// New unit the price is for, e.g. "pack 250 g" (at most 40 characters); `null` clears it.
    pub unit: MaybeUndefined<String>,
    /// New monthly capacity in units, not negative; `null` clears it.
    pub monthly_capacity: MaybeUndefined<i32>,
    /// New EAN-13 barcode with a valid check digit; `null` clears it.
    pub barcode: MaybeUndefined<String>,
    /// Replaces the market regions.
    pub market_regions: Option<Vec<String>>,
}

/// The corrected product, or why it was not changed.
#[derive(SimpleObject)]
pub struct UpdateProductPayload {
    /// The product as corrected; null when `userErrors` is not empty.
    pub product: Option<Product>,
    /// Why the input was refused, one entry per problem; empty on success.
    pub user_errors: Vec<UserError>,
}

/// A permit for a product.
#[derive(InputObject)]
pub struct AddProductPermitInput {
    /// Global id of the product (NOT_FOUND when there is none).
    pub product_id: ID,
    /// What the permit is; the number is checked against it.
    pub kind: PermitKind,
    /// PIRT: 15 digits; BPOM_MD/BPOM_ML: "MD"/"ML" and 12 or 15 digits; HALAL, SNI: the
    /// certificate number.
    pub number: String,
    /// The day it was issued; optional, not after today in Palu (DATE_IN_FUTURE).
    pub issued_on: Option<Date>,
    /// Null: no expiry. For a PIRT without one, 31 December of the year its last two digits give.
    pub valid_until: Option<Date>,
}

/// The product with its permits, or why the permit was not added.
#[derive(SimpleObject)]
pub struct AddProductPermitPayload {
    /// The product with its permits; null when `userErrors` is not empty.
    pub product: Option<Product>,
    /// Why the input was refused, one entry per problem; empty on success.
    pub user_errors: Vec<UserError>,
}

/// A permit to remove from a product.
#[derive(InputObject)]
pub struct RemoveProductPermitInput {
    /// Global id of the product (NOT_FOUND when there is none).
    pub product_id: ID,
    /// The kind of the permit to remove.
    pub kind: PermitKind,
    /// The number of the permit to remove, as recorded (compared trimmed, in upper case).
    pub number: String,
}

/// The product without the permit, or why nothing was removed.
#[derive(SimpleObject)]
pub struct RemoveProductPermitPayload {
    /// The product without the permit; null when `userErrors` is not empty.
    pub product: Option<Product>,
    /// Why nothing was removed, one entry per problem; empty on success.
    pub user_errors: Vec<UserError>,
}

/// A feasibility assessment by the Dinas.
#[derive(InputObject)]
pub struct RecordAssessmentInput {
    /// Global id of the product assessed (NOT_FOUND when there is none).
    pub product_id: ID,
    /// The day of the assessment; not after today in Palu (DATE_IN_FUTURE).
    pub assessed_on: Date,
    /// Who assessed (a Dinas officer's name); required, at most 150 characters.
    pub assessor: String,
    /// What the assessment concluded.
    pub outcome: AssessmentOutcome,
    /// Whether the label is complete (name, ingredients, net content, producer and address,
    /// production code, expiry date, in Indonesian).
    pub label_complete: bool,
    /// Whether the packaging is fit for a retail shelf.
    pub packaging_ok: bool,
    /// The last day the assessment counts; not before `assessedOn` (INVALID_DATE_RANGE).
    pub valid_until: Date,
    /// The assessor's notes, e.g. what to improve; optional, at most 2000 characters. Readable
    /// by ADMIN, AGENCY and the OFFICER of the product's kelurahan only.
    pub notes: Option<String>,
}

/// The recorded assessment, or why it was not recorded.
#[derive(SimpleObject)]
pub struct RecordAssessmentPayload {
    /// The assessment as recorded; null when `userErrors` is not empty.
    pub assessment: Option<Assessment>,
    /// Why the input was refused, one entry per problem; empty on success.
    pub user_errors: Vec<UserError>,
}

/// A ready product to put forward to a retailer's outlet.
#[derive(InputObject)]
pub struct ProposeRetailListingInput {
    /// Global id of the product (NOT_FOUND when there is none); it must be retail ready today
    /// (NOT_RETAIL_READY).
    pub product_id: ID,
    /// E.g. "Alfamidi".
    pub retailer: String,
    /// E.g. "Alfamidi Jl. Moh. Hatta Palu".
    pub outlet: String,
}

/// The proposed listing, or why it was refused.
#[derive(SimpleObject)]
pub struct ProposeRetailListingPayload {
    /// The listing as proposed (PROPOSED, today); null when `userErrors` is not empty.
    pub listing: Option<Listing>,
    /// Why the proposal was refused, one entry per problem; empty on success.
    pub user_errors: Vec<UserError>,
}

/// A step of a listing: PROPOSED → LISTED → DELISTED (a proposal may also be withdrawn).
#[derive(InputObject)]
pub struct MoveRetailListingInput {
    /// Global id of the listing (NOT_FOUND when there is none).
    pub listing_id: ID,
    /// The status to move to: LISTED from PROPOSED, or DELISTED from PROPOSED or LISTED
    /// (anything else: INVALID_TRANSITION).
    pub to: ListingStatus,
    /// The day it happened; today when omitted. Not in the future.
    pub on: Option<Date>,
}

/// The moved listing, or why it was not moved.
#[derive(SimpleObject)]
pub struct MoveRetailListingPayload {
    /// The listing as moved; null when `userErrors` is not empty.
    pub listing: Option<Listing>,
    /// Why the move was refused, one entry per problem; empty on success.
    pub user_errors: Vec<UserError>,
}

/// Finds the product an input names, with its group.
async fn product_for_input(conn: &mut DbConn, field: &str, id: &ID) -> Result<(Product, Group), MutationError> {
    let not_found = || UserError::not_found(field, Thing::Product, id.as_str());
    let id = ProductId::from_global(id).ok_or_else(not_found)?;
    let product = model::find(conn, id).await?.ok_or_else(not_found)?;
    let group = groups::find(conn, product.group_id).await?.ok_or_else(not_found)?;
    Ok((product, group))
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
        let viewer = ctx.viewer();
        viewer.require_any_registry_write()?;
        let result = async {
            let mut conn = ctx.conn().await?;
            let group = crate::groups::model::group_for_input(&mut conn, "groupId", &input.group_id).await?;
            viewer.require_registry_write(group.kelurahan_id)?;
            let mut errors = UserErrors::default();
            let name = errors.check("name", validate::required_text(&input.name, MAX_NAME));
            let description =
                errors.check("description", validate::optional_text(input.description.as_deref(), MAX_DESCRIPTION));
            let unit = errors.check("unit", validate::optional_text(input.unit.as_deref(), MAX_UNIT));
            let monthly_capacity = input.monthly_capacity.and_then(|c| check_capacity(&mut errors, c));
            let barcode =
                input.barcode.as_deref().filter(|b| !b.trim().is_empty()).and_then(|b| check_barcode(&mut errors, b));
            let regions = check_regions(&mut errors, input.market_regions.as_deref().unwrap_or_default());
            errors.into_result()?;
            let now = clock::now_utc();
            let new = NewProduct {
                group_id: group.id,
                kelurahan_id: group.kelurahan_id,
                name: name.unwrap_or_default(),
                description: description.flatten(),
                sector: input.sector,
                price_rupiah: input.price_rupiah.map(Rupiah::amount),
                unit: unit.flatten(),
                monthly_capacity,
                barcode,
                created_at: now,
                updated_at: now,
            };
            conn.transaction(async |conn| {
                let product = model::insert(conn, &new).await?;
                model::set_regions(conn, product.id, &regions.unwrap_or_default()).await?;
                Ok(product)
            })
            .await
        }
        .await;
        let (product, user_errors) = into_payload(result)?;
        Ok(RegisterProductPayload { product, user_errors })
    }

    /// Corrects a product. ADMIN anywhere; OFFICER in its own kelurahan.
    async fn update_product(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The product to correct and the fields to change.")] input: UpdateProductInput,
    ) -> async_graphql::Result<UpdateProductPayload> {
        let viewer = ctx.viewer();
        viewer.require_any_registry_write()?;
        let result = async {
            let mut conn = ctx.conn().await?;
            let (product, group) = product_for_input(&mut conn, "id", &input.id).await?;
            viewer.require_registry_write(group.kelurahan_id)?;
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
        }
        .await;
        let (product, user_errors) = into_payload(result)?;
        Ok(UpdateProductPayload { product, user_errors })
    }

    /// Records a permit of a product. ADMIN anywhere; OFFICER in its own kelurahan.
    async fn add_product_permit(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The permit to record and its product.")] input: AddProductPermitInput,
    ) -> async_graphql::Result<AddProductPermitPayload> {
        let viewer = ctx.viewer();
        viewer.require_any_registry_write()?;
        let result = async {
            let mut conn = ctx.conn().await?;
            let (product, group) = product_for_input(&mut conn, "productId", &input.product_id).await?;
            viewer.require_registry_write(group.kelurahan_id)?;
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
        }
        .await;
        let (product, user_errors) = into_payload(result)?;
        Ok(AddProductPermitPayload { product, user_errors })
    }

    /// Removes a permit recorded by mistake. ADMIN anywhere; OFFICER in its own kelurahan.
    async fn remove_product_permit(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The permit to remove: product, kind and number.")] input: RemoveProductPermitInput,
    ) -> async_graphql::Result<RemoveProductPermitPayload> {
        let viewer = ctx.viewer();
        viewer.require_any_registry_write()?;
        let result = async {
            let mut conn = ctx.conn().await?;
            let (product, group) = product_for_input(&mut conn, "productId", &input.product_id).await?;
            viewer.require_registry_write(group.kelurahan_id)?;
            let number = input.number.trim().to_uppercase();
            conn.transaction(async |conn| {
                if permits::delete(conn, product.id, input.kind, &number).await? == 0 {
                    return Err(UserError::at("number", Problem::NoSuchPermit).into());
                }
                Ok(product)
            })
            .await
        }
        .await;
        let (product, user_errors) = into_payload(result)?;
        Ok(RemoveProductPermitPayload { product, user_errors })
    }

    /// Records a feasibility assessment. ADMIN (Dinas staff) only.
    async fn record_assessment(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The assessment to record and its product.")] input: RecordAssessmentInput,
    ) -> async_graphql::Result<RecordAssessmentPayload> {
        ctx.viewer().require_admin(crate::access::Action::RecordAssessments)?;
        let result = async {
            let mut conn = ctx.conn().await?;
            let (product, _) = product_for_input(&mut conn, "productId", &input.product_id).await?;
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
        }
        .await;
        let (assessment, user_errors) = into_payload(result)?;
        Ok(RecordAssessmentPayload { assessment, user_errors })
    }

    /// Puts a product that is ready today forward to a retailer's outlet. ADMIN anywhere;
    /// OFFICER in its own kelurahan.
    async fn propose_retail_listing(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The product and the retailer's outlet to put it forward to.")]
        input: ProposeRetailListingInput,
    ) -> async_graphql::Result<ProposeRetailListingPayload> {
        let viewer = ctx.viewer();
        viewer.require_any_registry_write()?;
        let result = async {
            let mut conn = ctx.conn().await?;
            let (product, group) = product_for_input(&mut conn, "productId", &input.product_id).await?;
            viewer.require_registry_write(group.kelurahan_id)?;
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
        }
        .await;
        let (listing, user_errors) = into_payload(result)?;
        Ok(ProposeRetailListingPayload { listing, user_errors })
    }

    /// Records the retailer's decision or a delisting. ADMIN anywhere; OFFICER in its own
    /// kelurahan.
    async fn move_retail_listing(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The listing, the status to move it to and the day.")] input: MoveRetailListingInput,
    ) -> async_graphql::Result<MoveRetailListingPayload> {
        let viewer = ctx.viewer();
        viewer.require_any_registry_write()?;
        let result = async {
            let mut conn = ctx.conn().await?;
            let not_found = || UserError::not_found("listingId", Thing::Listing, input.listing_id.as_str());
            let id = ListingId::from_global(&input.listing_id).ok_or_else(not_found)?;
            let listing = listings::by_ids(&mut conn, &[id]).await?.pop().ok_or_else(not_found)?;
            let product = model::find(&mut conn, listing.product_id).await?.ok_or_else(not_found)?;
            let group = groups::find(&mut conn, product.group_id).await?.ok_or_else(not_found)?;
            viewer.require_registry_write(group.kelurahan_id)?;
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
            listings::move_to(&mut conn, listing.id, listing.status, input.to, on, clock::now_utc()).await?.ok_or_else(
                || {
                    AppError::Conflict(Text::new(
                        "the listing was moved by someone else meanwhile; reload it",
                        "status listing ini baru saja diubah orang lain; muat ulang datanya",
                    ))
                    .into()
                },
            )
        }
        .await;
        let (listing, user_errors) = into_payload(result)?;
        Ok(MoveRetailListingPayload { listing, user_errors })
    }
}

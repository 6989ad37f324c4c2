//! The inputs of the product mutations and the payloads they answer with.

use async_graphql::{ID, InputObject, MaybeUndefined};

use crate::graphql::scalars::{Date, Rupiah};
use crate::products::assessments::{Assessment, AssessmentOutcome};
use crate::products::listings::{Listing, ListingStatus};
use crate::products::model::Product;
use crate::products::permits::PermitKind;
use crate::sector::BusinessSector;

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

crate::mutation_payload! {
    /// The registered product, or why it was not registered.
    RegisterProductPayload {
        /// The product as registered; null when `userErrors` is not empty.
        product: Product,
        /// Why the input was refused, one entry per problem; empty on success.
        user_errors,
    }
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

crate::mutation_payload! {
    /// The corrected product, or why it was not changed.
    UpdateProductPayload {
        /// The product as corrected; null when `userErrors` is not empty.
        product: Product,
        /// Why the input was refused, one entry per problem; empty on success.
        user_errors,
    }
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

crate::mutation_payload! {
    /// The product with its permits, or why the permit was not added.
    AddProductPermitPayload {
        /// The product with its permits; null when `userErrors` is not empty.
        product: Product,
        /// Why the input was refused, one entry per problem; empty on success.
        user_errors,
    }
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

crate::mutation_payload! {
    /// The product without the permit, or why nothing was removed.
    RemoveProductPermitPayload {
        /// The product without the permit; null when `userErrors` is not empty.
        product: Product,
        /// Why nothing was removed, one entry per problem; empty on success.
        user_errors,
    }
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

crate::mutation_payload! {
    /// The recorded assessment, or why it was not recorded.
    RecordAssessmentPayload {
        /// The assessment as recorded; null when `userErrors` is not empty.
        assessment: Assessment,
        /// Why the input was refused, one entry per problem; empty on success.
        user_errors,
    }
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

crate::mutation_payload! {
    /// The proposed listing, or why it was refused.
    ProposeRetailListingPayload {
        /// The listing as proposed (PROPOSED, today); null when `userErrors` is not empty.
        listing: Listing,
        /// Why the proposal was refused, one entry per problem; empty on success.
        user_errors,
    }
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

crate::mutation_payload! {
    /// The moved listing, or why it was not moved.
    MoveRetailListingPayload {
        /// The listing as moved; null when `userErrors` is not empty.
        listing: Listing,
        /// Why the move was refused, one entry per problem; empty on success.
        user_errors,
    }
}

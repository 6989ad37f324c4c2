//! Batched loads of lenders and schemes: by id, and the schemes of each lender.

use super::model::{self, Lender, Scheme};
use crate::ids::{LenderId, SchemeId};

crate::id_keys! {
    /// The schemes of one lender.
    SchemesOf(LenderId);
}

crate::load_by_id!(LenderId => Lender, model::lenders_by_ids);

crate::load_by_id!(SchemeId => Scheme, model::schemes_by_ids);

crate::load_children!(SchemesOf(LenderId) => Scheme, model::schemes_of_lenders, fields.lender_id);

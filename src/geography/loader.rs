//! Batched loads of geography for the request's DataLoader.

use super::model::{self, Kecamatan, Kelurahan};
use crate::ids::{KecamatanId, KelurahanId};

crate::id_keys! {
    /// The kelurahan of one kecamatan.
    KelurahansOfKecamatan(KecamatanId);
}

crate::load_by_id!(KecamatanId => Kecamatan, model::kecamatans_by_ids);

crate::load_by_id!(KelurahanId => Kelurahan, model::kelurahans_by_ids);

crate::load_children!(KelurahansOfKecamatan(KecamatanId) => Kelurahan, model::kelurahans_of_kecamatans, kecamatan_id);

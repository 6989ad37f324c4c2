//! Refusals that several resolvers share, in both languages.

use super::{Role, Viewer};
use crate::error::{AppError, AppResult};
use crate::graphql::language::Text;
use crate::ids::KelurahanId;

/// What only Dinas staff (ADMIN) may do, named in the refusal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    ReadPersonalDataLog,
    CreateEvents,
    RecordAssessments,
    RegisterLenders,
}

impl Action {
    /// The action in English and in Indonesian, as a verb phrase.
    pub fn describe(self) -> (&'static str, &'static str) {
        match self {
            Action::ReadPersonalDataLog => ("read the personal-data log", "membaca log data pribadi"),
            Action::CreateEvents => ("create events", "membuat kegiatan"),
            Action::RecordAssessments => ("record feasibility assessments", "mencatat penilaian kelayakan"),
            Action::RegisterLenders => ("register lenders", "mendaftarkan lembaga pembiayaan"),
        }
    }
}

/// The error a personal field resolves to for a caller not entitled to it.
pub fn personal_data_forbidden() -> AppError {
    AppError::forbidden(Text::new(
        "personal data (NIK, phone, address, birth date) is visible to Dinas staff, to the officer of the member's \
         kelurahan and to a lender the member applied to only",
        "data pribadi (NIK, telepon, alamat, tanggal lahir) hanya untuk staf Dinas, petugas kelurahan anggota itu, \
         dan lembaga pembiayaan tempat anggota itu mengajukan",
    ))
}

/// The error of an officer asking for the aid of another kelurahan.
pub fn aid_of_other_kelurahan() -> AppError {
    AppError::forbidden(Text::new(
        "an officer sees the aid of its own kelurahan only",
        "petugas kelurahan hanya melihat bantuan di kelurahannya sendiri",
    ))
}

impl Viewer {
    /// `Ok` when `allowed`; otherwise the caller is refused: UNAUTHENTICATED with `anonymous`
    /// for the public (a token may help), FORBIDDEN with `forbidden` for any other role.
    pub(super) fn allow_or_refuse(&self, allowed: bool, anonymous: Text, forbidden: Text) -> AppResult<()> {
        match self.role {
            _ if allowed => Ok(()),
            Role::Public => Err(AppError::Unauthenticated(anonymous)),
            _ => Err(AppError::forbidden(forbidden)),
        }
    }

    /// Refuses (FORBIDDEN, with `message`) an OFFICER who does not work in `kelurahan`.
    pub(super) fn refuse_officer_outside(&self, kelurahan: KelurahanId, message: Text) -> AppResult<()> {
        if self.role == Role::Officer && !self.works_in(kelurahan) {
            return Err(AppError::forbidden(message));
        }
        Ok(())
    }
}

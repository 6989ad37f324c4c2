//! Rules of capital: lenders and schemes, financing applications, mentoring.

use super::{Role, Viewer};
use crate::error::{AppError, AppResult};
use crate::graphql::language::Text;
use crate::ids::{KelurahanId, LenderId};

/// Which financing applications a caller may see. A member's loans are personal financial
/// data: PUBLIC and AGENCY callers have no scope at all and see only aggregates.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ApplicationScope {
    /// ADMIN: every application.
    All,
    /// OFFICER: applications whose applicant (a group, or a member's group) is in one of
    /// these kelurahan, drafts included.
    Kelurahans(Vec<KelurahanId>),
    /// LENDER: applications sent to this lender's schemes (never drafts, which were not sent).
    Lender(LenderId),
}

/// The side of a financing application that makes a move of its workflow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Party {
    /// The applicant, through Dinas staff or the kelurahan's officer: submits and withdraws.
    Applicant,
    /// The lender of the scheme: reviews, decides, disburses, records repayment or default.
    Lender,
}

/// What the public is told when a token would help.
fn needs_token() -> Text {
    Text::new("this needs a bearer token", "permintaan ini memerlukan token bearer")
}

impl Viewer {
    /// The lender a LENDER token acts for (`None` for every other role).
    pub fn acting_lender(&self) -> Option<LenderId> {
        if self.role == Role::Lender { self.lender_id } else { None }
    }

    /// Refuses unless the caller may change lenders or schemes at all: ADMIN or a LENDER.
    pub fn require_any_lender_write(&self) -> AppResult<()> {
        self.allow_or_refuse(
            self.role == Role::Admin || (self.role == Role::Lender && self.lender_id.is_some()),
            needs_token(),
            Text::new(
                "lenders and schemes are changed by Dinas staff or by the lender itself",
                "data lembaga pembiayaan dan skemanya diubah oleh staf Dinas atau lembaga itu sendiri",
            ),
        )
    }

    /// Refuses unless the caller may change `lender` and its schemes: ADMIN, or that lender.
    pub fn require_lender_write(&self, lender: LenderId) -> AppResult<()> {
        self.require_any_lender_write()?;
        match self.acting_lender() {
            Some(own) if own != lender => Err(AppError::forbidden(Text::new(
                "a lender may only change itself and its own schemes",
                "lembaga pembiayaan hanya boleh mengubah datanya sendiri dan skemanya sendiri",
            ))),
            _ => Ok(()),
        }
    }

    /// The financing applications the caller may see; PUBLIC and AGENCY may see none.
    pub fn application_scope(&self) -> AppResult<ApplicationScope> {
        match self.role {
            Role::Admin => Ok(ApplicationScope::All),
            Role::Officer => Ok(ApplicationScope::Kelurahans(self.kelurahans.iter().map(|(id, _)| *id).collect())),
            Role::Lender => self.lender_id.map(ApplicationScope::Lender).ok_or_else(|| {
                AppError::forbidden(Text::new(
                    "this LENDER token names no lender",
                    "token LENDER ini tidak terhubung ke lembaga pembiayaan mana pun",
                ))
            }),
            Role::Agency => Err(AppError::forbidden(Text::new(
                "financing applications are personal financial data; partner agencies see the figures only",
                "pengajuan pembiayaan adalah data keuangan pribadi; instansi mitra hanya melihat angka rekapitulasinya",
            ))),
            Role::Public => Err(AppError::Unauthenticated(Text::new(
                "financing applications need a bearer token; the figures (financingDashboard) are public",
                "pengajuan pembiayaan memerlukan token bearer; angka rekapitulasinya (financingDashboard) terbuka untuk umum",
            ))),
        }
    }

    /// The kelurahan whose groups the dashboard's group lists (which groups applied, which
    /// received capital) may show: `None` for all of them (ADMIN), an OFFICER's own; refused
    /// to everyone else, who see the counts only.
    pub fn dashboard_group_scope(&self) -> AppResult<Option<Vec<KelurahanId>>> {
        self.allow_or_refuse(
            matches!(self.role, Role::Admin | Role::Officer),
            Text::new(
                "the dashboard's group lists need a bearer token; their counts are public",
                "daftar kelompok di dasbor memerlukan token bearer; jumlahnya terbuka untuk umum",
            ),
            Text::new(
                "the dashboard's group lists are for Dinas staff and kelurahan officers; their counts are public",
                "daftar kelompok di dasbor hanya untuk staf Dinas dan petugas kelurahan; jumlahnya terbuka untuk umum",
            ),
        )?;
        Ok(self.kelurahan_scope())
    }

    /// Refuses unless the caller may submit applications somewhere: ADMIN, or an OFFICER.
    pub fn require_any_application_write(&self) -> AppResult<()> {
        self.allow_or_refuse(
            self.role == Role::Admin || (self.role == Role::Officer && !self.kelurahans.is_empty()),
            needs_token(),
            Text::new(
                "financing applications are submitted by Dinas staff or by the officer of the applicant's kelurahan",
                "pengajuan pembiayaan dikirim oleh staf Dinas atau petugas kelurahan pemohon",
            ),
        )
    }

    /// Refuses unless the caller may submit an application for an applicant of `kelurahan`.
    pub fn require_application_write(&self, kelurahan: KelurahanId) -> AppResult<()> {
        self.require_any_application_write()?;
        self.refuse_officer_outside(
            kelurahan,
            Text::new(
                "an officer may only submit for groups and members of its own kelurahan",
                "petugas kelurahan hanya boleh mengajukan untuk kelompok dan anggota di kelurahannya sendiri",
            ),
        )
    }

    /// Refuses unless the caller may make a move that belongs to `party` (on an application
    /// it can see: the scope has been applied already).
    pub fn require_move(&self, party: Party) -> AppResult<()> {
        match (self.role, party) {
            (Role::Admin, _) | (Role::Officer, Party::Applicant) | (Role::Lender, Party::Lender) => Ok(()),
            (Role::Officer, Party::Lender) => Err(AppError::forbidden(Text::new(
                "reviewing, deciding, disbursing and closing are the lender's moves",
                "meninjau, memutuskan, mencairkan, dan menutup pengajuan adalah wewenang lembaga pembiayaan",
            ))),
            (Role::Lender, Party::Applicant) => Err(AppError::forbidden(Text::new(
                "submitting and withdrawing are the applicant's moves",
                "mengirim dan menarik pengajuan adalah wewenang pihak pemohon",
            ))),
            (Role::Public, _) => Err(AppError::Unauthenticated(needs_token())),
            (Role::Agency, _) => Err(AppError::forbidden(Text::new(
                "partner agencies do not move financing applications",
                "instansi mitra tidak mengubah status pengajuan pembiayaan",
            ))),
        }
    }

    /// Refuses unless the caller may record mentoring anywhere: ADMIN, an OFFICER or a LENDER.
    pub fn require_any_mentoring_write(&self) -> AppResult<()> {
        let allowed = match self.role {
            Role::Admin => true,
            Role::Lender => self.lender_id.is_some(),
            Role::Officer => !self.kelurahans.is_empty(),
            Role::Agency | Role::Public => false,
        };
        self.allow_or_refuse(
            allowed,
            needs_token(),
            Text::new(
                "mentoring is recorded by Dinas staff, kelurahan officers and lenders",
                "pendampingan dicatat oleh staf Dinas, petugas kelurahan, dan lembaga pembiayaan",
            ),
        )
    }

    /// Refuses unless the caller may record mentoring for a group of `kelurahan`.
    pub fn require_mentoring_write(&self, kelurahan: KelurahanId) -> AppResult<()> {
        self.require_any_mentoring_write()?;
        self.refuse_officer_outside(
            kelurahan,
            Text::new(
                "an officer may only record mentoring for groups of its own kelurahan",
                "petugas kelurahan hanya boleh mencatat pendampingan untuk kelompok di kelurahannya sendiri",
            ),
        )
    }
}

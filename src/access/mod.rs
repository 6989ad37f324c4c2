//! Who is calling, and what they may see and do.
//!
//! Every request carries a [`Viewer`], made from its bearer token (or PUBLIC without one).
//! The rules of the domain (UU PDP 27/2022 for personal data) live here, in one place.

mod capital;
mod refusal;
pub mod token;

use async_graphql::Enum;

use crate::error::{AppError, AppResult};
use crate::graphql::language::Text;
use crate::ids::{KelurahanId, LenderId, TokenId};

pub use capital::{ApplicationScope, Party};
pub use refusal::{Action, aid_of_other_kelurahan, personal_data_forbidden};

/// The role a token grants.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq, Hash, diesel::AsExpression, diesel::FromSqlRow)]
#[diesel(sql_type = diesel::sql_types::Text)]
pub enum Role {
    /// Dinas Koperasi dan UMKM staff: everything, everywhere.
    Admin,
    /// Kelurahan facilitator: registers groups and members, sees personal data, in its kelurahan only.
    Officer,
    /// A lender: public data, member lists, the applications sent to its own schemes and the
    /// personal data of their applicants.
    Lender,
    /// A partner agency (Dinas Sosial, OJK, a retailer): linked data without personal data.
    Agency,
    /// No token: public information only.
    Public,
}

crate::text_enum!(Role {
    Admin => "ADMIN",
    Officer => "OFFICER",
    Lender => "LENDER",
    Agency => "AGENCY",
    Public => "PUBLIC",
});

/// An extra power a token may be given when it is created.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Grant {
    /// Manage aid programmes and allocations (for an AGENCY such as Dinas Sosial).
    Aid,
}

impl Grant {
    /// How grants are written on the command line and stored: lower case, comma-separated.
    pub fn key(self) -> &'static str {
        match self {
            Grant::Aid => "aid",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        match key.trim().to_lowercase().as_str() {
            "aid" => Some(Grant::Aid),
            _ => None,
        }
    }
}

/// The caller of one request.
#[derive(Debug, Clone)]
pub struct Viewer {
    /// The token behind the request; `None` for the public.
    pub token_id: Option<TokenId>,
    pub role: Role,
    /// The token's name (a person or an office); `None` for the public.
    pub name: Option<String>,
    /// The kelurahan an OFFICER works in (id and code).
    pub kelurahans: Vec<(KelurahanId, String)>,
    /// The lender a LENDER token acts for.
    /// Extra powers given to the token.
    pub grants: Vec<Grant>,
    pub lender_id: Option<LenderId>,
}

impl Viewer {
    pub fn public() -> Self {
        Viewer {
            token_id: None,
            role: Role::Public,
            name: None,
            kelurahans: Vec::new(),
            lender_id: None,
            grants: Vec::new(),
        }
    }

    fn works_in(&self, kelurahan: KelurahanId) -> bool {
        self.kelurahans.iter().any(|(id, _)| *id == kelurahan)
    }

    /// Member lists and member records (names, roles, skills).
    pub fn can_list_members(&self) -> bool {
        matches!(self.role, Role::Admin | Role::Officer | Role::Lender)
    }

    /// NIK, phone, address and birth date of a member of a group in `kelurahan`.
    pub fn can_read_personal_data(&self, kelurahan: KelurahanId) -> bool {
        match self.role {
            Role::Admin => true,
            Role::Officer => self.works_in(kelurahan),
            Role::Lender | Role::Agency | Role::Public => false,
        }
    }

    /// Refuses unless the caller may list members.
    pub fn require_member_access(&self) -> AppResult<()> {
        self.allow_or_refuse(
            self.can_list_members(),
            Text::new(
                "members are visible to Dinas staff, kelurahan officers and lenders only; send a bearer token",
                "data anggota hanya untuk staf Dinas, petugas kelurahan, dan lembaga pembiayaan; kirim token bearer",
            ),
            Text::new("this role may not list members", "peran ini tidak boleh melihat daftar anggota"),
        )
    }

    /// Refuses unless the caller may register or change groups and members in `kelurahan`.
    pub fn require_registry_write(&self, kelurahan: KelurahanId) -> AppResult<()> {
        self.refuse_officer_outside(
            kelurahan,
            Text::new(
                "an officer may only change the registry of its own kelurahan",
                "petugas kelurahan hanya boleh mengubah data di kelurahannya sendiri",
            ),
        )?;
        self.require_any_registry_write()
    }

    /// Refuses unless the caller may read a group's declared turnover and capital (business
    /// figures of a group in `kelurahan`): ADMIN, and the OFFICER there.
    pub fn require_business_figures(&self, kelurahan: KelurahanId) -> AppResult<()> {
        self.allow_or_refuse(
            self.role == Role::Admin || (self.role == Role::Officer && self.works_in(kelurahan)),
            Text::new(
                "a group's turnover and capital need a bearer token; its scale is public",
                "omzet dan modal kelompok usaha memerlukan token; skalanya publik",
            ),
            Text::new(
                "a group's turnover and capital are for Dinas staff and the officer of its kelurahan",
                "omzet dan modal kelompok usaha hanya untuk staf Dinas dan petugas kelurahannya",
            ),
        )
    }

    /// Refuses unless the caller may change the registry anywhere at all (checked before
    /// looking at the input, so that anonymous callers learn nothing about it).
    pub fn require_any_registry_write(&self) -> AppResult<()> {
        self.allow_or_refuse(
            self.role == Role::Admin || (self.role == Role::Officer && !self.kelurahans.is_empty()),
            Text::new("this mutation needs a bearer token", "perubahan data memerlukan token bearer"),
            Text::new("this role may not change the registry", "peran ini tidak boleh mengubah data registri"),
        )
    }
}

/// Rules of aid and events.
impl Viewer {
    /// Creating and changing aid programmes and allocations: ADMIN, or an AGENCY granted aid.
    pub fn can_manage_aid(&self) -> bool {
        self.role == Role::Admin || (self.role == Role::Agency && self.grants.contains(&Grant::Aid))
    }

    /// Allocations and monitoring of groups in `kelurahan`: aid managers, and the OFFICER there.
    pub fn can_see_aid_of(&self, kelurahan: KelurahanId) -> bool {
        self.can_manage_aid() || (self.role == Role::Officer && self.works_in(kelurahan))
    }

    /// Refuses unless the caller may see allocations at all (their lists are then narrowed
    /// to what [`Viewer::can_see_aid_of`] allows).
    pub fn require_aid_access(&self) -> AppResult<()> {
        self.allow_or_refuse(
            self.can_manage_aid() || self.role == Role::Officer,
            Text::new("allocations need a bearer token", "data alokasi bantuan memerlukan token bearer"),
            Text::new(
                "allocations are for Dinas staff, the aid agency and kelurahan officers",
                "data alokasi bantuan hanya untuk staf Dinas, instansi pengelola bantuan, dan petugas kelurahan",
            ),
        )
    }

    pub fn require_aid_management(&self) -> AppResult<()> {
        self.allow_or_refuse(
            self.can_manage_aid(),
            Text::new("managing aid needs a bearer token", "pengelolaan bantuan memerlukan token bearer"),
            Text::new(
                "aid is managed by Dinas staff (ADMIN) or an agency token granted aid",
                "bantuan dikelola oleh staf Dinas (ADMIN) atau token instansi yang diberi hak bantuan",
            ),
        )
    }

    /// The OFFICER's kelurahan, when the caller's view of a list is narrowed to them.
    pub fn kelurahan_scope(&self) -> Option<Vec<KelurahanId>> {
        (self.role == Role::Officer).then(|| self.kelurahans.iter().map(|(id, _)| *id).collect())
    }

    /// Who registered for events (the lists carry member names): all for ADMIN, members of
    /// its kelurahan for an OFFICER (`Some` scope); refused for anyone else.
    pub fn participant_scope(&self) -> AppResult<Option<Vec<KelurahanId>>> {
        self.allow_or_refuse(
            matches!(self.role, Role::Admin | Role::Officer),
            Text::new("registrations need a bearer token", "daftar peserta memerlukan token bearer"),
            Text::new(
                "registrations carry member names: for Dinas staff and kelurahan officers",
                "daftar peserta memuat nama anggota: hanya untuk staf Dinas dan petugas kelurahan",
            ),
        )?;
        Ok(self.kelurahan_scope())
    }
}

/// Rules of the product catalogue.
impl Viewer {
    /// An assessment's assessor and notes: the Dinas's working notes on a product of a group
    /// in `kelurahan`.
    pub fn can_read_assessment_notes(&self, kelurahan: KelurahanId) -> bool {
        match self.role {
            Role::Admin | Role::Agency => true,
            Role::Officer => self.works_in(kelurahan),
            Role::Lender | Role::Public => false,
        }
    }

    /// Refuses unless the caller is Dinas staff (ADMIN); `what` says what was asked.
    pub fn require_admin(&self, what: Action) -> AppResult<()> {
        let (english, indonesian) = what.describe();
        match self.role {
            Role::Admin => Ok(()),
            Role::Public => Err(AppError::Unauthenticated(Text::new(
                format!("{english} needs a bearer token"),
                format!("{indonesian} memerlukan token bearer"),
            ))),
            _ => Err(AppError::forbidden(Text::new(
                format!("only Dinas staff (ADMIN) may {english}"),
                format!("hanya staf Dinas (ADMIN) yang boleh {indonesian}"),
            ))),
        }
    }
}

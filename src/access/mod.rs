//! Who is calling, and what they may see and do.
//!
//! Every request carries a [`Viewer`], made from its bearer token (or PUBLIC without one).
//! The rules of the domain (UU PDP 27/2022 for personal data) live here, in one place.

pub mod graphql;
pub mod token;

use async_graphql::Enum;

use crate::error::{AppError, AppResult};
use crate::ids::{KelurahanId, LenderId, TokenId};

/// The role a token grants.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq, Hash, diesel::AsExpression, diesel::FromSqlRow)]
#[diesel(sql_type = diesel::sql_types::Text)]
pub enum Role {
    /// Dinas Koperasi dan UMKM staff: everything, everywhere.
    Admin,
    /// Kelurahan facilitator: registers groups and members, sees personal data, in its kelurahan only.
    Officer,
    /// A lender: public data and the applications sent to its own schemes.
    Lender,
    /// A partner agency (Dinas Sosial, OJK, a retailer): linked data without personal data.
    Agency,
    /// No token: public information only.
    Public,
}

crate::text_enum!(Role);

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
        if self.can_list_members() {
            Ok(())
        } else if self.role == Role::Public {
            Err(AppError::Unauthenticated(
                "members are visible to Dinas staff, kelurahan officers and lenders only; send a bearer token".into(),
            ))
        } else {
            Err(AppError::forbidden("this role may not list members"))
        }
    }

    /// Refuses unless the caller may register or change groups and members in `kelurahan`.
    pub fn require_registry_write(&self, kelurahan: KelurahanId) -> AppResult<()> {
        match self.role {
            Role::Admin => Ok(()),
            Role::Officer if self.works_in(kelurahan) => Ok(()),
            Role::Officer => Err(AppError::forbidden("an officer may only change the registry of its own kelurahan")),
            Role::Public => Err(AppError::Unauthenticated("this mutation needs a bearer token".into())),
            Role::Lender | Role::Agency => Err(AppError::forbidden("this role may not change the registry")),
        }
    }

    /// Refuses unless the caller may read a group's declared turnover and capital (business
    /// figures of a group in `kelurahan`): ADMIN, and the OFFICER there.
    pub fn require_business_figures(&self, kelurahan: KelurahanId) -> AppResult<()> {
        match self.role {
            Role::Admin => Ok(()),
            Role::Officer if self.works_in(kelurahan) => Ok(()),
            Role::Public => Err(AppError::Unauthenticated(
                "a group's turnover and capital need a bearer token; its scale is public".into(),
            )),
            _ => Err(AppError::forbidden(
                "a group's turnover and capital are for Dinas staff and the officer of its kelurahan",
            )),
        }
    }

    /// Refuses unless the caller may change the registry anywhere at all (checked before
    /// looking at the input, so that anonymous callers learn nothing about it).
    pub fn require_any_registry_write(&self) -> AppResult<()> {
        match self.role {
            Role::Admin => Ok(()),
            Role::Officer if !self.kelurahans.is_empty() => Ok(()),
            Role::Public => Err(AppError::Unauthenticated("this mutation needs a bearer token".into())),
            _ => Err(AppError::forbidden("this role may not change the registry")),
        }
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
        match self.role {
            _ if self.can_manage_aid() => Ok(()),
            Role::Officer => Ok(()),
            Role::Public => Err(AppError::Unauthenticated("allocations need a bearer token".into())),
            _ => Err(AppError::forbidden("allocations are for Dinas staff, the aid agency and kelurahan officers")),
        }
    }

    pub fn require_aid_management(&self) -> AppResult<()> {
        match self.role {
            _ if self.can_manage_aid() => Ok(()),
            Role::Public => Err(AppError::Unauthenticated("managing aid needs a bearer token".into())),
            _ => Err(AppError::forbidden("aid is managed by Dinas staff (ADMIN) or an agency token granted aid")),
        }
    }

    /// The OFFICER's kelurahan, when the caller's view of a list is narrowed to them.
    pub fn kelurahan_scope(&self) -> Option<Vec<KelurahanId>> {
        (self.role == Role::Officer).then(|| self.kelurahans.iter().map(|(id, _)| *id).collect())
    }

    /// Who registered for events (the lists carry member names): all for ADMIN, members of
    /// its kelurahan for an OFFICER (`Some` scope); refused for anyone else.
    pub fn participant_scope(&self) -> AppResult<Option<Vec<KelurahanId>>> {
        match self.role {
            Role::Admin | Role::Officer => Ok(self.kelurahan_scope()),
            Role::Public => Err(AppError::Unauthenticated("registrations need a bearer token".into())),
            _ => Err(AppError::forbidden("registrations carry member names: for Dinas staff and kelurahan officers")),
        }
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
    pub fn require_admin(&self, what: &str) -> AppResult<()> {
        match self.role {
            Role::Admin => Ok(()),
            Role::Public => Err(AppError::Unauthenticated(format!("{what} needs a bearer token"))),
            _ => Err(AppError::forbidden(format!("only Dinas staff (ADMIN) may {what}"))),
        }
    }
}

/// The error a personal field resolves to for a caller not entitled to it.
pub fn personal_data_forbidden() -> AppError {
    AppError::forbidden(
        "personal data (NIK, phone, address, birth date) is visible to Dinas staff, to the officer of the member's \
         kelurahan and to a lender the member applied to only",
    )
}

// ---- Capital (issue 4): lenders and schemes, financing applications, mentoring ----

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

fn needs_token() -> AppError {
    AppError::Unauthenticated("this needs a bearer token".into())
}

impl Viewer {
    /// The lender a LENDER token acts for (`None` for every other role).
    pub fn acting_lender(&self) -> Option<LenderId> {
        if self.role == Role::Lender { self.lender_id } else { None }
    }

    /// Refuses unless the caller may change lenders or schemes at all: ADMIN or a LENDER.
    pub fn require_any_lender_write(&self) -> AppResult<()> {
        match self.role {
            Role::Admin => Ok(()),
            Role::Lender if self.lender_id.is_some() => Ok(()),
            Role::Public => Err(needs_token()),
            _ => Err(AppError::forbidden("lenders and schemes are changed by Dinas staff or by the lender itself")),
        }
    }

    /// Refuses unless the caller may change `lender` and its schemes: ADMIN, or that lender.
    pub fn require_lender_write(&self, lender: LenderId) -> AppResult<()> {
        self.require_any_lender_write()?;
        match self.acting_lender() {
            Some(own) if own != lender => {
                Err(AppError::forbidden("a lender may only change itself and its own schemes"))
            }
            _ => Ok(()),
        }
    }

    /// The financing applications the caller may see; PUBLIC and AGENCY may see none.
    pub fn application_scope(&self) -> AppResult<ApplicationScope> {
        match self.role {
            Role::Admin => Ok(ApplicationScope::All),
            Role::Officer => Ok(ApplicationScope::Kelurahans(self.kelurahans.iter().map(|(id, _)| *id).collect())),
            Role::Lender => self
                .lender_id
                .map(ApplicationScope::Lender)
                .ok_or_else(|| AppError::forbidden("this LENDER token names no lender")),
            Role::Agency => Err(AppError::forbidden(
                "financing applications are personal financial data; partner agencies see the figures only",
            )),
            Role::Public => Err(AppError::Unauthenticated(
                "financing applications need a bearer token; the figures (financingDashboard) are public".into(),
            )),
        }
    }

    /// The kelurahan whose groups the dashboard's group lists (which groups applied, which
    /// received capital) may show: `None` for all of them (ADMIN), an OFFICER's own; refused
    /// to everyone else, who see the counts only.
    pub fn dashboard_group_scope(&self) -> AppResult<Option<Vec<KelurahanId>>> {
        match self.role {
            Role::Admin => Ok(None),
            Role::Officer => Ok(Some(self.kelurahans.iter().map(|(id, _)| *id).collect())),
            Role::Public => Err(AppError::Unauthenticated(
                "the dashboard's group lists need a bearer token; their counts are public".into(),
            )),
            Role::Lender | Role::Agency => Err(AppError::forbidden(
                "the dashboard's group lists are for Dinas staff and kelurahan officers; their counts are public",
            )),
        }
    }

    /// Refuses unless the caller may submit applications somewhere: ADMIN, or an OFFICER.
    pub fn require_any_application_write(&self) -> AppResult<()> {
        match self.role {
            Role::Admin => Ok(()),
            Role::Officer if !self.kelurahans.is_empty() => Ok(()),
            Role::Public => Err(needs_token()),
            _ => Err(AppError::forbidden(
                "financing applications are submitted by Dinas staff or by the officer of the applicant's kelurahan",
            )),
        }
    }

    /// Refuses unless the caller may submit an application for an applicant of `kelurahan`.
    pub fn require_application_write(&self, kelurahan: KelurahanId) -> AppResult<()> {
        self.require_any_application_write()?;
        if self.role == Role::Officer && !self.works_in(kelurahan) {
            return Err(AppError::forbidden("an officer may only submit for groups and members of its own kelurahan"));
        }
        Ok(())
    }

    /// Refuses unless the caller may make a move that belongs to `party` (on an application
    /// it can see: the scope has been applied already).
    pub fn require_move(&self, party: Party) -> AppResult<()> {
        match (self.role, party) {
            (Role::Admin, _) | (Role::Officer, Party::Applicant) | (Role::Lender, Party::Lender) => Ok(()),
            (Role::Officer, Party::Lender) => {
                Err(AppError::forbidden("reviewing, deciding, disbursing and closing are the lender's moves"))
            }
            (Role::Lender, Party::Applicant) => {
                Err(AppError::forbidden("submitting and withdrawing are the applicant's moves"))
            }
            (Role::Public, _) => Err(needs_token()),
            (Role::Agency, _) => Err(AppError::forbidden("partner agencies do not move financing applications")),
        }
    }

    /// Refuses unless the caller may record mentoring anywhere: ADMIN, an OFFICER or a LENDER.
    pub fn require_any_mentoring_write(&self) -> AppResult<()> {
        match self.role {
            Role::Admin => Ok(()),
            Role::Lender if self.lender_id.is_some() => Ok(()),
            Role::Officer if !self.kelurahans.is_empty() => Ok(()),
            Role::Public => Err(needs_token()),
            _ => Err(AppError::forbidden("mentoring is recorded by Dinas staff, kelurahan officers and lenders")),
        }
    }

    /// Refuses unless the caller may record mentoring for a group of `kelurahan`.
    pub fn require_mentoring_write(&self, kelurahan: KelurahanId) -> AppResult<()> {
        self.require_any_mentoring_write()?;
        if self.role == Role::Officer && !self.works_in(kelurahan) {
            return Err(AppError::forbidden("an officer may only record mentoring for groups of its own kelurahan"));
        }
        Ok(())
    }
}

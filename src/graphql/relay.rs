//! Relay conventions: cursor connections with `totalCount`, over lists in id order or in the
//! order an `orderBy` asks for.

use async_graphql::connection::{Connection, CursorType, Edge};
use async_graphql::{Context, SimpleObject};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use diesel::result::QueryResult;

use async_graphql::dataloader::Loader;

use crate::db::DbConn;
use crate::db::page::{Direction, Page, PageRequest, Sort};
use crate::error::{AppError, AppResult};
use crate::graphql::context::ContextExt;
use crate::graphql::language::Text;
use crate::graphql::loader::DbLoader;
use crate::graphql::order::ListSort;

/// Page size when neither `first` nor `last` is given.
pub const DEFAULT_PAGE_SIZE: i64 = 20;
/// The largest page a client may ask for.
pub const MAX_PAGE_SIZE: i64 = 100;

/// An opaque cursor: the id of the row an edge stands for and, in a list sorted by an
/// `orderBy`, the tag of that order ([`Sort::tag`]). A list in id order keeps the plain
/// `cursor:<id>` form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListCursor {
    pub id: i64,
    pub order: Option<String>,
}

/// A cursor string that this API did not make.
#[derive(Debug, thiserror::Error)]
#[error("{0:?} is not a cursor of this API")]
pub struct InvalidCursor(String);

impl InvalidCursor {
    /// The refusal, for a person.
    pub fn text(&self) -> Text {
        Text::new(self.to_string(), format!("{:?} bukan cursor dari API ini", self.0))
    }
}

impl CursorType for ListCursor {
    type Error = InvalidCursor;

    fn decode_cursor(s: &str) -> Result<Self, Self::Error> {
        let text = URL_SAFE_NO_PAD.decode(s).ok().and_then(|bytes| String::from_utf8(bytes).ok());
        let parse = |text: &str| {
            if let Some(id) = text.strip_prefix("cursor:") {
                return Some(ListCursor { id: id.parse().ok()?, order: None });
            }
            let (order, id) = text.strip_prefix("order:")?.rsplit_once(':')?;
            Some(ListCursor { id: id.parse().ok()?, order: Some(order.to_string()) })
        };
        text.as_deref().and_then(parse).ok_or_else(|| InvalidCursor(s.to_string()))
    }

    fn encode_cursor(&self) -> String {
        match &self.order {
            None => URL_SAFE_NO_PAD.encode(format!("cursor:{}", self.id)),
            Some(order) => URL_SAFE_NO_PAD.encode(format!("order:{order}:{}", self.id)),
        }
    }
}

/// The count of all items of a connection, across its pages.
#[derive(SimpleObject, Debug, Clone, Copy)]
pub struct TotalCount {
    /// How many items match, across all pages.
    pub total_count: i32,
}

/// A Relay connection of `N` (named `NConnection`, with `NEdge`, `nodes` and `totalCount`).
pub type ListConnection<N> = Connection<ListCursor, N, TotalCount>;

/// A count as a GraphQL `Int` (32-bit); counts that large do not occur, but never wrap.
pub fn count_to_int(count: i64) -> i32 {
    i32::try_from(count).unwrap_or(i32::MAX)
}

/// The Relay paging arguments of a connection field, as a resolver receives them: a
/// parameter `page: PageArgs` of a resolver in an impl marked `#[paging]`
/// (`umkm_graph_macros::paging`) stands for the arguments `first`, `after`, `last` and
/// `before`, which that macro writes out, described, for async-graphql.
#[derive(Debug, Clone)]
pub struct PageArgs {
    pub first: Option<i32>,
    pub after: Option<String>,
    pub last: Option<i32>,
    pub before: Option<String>,
}

/// Reads the Relay paging arguments of the connection being resolved: `first`/`after` page
/// forward, `last`/`before` backward; both directions at once are refused, as are sizes
/// outside 0..=100. A first page whose `totalCount` is selected is counted by the statement
/// that reads it.
pub fn page_request(ctx: &Context<'_>, page: PageArgs) -> AppResult<PageRequest> {
    Ok(paging(None, page)?.counting(wants_total(ctx)))
}

/// [`page_request`] for a list with an `orderBy` argument: without one the list stays in id
/// order; with one, its cursors are those of that order (any other is BAD_USER_INPUT).
pub fn ordered_page_request(
    ctx: &Context<'_>,
    order_by: Option<impl ListSort>,
    page: PageArgs,
) -> AppResult<PageRequest> {
    Ok(paging(order_by.map(|o| o.sort()), page)?.counting(wants_total(ctx)))
}

fn paging(sort: Option<Sort>, PageArgs { first, after, last, before }: PageArgs) -> AppResult<PageRequest> {
    let size = |n: i32, name: &str| {
        let n = i64::from(n);
        if (0..=MAX_PAGE_SIZE).contains(&n) {
            Ok(n)
        } else {
            Err(AppError::bad_input(Text::new(
                format!("\"{name}\" must be between 0 and {MAX_PAGE_SIZE}"),
                format!("\"{name}\" harus antara 0 dan {MAX_PAGE_SIZE}"),
            )))
        }
    };
    let order = sort.map(|s| s.tag());
    let cursor = |c: Option<String>| {
        c.map(|c| {
            let cursor = ListCursor::decode_cursor(&c).map_err(|e| AppError::bad_input(e.text()))?;
            if cursor.order != order {
                return Err(AppError::bad_input(Text::new(
                    format!("{c:?} is a cursor of another order of this list: page with the orderBy it was made with"),
                    format!("{c:?} adalah cursor untuk urutan lain dari daftar ini: gunakan orderBy yang sama dengan saat cursor dibuat"),
                )));
            }
            Ok(cursor.id)
        })
        .transpose()
    };
    let backward = last.is_some() || before.is_some();
    if backward && (first.is_some() || after.is_some()) {
        return Err(AppError::bad_input(Text::new(
            "page either forward (first/after) or backward (last/before), not both",
            "pilih salah satu arah halaman: maju (first/after) atau mundur (last/before), tidak keduanya",
        )));
    }
    let (direction, from, count, count_name) = if backward {
        (Direction::Backward, before, last, "last")
    } else {
        (Direction::Forward, after, first, "first")
    };
    Ok(PageRequest {
        direction,
        sort,
        cursor: cursor(from)?,
        size: count.map(|n| size(n, count_name)).transpose()?.unwrap_or(DEFAULT_PAGE_SIZE),
        with_total: false,
    })
}

/// Whether the client selected `totalCount` on the connection being resolved, so that the
/// count statement runs only when it is read.
pub fn wants_total(ctx: &Context<'_>) -> bool {
    ctx.look_ahead().field("totalCount").exists()
}

/// Whether the client selected any of `fields` on the nodes of the connection being resolved
/// (through `nodes` or `edges { node }`, fragments included).
pub fn nodes_select_any(ctx: &Context<'_>, fields: &[&str]) -> bool {
    let look = ctx.look_ahead();
    let nodes = [look.field("nodes"), look.field("edges").field("node")];
    nodes.iter().any(|node| fields.iter().any(|field| node.field(field).exists()))
}

/// Builds the connection for one page; `total` is `None` when it was not asked for (or came
/// with the page).
pub fn connection<R: async_graphql::OutputType>(
    page: Page<R>,
    request: &PageRequest,
    total: Option<i64>,
    id: impl Fn(&R) -> i64,
) -> ListConnection<R> {
    let (has_previous, has_next) = match request.direction {
        Direction::Forward => (request.cursor.is_some(), page.has_more),
        Direction::Backward => (page.has_more, request.cursor.is_some()),
    };
    let total_count = count_to_int(total.or(page.total).unwrap_or(0));
    let mut connection = Connection::with_additional_fields(has_previous, has_next, TotalCount { total_count });
    let order = request.sort.map(|s| s.tag());
    let cursor = |row: &R| ListCursor { id: id(row), order: order.clone() };
    connection.edges.extend(page.rows.into_iter().map(|row| Edge::new(cursor(&row), row)));
    connection
}

/// A top-level connection: one page of the rows that `criteria` selects and, when `totalCount`
/// is selected, their count (in the page's statement for a first page, else by `count`), over
/// one pooled connection.
pub async fn list_connection<C, R: async_graphql::OutputType>(
    ctx: &Context<'_>,
    request: &PageRequest,
    criteria: &C,
    page: impl AsyncFnOnce(&mut DbConn, &C, &PageRequest) -> QueryResult<Page<R>>,
    count: impl AsyncFnOnce(&mut DbConn, &C) -> QueryResult<i64>,
    id: impl Fn(&R) -> i64,
) -> async_graphql::Result<ListConnection<R>> {
    let mut conn = ctx.conn().await?;
    let rows = page(&mut conn, criteria, request).await.map_err(AppError::from)?;
    let total = if wants_total(ctx) && !request.with_total {
        Some(count(&mut conn, criteria).await.map_err(AppError::from)?)
    } else {
        None
    };
    Ok(connection(rows, request, total, id))
}

/// A connection nested under a parent: its page and, when selected, its count, both through
/// the request's DataLoader so that all parents of one level share one statement (a first
/// page carries its count; a later one loads it by `count_key` alongside).
pub async fn nested_connection<PK, CK, R>(
    ctx: &Context<'_>,
    page_key: PK,
    count_key: CK,
    request: &PageRequest,
    id: impl Fn(&R) -> i64,
) -> async_graphql::Result<ListConnection<R>>
where
    PK: Send + Sync + std::hash::Hash + Eq + Clone + 'static,
    CK: Send + Sync + std::hash::Hash + Eq + Clone + 'static,
    R: Send + Sync + Clone + async_graphql::OutputType + 'static,
    DbLoader: Loader<PK, Value = Page<R>, Error = async_graphql::Error>
        + Loader<CK, Value = i64, Error = async_graphql::Error>,
{
    let loader = ctx.loader();
    let rows = loader.load_one(page_key);
    let separate_count = wants_total(ctx) && !request.with_total;
    let total = async { if separate_count { loader.load_one(count_key).await } else { Ok(None) } };
    let (rows, total) = futures_util::try_join!(rows, total)?;
    Ok(connection(rows.unwrap_or_else(Page::empty), request, total, id))
}

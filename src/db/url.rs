//! `DATABASE_URL`: which backend, where, and how to show it without its secret.

use super::Backend;

/// Where the database lives, parsed from `DATABASE_URL`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DatabaseUrl {
    pub backend: Backend,
    /// What the driver is given: the full URL for PostgreSQL, a file path for SQLite.
    pub target: String,
}

impl DatabaseUrl {
    /// `postgres://…` or `postgresql://…` is PostgreSQL; `sqlite://PATH`, `sqlite:PATH` or a
    /// plain path is an SQLite file (created when absent).
    pub fn parse(url: &str) -> Result<Self, String> {
        let url = url.trim();
        if url.is_empty() {
            return Err("the database URL is empty".into());
        }
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            return Ok(Self { backend: Backend::Postgres, target: url.to_string() });
        }
        let path = url.strip_prefix("sqlite://").or_else(|| url.strip_prefix("sqlite:")).unwrap_or(url);
        if path.is_empty() {
            return Err("the SQLite URL names no file".into());
        }
        if path.contains("://") {
            return Err(format!("unsupported database URL scheme in {url:?}: use postgres:// or sqlite://"));
        }
        Ok(Self { backend: Backend::Sqlite, target: path.to_string() })
    }
}

impl DatabaseUrl {
    /// The database as a person should see it: the absolute path of an SQLite file, or the
    /// PostgreSQL URL with its password masked.
    pub fn describe(&self) -> String {
        match self.backend {
            Backend::Sqlite => {
                let path = std::path::Path::new(&self.target);
                let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
                format!("SQLite file {}", absolute.display())
            }
            Backend::Postgres => format!("PostgreSQL {}", without_password(&self.target)),
        }
    }

    /// Whether this is an SQLite file that does not exist yet (opening it would create it).
    pub fn is_new_sqlite_file(&self) -> bool {
        self.backend == Backend::Sqlite && !std::path::Path::new(&self.target).exists()
    }
}

/// `url` with the password of its user part and any `password=` parameter masked.
fn without_password(url: &str) -> String {
    let (base, params) = url.split_once('?').map_or((url, None), |(b, p)| (b, Some(p)));
    let (scheme, rest) = base.split_once("://").unwrap_or(("", base));
    let authority_end = rest.find('/').unwrap_or(rest.len());
    let mut masked = match rest[..authority_end].rsplit_once('@') {
        Some((user, host)) => {
            let user = user.split_once(':').map_or(user.to_string(), |(name, _)| format!("{name}:***"));
            format!("{scheme}://{user}@{host}{}", &rest[authority_end..])
        }
        None => base.to_string(),
    };
    if let Some(params) = params {
        let params: Vec<String> = params
            .split('&')
            .map(|param| match param.split_once('=') {
                Some((key, _)) if key.eq_ignore_ascii_case("password") => format!("{key}=***"),
                _ => param.to_string(),
            })
            .collect();
        masked = format!("{masked}?{}", params.join("&"));
    }
    masked
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::Backend;

    #[test]
    fn urls_choose_the_backend() {
        assert_eq!(DatabaseUrl::parse("postgres://u@h/db").unwrap().backend, Backend::Postgres);
        assert_eq!(DatabaseUrl::parse("postgresql://u@h/db").unwrap().backend, Backend::Postgres);
        let sqlite = DatabaseUrl::parse("sqlite://umkm.db").unwrap();
        assert_eq!((sqlite.backend, sqlite.target.as_str()), (Backend::Sqlite, "umkm.db"));
        assert_eq!(DatabaseUrl::parse("sqlite:/tmp/x.db").unwrap().target, "/tmp/x.db");
        assert_eq!(DatabaseUrl::parse("data/umkm.db").unwrap().target, "data/umkm.db");
        assert!(DatabaseUrl::parse("mysql://x").is_err());
        assert!(DatabaseUrl::parse("sqlite://").is_err());
        assert!(DatabaseUrl::parse(" ").is_err());
    }

    #[test]
    fn descriptions_name_the_file_and_hide_passwords() {
        let sqlite = DatabaseUrl::parse("sqlite://umkm.db").unwrap().describe();
        assert!(sqlite.starts_with("SQLite file /") && sqlite.ends_with("/umkm.db"), "{sqlite}");
        let pg = DatabaseUrl::parse("postgres://dinas:s3cret@db.local:5432/umkm?sslmode=require&password=x").unwrap();
        assert_eq!(pg.describe(), "PostgreSQL postgres://dinas:***@db.local:5432/umkm?sslmode=require&password=***");
        let socket = DatabaseUrl::parse("postgres://postgres@localhost/postgres?host=/var/run/postgresql").unwrap();
        assert_eq!(socket.describe(), "PostgreSQL postgres://postgres@localhost/postgres?host=/var/run/postgresql");
    }
}

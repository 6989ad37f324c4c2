//! The `umkm-graph` command: serve the API, migrate, print the schema, manage tokens.

use std::net::SocketAddr;

use clap::{Parser, Subcommand};
use umkm_graph::access::token::{self, TokenSpec};
use umkm_graph::access::{Grant, Role};
use umkm_graph::db::DatabaseUrl;
use umkm_graph::financing::lenders::model as lenders;
use umkm_graph::ids::{LenderId, TokenId};
use umkm_graph::server::App;
use umkm_graph::server::config::EdgeConfig;

/// mimalloc rather than the system allocator: an answer allocates per field and per row,
/// and under glibc's malloc that was about a third of the server's CPU (see bench/README.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// GraphQL API of the UMKM registry of Kota Palu (Dinas Koperasi dan UMKM).
#[derive(Parser)]
#[command(version)]
struct Cli {
    /// postgres://… for PostgreSQL; sqlite://PATH (or a plain path) for an SQLite file. A
    /// relative path is relative to the current folder: every command prints the database it
    /// uses on stderr.
    #[arg(long, env = "DATABASE_URL", default_value = "sqlite://umkm.db", global = true)]
    database_url: String,
    /// Let `token` and `lender` commands create the SQLite file when it does not exist. They
    /// refuse otherwise: a missing file there is nearly always the wrong folder, and a token
    /// made in a new database would only get 401 from the server.
    #[arg(long, global = true)]
    create: bool,
    /// Log lines as `text` (for people) or `json` (one object a line, for log collectors).
    #[arg(long, env = "LOG_FORMAT", value_enum, default_value_t = LogFormat::Text, global = true)]
    log_format: LogFormat,
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum LogFormat {
    Text,
    Json,
}

#[derive(Subcommand)]
enum Command {
    /// Serve GraphQL at /graphql, GraphiQL at /graphiql, a landing page at /, liveness at
    /// /healthz, readiness at /readyz, Prometheus metrics at /metrics (with METRICS_TOKEN).
    Serve {
        #[arg(long, env = "LISTEN_ADDR", default_value = "127.0.0.1:8080")]
        listen: SocketAddr,
        /// Fill an empty registry with labelled demo data first.
        #[arg(long)]
        demo: bool,
        #[command(flatten)]
        edge: EdgeConfig,
    },
    /// Apply pending migrations and load Palu's geography, then exit.
    Migrate,
    /// Print the GraphQL schema (SDL); touches no database.
    Schema,
    /// Manage API tokens.
    Token {
        #[command(subcommand)]
        command: TokenCommand,
    },
    /// Look up lenders (for `token create --lender`).
    Lender {
        #[command(subcommand)]
        command: LenderCommand,
    },
    /// Import a CSV file of groups with members, or of products with permits (see the
    /// README). All or nothing unless --partial; exits non-zero when rows are refused.
    Import {
        /// What the file holds.
        #[arg(value_enum)]
        kind: umkm_graph::import::ImportKind,
        /// The CSV file (UTF-8 or Windows-1252, `,` or `;`).
        file: std::path::PathBuf,
        /// Check every row and report, write nothing.
        #[arg(long)]
        dry_run: bool,
        /// Write the clean rows (whole groups) even when others are refused.
        #[arg(long)]
        partial: bool,
        /// Write the row-by-row report (CSV) to this file as well.
        #[arg(long)]
        report: Option<std::path::PathBuf>,
    },
}

#[derive(Subcommand)]
enum LenderCommand {
    /// List lenders: number (for `token create --lender`), kind, name.
    List,
}

#[derive(Subcommand)]
enum TokenCommand {
    /// Create a token; its secret is printed as the last line, once.
    Create {
        #[arg(long, value_parser = parse_role)]
        role: Role,
        #[arg(long)]
        name: String,
        /// Kelurahan code an OFFICER works in (repeatable).
        #[arg(long = "kelurahan")]
        kelurahans: Vec<String>,
        /// The lender a LENDER token acts for: its number, from `lender list`.
        #[arg(long)]
        lender: Option<i64>,
        /// An extra power (repeatable): `aid` lets an AGENCY token manage aid programmes.
        #[arg(long = "grant", value_parser = parse_grant)]
        grants: Vec<Grant>,
    },
    /// List tokens (never their secrets).
    List,
    /// Revoke a token by its number (see `token list`).
    Revoke { id: i64 },
}

fn parse_grant(text: &str) -> Result<Grant, String> {
    Grant::from_key(text).ok_or_else(|| "expected aid".to_string())
}

fn parse_role(text: &str) -> Result<Role, String> {
    Role::from_name(&text.to_uppercase())
        .filter(|role| *role != Role::Public)
        .ok_or_else(|| "expected ADMIN, OFFICER, LENDER or AGENCY".to_string())
}

#[tokio::main]
async fn main() {
    let cli = Cli::parse();
    let filter = tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into());
    let logs = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()));
    match cli.log_format {
        LogFormat::Text => logs.init(),
        LogFormat::Json => logs.json().flatten_event(true).init(),
    }
    if let Err(message) = run(cli).await {
        eprintln!("error: {message}");
        std::process::exit(1);
    }
}

async fn run(cli: Cli) -> Result<(), String> {
    if let Command::Schema = cli.command {
        print!("{}", umkm_graph::schema::build_schema().sdl());
        return Ok(());
    }
    let url = DatabaseUrl::parse(&cli.database_url).map_err(|e| format!("invalid database URL: {e}"))?;
    eprintln!("database: {}", url.describe());
    let administers = matches!(cli.command, Command::Token { .. } | Command::Lender { .. } | Command::Import { .. });
    if administers && url.is_new_sqlite_file() && !cli.create {
        return Err(format!(
            "{} does not exist: run this where the server's database is, pass --database-url, \
             or add --create to start a new database",
            url.describe()
        ));
    }
    let config = match &cli.command {
        Command::Serve { edge, .. } => edge.clone(),
        _ => EdgeConfig::default(),
    };
    let app = App::start_with(&cli.database_url, config).await.map_err(|e| e.to_string())?;
    let mut conn = app.db.conn().await.map_err(|e| e.to_string())?;
    match cli.command {
        Command::Schema => unreachable!("handled above"),
        Command::Migrate => println!("database is up to date"),
        Command::Serve { listen, demo, edge } => serve(app, conn, listen, demo, &edge).await?,
        Command::Token { command } => token_command(&mut conn, command).await?,
        Command::Import { kind, file, dry_run, partial, report } => {
            let options = umkm_graph::import::ImportOptions { dry_run, partial };
            umkm_graph::import::cli::run(&mut conn, kind, &file, options, report.as_deref()).await?;
        }
        Command::Lender { command: LenderCommand::List } => {
            for lender in lenders::all_lenders(&mut conn).await.map_err(|e| e.to_string())? {
                println!("{}\t{}\t{}", lender.id.0, lender.fields.kind.as_str(), lender.fields.name);
            }
        }
    }
    Ok(())
}

/// `serve`: fills the demo data when asked, then serves until SIGINT or SIGTERM.
async fn serve(
    app: App,
    mut conn: umkm_graph::db::DbConn,
    listen: SocketAddr,
    demo: bool,
    edge: &EdgeConfig,
) -> Result<(), String> {
    if demo {
        let added = umkm_graph::demo::fill_if_empty(&mut conn).await.map_err(|e| format!("{e:?}"))?;
        tracing::info!(added, "demo groups");
        let added = umkm_graph::demo::capital::fill_if_empty(&mut conn).await.map_err(|e| format!("{e:?}"))?;
        tracing::info!(added, "demo lenders");
    }
    drop(conn);
    let listener =
        tokio::net::TcpListener::bind(listen).await.map_err(|e| format!("cannot listen on {listen}: {e}"))?;
    tracing::info!("GraphiQL at http://{listen}/graphiql, GraphQL at http://{listen}/graphql");
    umkm_graph::server::listen::serve(listener, app.router(), edge, shutdown_signal()).await;
    Ok(())
}

/// The `token` commands.
async fn token_command(conn: &mut umkm_graph::db::DbConn, command: TokenCommand) -> Result<(), String> {
    match command {
        TokenCommand::Create { role, name, kelurahans, lender, grants } => {
            let spec = TokenSpec { role, name, kelurahan_codes: kelurahans, lender_id: lender.map(LenderId), grants };
            let (row, secret) = token::create(conn, &spec).await.map_err(|e| e.message().english().to_string())?;
            println!(
                "created token {} ({}, {}); send it as 'Authorization: Bearer <token>'. It is shown only once:",
                row.id.0,
                row.role.as_str(),
                row.name
            );
            println!("{secret}");
        }
        TokenCommand::List => {
            for (row, codes) in token::list(conn).await.map_err(|e| e.message().english().to_string())? {
                let state = if row.revoked_at.is_some() { "revoked" } else { "active" };
                println!(
                    "{}\t{}\t{}\t{}\t{}\t{}",
                    row.id.0,
                    row.role.as_str(),
                    state,
                    row.name,
                    codes.join(","),
                    row.grants
                );
            }
        }
        TokenCommand::Revoke { id } => {
            if token::revoke(conn, TokenId(id)).await.map_err(|e| e.message().english().to_string())? {
                println!("token {id} revoked");
            } else {
                return Err(format!("no active token {id}"));
            }
        }
    }
    Ok(())
}

/// Resolves on SIGINT or SIGTERM, so that the server finishes its requests and stops.
async fn shutdown_signal() {
    let interrupt = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    tokio::select! {
        () = interrupt => {},
        () = terminate => {},
    }
    tracing::info!("shutting down");
}

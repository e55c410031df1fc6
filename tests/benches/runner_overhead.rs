//! `up` over 100 generated migrations: this workspace's runner against the stock
//! sea-orm-migration `Migrator::up`, on a SQLite file and on PostgreSQL.
//!
//! Run: `cargo bench -p workspace-tests --bench runner_overhead` (`BENCH_ROUNDS=N` for
//! more rounds, default 9; `BENCH_ONLY=<text>` to run only the sets whose label has it). Each round migrates a fresh database with each runner, in
//! alternating order, and the report gives the median time of each and the median of the per-round ratios
//! ours / stock (runs side by side share the machine's slow phases).
//!
//! - `stock`: `validator_connect::connect` + `Migrator::up(&db, None)`. (The stock CLI's
//!   default pool opens several SQLite connections, each re-reading the growing schema,
//!   which makes it slower still; the same connection setup for both isolates the runner.)
//! - `ours, whole command`: `validator_runner::run` for `up`, exactly what the binary
//!   does: connection probe, pool, migration lock, checksums, one transaction per migration.
//! - `ours, runner only`: `Runner::up` on an open connection (no probe, no lock), which
//!   isolates the cost of checksums and tracking.
//!
//! Two migration sets: `atomic` (`use_transaction() = Some(true)`, so both runners use a
//! transaction per migration everywhere) and `default` (`None`: the stock runner uses no
//! transaction on SQLite, ours still does).

use std::{
    io,
    time::{Duration, Instant},
};

use clap::Parser;
use sea_orm::{ConnectionTrait, DatabaseConnection};
use sea_orm_migration::MigratorTrait;
use validator_connect::DatabaseUrl;
use validator_runner::{MigrateCli, Runner, run};
use workspace_tests::{fixtures::Generated, pg, sqlite::SqliteDatabase};

const MIGRATIONS: usize = 100;

type Atomic = Generated<MIGRATIONS, true>;
type Default = Generated<MIGRATIONS, false>;

/// A fresh database of one backend; dropped (deleted) with the value.
enum Fresh {
    Sqlite(SqliteDatabase),
    Postgres(pg::PgDatabase),
}

impl Fresh {
    fn url(&self) -> String {
        match self {
            Fresh::Sqlite(file) => file.url(),
            Fresh::Postgres(database) => database.url().to_owned(),
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Backend {
    Sqlite,
    Postgres,
    /// PostgreSQL with `synchronous_commit = off` on the bench database: commits do not
    /// wait for the disk, so what remains is the runners' own work and round trips,
    /// without the noise of other processes' disk traffic.
    PostgresNoFsync,
}

async fn fresh(backend: Backend) -> Fresh {
    match backend {
        Backend::Sqlite => Fresh::Sqlite(SqliteDatabase::new().expect("temporary directory")),
        Backend::Postgres | Backend::PostgresNoFsync => {
            let database = pg::database()
                .await
                .expect("PostgreSQL was checked before the bench");
            if backend == Backend::PostgresNoFsync {
                let db = database.connect().await.expect("connect");
                let sql = format!(
                    r#"ALTER DATABASE "{}" SET synchronous_commit = off"#,
                    database.name()
                );
                db.execute_unprepared(&sql)
                    .await
                    .expect("synchronous_commit");
                db.close().await.expect("close");
            }
            Fresh::Postgres(database)
        }
    }
}

/// The connection our runner makes (`validator_connect::connect`: a probe, then a pool; one
/// connection on SQLite), used for both runners so the comparison is of the runners.
async fn connect(url: &str) -> DatabaseConnection {
    let url = DatabaseUrl::parse(url).expect("url");
    validator_connect::connect(&url, Duration::from_secs(10), |_| {})
        .await
        .expect("connect")
}

async fn stock<M: MigratorTrait>(backend: Backend) -> Duration {
    let database = fresh(backend).await;
    let started = Instant::now();
    let db = connect(&database.url()).await;
    M::up(&db, None).await.expect("stock up");
    db.close().await.expect("close");
    let elapsed = started.elapsed();
    assert_eq!(
        M::get_applied_migrations(&connect(&database.url()).await)
            .await
            .expect("status")
            .len(),
        MIGRATIONS
    );
    elapsed
}

async fn ours_command<M: MigratorTrait>(backend: Backend) -> Duration {
    let database = fresh(backend).await;
    let url = database.url();
    let cli = MigrateCli::try_parse_from(["bench", "-u", url.as_str(), "up"]).expect("arguments");
    let started = Instant::now();
    let code = run::<M>(cli, &mut io::sink(), &mut io::sink())
        .await
        .expect("our up");
    let elapsed = started.elapsed();
    assert_eq!(code, 0);
    assert_eq!(
        M::get_applied_migrations(&connect(&url).await)
            .await
            .expect("status")
            .len(),
        MIGRATIONS
    );
    elapsed
}

async fn ours_runner<M: MigratorTrait>(backend: Backend) -> Duration {
    let database = fresh(backend).await;
    let url = DatabaseUrl::parse(&database.url()).expect("url");
    let started = Instant::now();
    let db = connect(url.expose()).await;
    let done = Runner::<M>::new(&db, &url)
        .up(None, &mut |_| {})
        .await
        .expect("runner up");
    db.close().await.expect("close");
    let elapsed = started.elapsed();
    assert_eq!(done, MIGRATIONS);
    elapsed
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

fn seconds(samples: &[Duration]) -> Vec<f64> {
    samples.iter().map(Duration::as_secs_f64).collect()
}

/// Ratios of runs made side by side in the same round: slow phases of a shared machine
/// hit both, so the median of these is steadier than a ratio of medians.
fn paired_ratios(ours: &[Duration], stock: &[Duration]) -> f64 {
    median(
        ours.iter()
            .zip(stock)
            .map(|(ours, stock)| ours.as_secs_f64() / stock.as_secs_f64())
            .collect(),
    )
}

fn ms(seconds: f64) -> String {
    format!("{:.1} ms", seconds * 1000.0)
}

async fn compare<M: MigratorTrait>(backend: Backend, label: &str, rounds: usize) {
    if let Ok(only) = std::env::var("BENCH_ONLY")
        && !label.contains(only.as_str())
    {
        return;
    }
    let (mut base, mut command, mut runner) = (Vec::new(), Vec::new(), Vec::new());
    // One warm-up of each, not counted (file cache, PG catalog cache, lazy statics).
    stock::<M>(backend).await;
    ours_command::<M>(backend).await;
    for round in 0..rounds {
        if round % 2 == 0 {
            base.push(stock::<M>(backend).await);
            command.push(ours_command::<M>(backend).await);
            runner.push(ours_runner::<M>(backend).await);
        } else {
            runner.push(ours_runner::<M>(backend).await);
            command.push(ours_command::<M>(backend).await);
            base.push(stock::<M>(backend).await);
        }
    }
    println!(
        "{label:<18} stock {:>9}  ours (whole command) {:>9}, paired ratio {:.3}  ours (runner only) {:>9}, paired ratio {:.3}",
        ms(median(seconds(&base))),
        ms(median(seconds(&command))),
        paired_ratios(&command, &base),
        ms(median(seconds(&runner))),
        paired_ratios(&runner, &base),
    );
}

/// How long rendering and hashing every migration takes (the checksum's own cost).
async fn rendering_cost() {
    for backend in [sea_orm::DbBackend::Sqlite, sea_orm::DbBackend::Postgres] {
        let started = Instant::now();
        for migration in Atomic::migrations() {
            validator_runner::checksum::render(migration.as_ref(), backend).await;
        }
        println!(
            "rendering + hashing {MIGRATIONS} migrations ({backend:?}, each rendered twice): {}",
            ms(started.elapsed().as_secs_f64())
        );
    }
}

fn main() {
    // `cargo bench` passes `--bench`; this harness takes no arguments of its own.
    let rounds: usize = std::env::var("BENCH_ROUNDS")
        .ok()
        .and_then(|text| text.parse().ok())
        .filter(|rounds| *rounds > 0)
        .unwrap_or(9);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async {
        rendering_cost().await;
        println!("up over {MIGRATIONS} generated migrations, {rounds} rounds");
        compare::<Atomic>(Backend::Sqlite, "sqlite, atomic", rounds).await;
        compare::<Default>(Backend::Sqlite, "sqlite, default", rounds).await;
        if pg::server().await.is_some() {
            compare::<Atomic>(Backend::Postgres, "postgres, atomic", rounds).await;
            compare::<Default>(Backend::Postgres, "postgres, default", rounds).await;
            compare::<Atomic>(Backend::PostgresNoFsync, "postgres, no fsync", rounds).await;
        }
    });
}

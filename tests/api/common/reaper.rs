//! Drops the tests' PostgreSQL databases on threads of their own, so that a test does not wait
//! for it. PostgreSQL 15 forces a checkpoint in every DROP DATABASE (0.2 to 2 seconds a test on
//! a busy server); several drops waiting at once share one checkpoint, hence several workers.
//! Whatever is still queued when the test process exits is dropped before it does (an
//! `atexit` hook waits for the queue).

use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

use diesel_async::{AsyncConnection, AsyncPgConnection, SimpleAsyncConnection};

/// How many databases are dropped at once.
const WORKERS: usize = 8;

struct Reaper {
    queue: Sender<String>,
    workers: Vec<JoinHandle<()>>,
}

static REAPER: Mutex<Option<Reaper>> = Mutex::new(None);

unsafe extern "C" {
    fn atexit(callback: extern "C" fn()) -> std::os::raw::c_int;
}

/// Queues the database `name` for dropping through `admin_url`.
pub fn drop_later(admin_url: &str, name: String) {
    let mut reaper = REAPER.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    let reaper = reaper.get_or_insert_with(|| start(admin_url.to_string()));
    // A send fails only once the worker has gone, at exit: nothing is left to do then.
    let _ = reaper.queue.send(name);
}

fn start(admin_url: String) -> Reaper {
    let (queue, names) = channel::<String>();
    let names = Arc::new(Mutex::new(names));
    let workers = (0..WORKERS)
        .map(|_| {
            let (admin_url, names) = (admin_url.clone(), names.clone());
            std::thread::spawn(move || drop_each(&admin_url, &names))
        })
        .collect();
    // SAFETY: `drain` is a plain function that stays valid for the life of the process.
    unsafe { atexit(drain) };
    Reaper { queue, workers }
}

/// Drops the databases named in `names`, one at a time, until the queue closes.
fn drop_each(admin_url: &str, names: &Mutex<Receiver<String>>) {
    let Ok(runtime) = tokio::runtime::Builder::new_current_thread().enable_all().build() else { return };
    let next = || names.lock().ok().and_then(|names| names.recv().ok());
    runtime.block_on(async {
        let mut admin: Option<AsyncPgConnection> = None;
        while let Some(name) = next() {
            if admin.is_none() {
                admin = AsyncPgConnection::establish(admin_url).await.ok();
            }
            let Some(conn) = admin.as_mut() else { continue };
            if conn.batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).await.is_err() {
                admin = None;
            }
        }
    });
}

/// Closes the queue and waits until every database in it has been dropped.
extern "C" fn drain() {
    let reaper = REAPER.lock().ok().and_then(|mut reaper| reaper.take());
    if let Some(Reaper { queue, workers }) = reaper {
        drop(queue);
        for worker in workers {
            let _ = worker.join();
        }
    }
}

//! Batching at the executor's natural points instead of after a fixed wait.
//!
//! A request's DataLoader does not start its loads on the runtime: it hands them to the
//! request's [`LocalTasks`], and [`drive`] polls them in the request's own task, only once
//! the executor has nothing left to do without them. By then every resolver of the level
//! has asked for its keys, so a level costs one statement, and a request that needs one
//! statement waits for nothing else.

use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Wake, Waker};

use futures_util::future::BoxFuture;
use futures_util::stream::{FuturesUnordered, StreamExt};

/// The loads a request's DataLoader has asked for and that have not started yet.
#[derive(Default)]
pub struct LocalTasks {
    queued: Mutex<Vec<BoxFuture<'static, ()>>>,
    driver: Mutex<Option<Waker>>,
}

impl LocalTasks {
    /// Queues `task` to run in the request's task (the DataLoader's spawner).
    pub fn spawn(&self, task: BoxFuture<'static, ()>) {
        lock(&self.queued).push(task);
        if let Some(driver) = lock(&self.driver).as_ref() {
            driver.wake_by_ref();
        }
    }

    fn take(&self) -> Vec<BoxFuture<'static, ()>> {
        std::mem::take(&mut *lock(&self.queued))
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Runs `future` (a request's execution) together with the loads it queues in `tasks`.
pub fn drive<F: Future>(future: F, tasks: Arc<LocalTasks>) -> impl Future<Output = F::Output> {
    Drive { future: Box::pin(future), tasks, running: FuturesUnordered::new() }
}

/// How often one poll re-polls the executor after it only yielded to be fair, or after a
/// load finished, before handing back to the runtime.
const MAX_ROUNDS: usize = 64;

struct Drive<F: Future> {
    future: Pin<Box<F>>,
    tasks: Arc<LocalTasks>,
    running: FuturesUnordered<BoxFuture<'static, ()>>,
}

/// A waker that remembers being woken and passes the wake on.
struct Flag {
    woken: AtomicBool,
    inner: Waker,
}

impl Wake for Flag {
    fn wake(self: Arc<Self>) {
        self.wake_by_ref();
    }

    fn wake_by_ref(self: &Arc<Self>) {
        self.woken.store(true, Ordering::Release);
        self.inner.wake_by_ref();
    }
}

impl<F: Future> Future for Drive<F> {
    type Output = F::Output;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        *lock(&self.tasks.driver) = Some(cx.waker().clone());
        let flag = Arc::new(Flag { woken: AtomicBool::new(false), inner: cx.waker().clone() });
        let waker = Waker::from(flag.clone());
        for _ in 0..MAX_ROUNDS {
            flag.woken.store(false, Ordering::Release);
            if let Poll::Ready(output) = self.future.as_mut().poll(&mut Context::from_waker(&waker)) {
                return Poll::Ready(output);
            }
            // Woken while being polled: the executor yielded with work left (a long list is
            // resolved 32 items at a time). Let it finish asking before any load starts.
            if flag.woken.load(Ordering::Acquire) {
                continue;
            }
            let queued = self.tasks.take();
            self.running.extend(queued);
            let mut finished = false;
            while let Poll::Ready(Some(())) = self.running.poll_next_unpin(cx) {
                finished = true;
            }
            // A finished load has answered resolvers: the executor can go on at once.
            if !(finished || flag.woken.load(Ordering::Acquire)) {
                return Poll::Pending;
            }
        }
        cx.waker().wake_by_ref();
        Poll::Pending
    }
}

// `Drive` moves its future only behind a `Pin<Box<_>>`.
impl<F: Future> Unpin for Drive<F> {}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn loads_queued_by_the_future_run_once_it_waits() {
        let tasks = Arc::new(LocalTasks::default());
        let log = Arc::new(Mutex::new(Vec::new()));
        let future = {
            let tasks = tasks.clone();
            let log = log.clone();
            async move {
                let (done, wait) = tokio::sync::oneshot::channel::<u32>();
                for n in 0..3 {
                    log.lock().unwrap().push(format!("ask {n}"));
                }
                let log_in_task = log.clone();
                tasks.spawn(Box::pin(async move {
                    log_in_task.lock().unwrap().push("load".to_string());
                    let _ = done.send(7);
                }));
                // Yields as futures' FuturesUnordered does after 32 ready items: it wakes
                // itself at once and returns Pending.
                let mut yielded = false;
                std::future::poll_fn(|cx| {
                    if yielded {
                        return Poll::Ready(());
                    }
                    yielded = true;
                    cx.waker().wake_by_ref();
                    Poll::Pending
                })
                .await;
                log.lock().unwrap().push("after yield".to_string());
                wait.await.unwrap()
            }
        };
        assert_eq!(drive(future, tasks).await, 7);
        assert_eq!(*log.lock().unwrap(), ["ask 0", "ask 1", "ask 2", "after yield", "load"]);
    }
}

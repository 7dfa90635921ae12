//! Worker threads that read and enrich files for the indexer, with a per-file time limit: a
//! task that runs past the limit is given up on (its thread is left behind and replaced), so
//! one pathological file cannot stall a run. A task may hand over parts of its output while
//! it runs ([`Parts`]), so a huge file's output is never held whole.

use std::collections::HashMap;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender, SyncSender, TryRecvError};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// A unit of work: it may send parts of its output through the [`Parts`] it is given.
pub type Work<R, P> = Box<dyn FnOnce(&Parts<R, P>) -> R + Send>;

type Task<R, P> = (u64, Work<R, P>);

/// What each worker is doing: the task id and when it started.
type Slots = Arc<Mutex<Vec<Option<(u64, Instant)>>>>;

/// What workers send back: part of a running task's output, or a task's result.
enum Event<R, P> {
    Part(u64, P),
    Done(u64, R),
}

/// Parts in flight at most: a worker with more to hand over waits for the caller, so parts
/// never pile up in memory. (Results are not bounded: there is one per task of a batch, and
/// the batch's results are all kept until it ends anyway.)
const PARTS_IN_FLIGHT: usize = 4;

/// How often running tasks are checked against the time limit.
const CHECK_EVERY: Duration = Duration::from_millis(250);

/// How long the caller sleeps when it finds no event while every worker is busy. Waiting on
/// the channel instead would make each worker wake it (a futex call and a context switch) for
/// every file: on two cores that was most of the indexer's 900,000 context switches at 200k
/// files, and several seconds of system time.
const POLL: Duration = Duration::from_millis(1);

/// The channel through which a running task hands over parts of its output.
pub struct Parts<R, P> {
    id: u64,
    tx: Sender<Event<R, P>>,
    permits: SyncSender<()>,
}

impl<R, P> Parts<R, P> {
    /// Hands a part to the caller of [`Pool::run_batch`]; waits while the caller is behind.
    /// Parts of a task that was given up on are dropped. Returns `false` once the pool is
    /// gone: nothing will take the task's output any more.
    pub fn send(&self, part: P) -> bool {
        // A permit first: at most PARTS_IN_FLIGHT parts wait for the caller.
        self.permits.send(()).is_ok() && self.tx.send(Event::Part(self.id, part)).is_ok()
    }
}

/// A batch handed to the workers by [`Pool::submit`], waiting for [`Pool::collect`].
#[must_use = "a submitted batch's results are taken with Pool::collect"]
pub struct Submitted {
    /// The position in the batch of each task id.
    index_of: HashMap<u64, usize>,
    n: usize,
}

/// A fixed set of worker threads plus replacements for abandoned ones.
pub struct Pool<R: Send + 'static, P: Send + 'static> {
    tasks: Option<Sender<Task<R, P>>>,
    task_rx: Arc<Mutex<Receiver<Task<R, P>>>>,
    results: Receiver<Event<R, P>>,
    result_tx: Sender<Event<R, P>>,
    /// One permit per part sent and not yet taken by the caller.
    permits: Receiver<()>,
    permit_tx: SyncSender<()>,
    /// Workers started with the pool (replacements for abandoned ones not counted).
    threads: usize,
    slots: Slots,
    limit: Duration,
    next_id: u64,
}

impl<R: Send + 'static, P: Send + 'static> Pool<R, P> {
    /// Starts `threads` workers; tasks running longer than `limit` are abandoned.
    pub fn new(threads: usize, limit: Duration) -> Pool<R, P> {
        let (tasks, task_rx) = mpsc::channel::<Task<R, P>>();
        let (result_tx, results) = mpsc::channel();
        let (permit_tx, permits) = mpsc::sync_channel(PARTS_IN_FLIGHT);
        let pool = Pool {
            tasks: Some(tasks),
            task_rx: Arc::new(Mutex::new(task_rx)),
            results,
            result_tx,
            permits,
            permit_tx,
            threads: threads.max(1),
            slots: Arc::new(Mutex::new(Vec::new())),
            limit,
            next_id: 0,
        };
        for _ in 0..threads.max(1) {
            pool.spawn_worker();
        }
        pool
    }

    fn spawn_worker(&self) {
        let slot = {
            let mut slots = self.slots.lock().unwrap_or_else(|e| e.into_inner());
            slots.push(None);
            slots.len() - 1
        };
        let (rx, tx, permits, slots) = (
            Arc::clone(&self.task_rx),
            self.result_tx.clone(),
            self.permit_tx.clone(),
            Arc::clone(&self.slots),
        );
        let spawned = std::thread::Builder::new()
            .name(format!("dossier-read-{slot}"))
            .spawn(move || {
                loop {
                    let task = {
                        let rx = rx.lock().unwrap_or_else(|e| e.into_inner());
                        rx.recv()
                    };
                    let Ok((id, work)) = task else { return };
                    set_slot(&slots, slot, Some((id, Instant::now())));
                    let parts = Parts {
                        id,
                        tx: tx.clone(),
                        permits: permits.clone(),
                    };
                    let result = work(&parts);
                    set_slot(&slots, slot, None);
                    if tx.send(Event::Done(id, result)).is_err() {
                        return;
                    }
                }
            });
        // Without a thread the tasks still run on the others; nothing to report here.
        drop(spawned);
    }

    /// Runs a batch and returns the results in task order: [`Pool::submit`], then
    /// [`Pool::collect`].
    #[cfg(test)]
    pub fn run_batch(
        &mut self,
        batch: Vec<Work<R, P>>,
        on_part: impl FnMut(usize, P),
        on_done: impl FnMut(usize),
        on_timeout: impl Fn(usize) -> R,
    ) -> Vec<R> {
        let submitted = self.submit(batch);
        self.collect(submitted, on_part, on_done, on_timeout)
    }

    /// Hands a batch to the workers, who start on it at once; [`Pool::collect`] takes its
    /// results. Until then the caller is free: the indexer applies the results of one batch
    /// while the workers read the next.
    pub fn submit(&mut self, batch: Vec<Work<R, P>>) -> Submitted {
        let n = batch.len();
        let mut index_of: HashMap<u64, usize> = HashMap::with_capacity(n);
        let tasks = self.tasks.as_ref().expect("pool is running");
        for (i, work) in batch.into_iter().enumerate() {
            let id = self.next_id;
            self.next_id += 1;
            index_of.insert(id, i);
            // A send fails only if every worker is gone; `collect`'s timeout path then fills in.
            let _ = tasks.send((id, work));
        }
        Submitted { index_of, n }
    }

    /// Waits for a submitted batch and returns the results in task order. `on_part(index,
    /// part)` receives each part a task hands over, in the order it sent them and before its
    /// result. A task over the time limit yields `on_timeout(index)` instead (parts it sent
    /// before remain delivered; later ones are dropped); `on_done(index)` is called as each
    /// task finishes. One batch at a time: submit the next only after collecting this one.
    pub fn collect(
        &mut self,
        submitted: Submitted,
        mut on_part: impl FnMut(usize, P),
        mut on_done: impl FnMut(usize),
        on_timeout: impl Fn(usize) -> R,
    ) -> Vec<R> {
        let Submitted { mut index_of, n } = submitted;
        let mut out: Vec<Option<R>> = (0..n).map(|_| None).collect();
        let mut left = n;
        let mut checked = Instant::now();
        while left > 0 {
            // While more tasks are left than workers, every worker is busy and results keep
            // coming: look for them now and then rather than be woken by each. Near the end of
            // the batch, wait on the channel so the last results are taken at once.
            let event = if left > self.threads {
                match self.results.try_recv() {
                    Ok(event) => Ok(event),
                    Err(TryRecvError::Empty) => {
                        std::thread::sleep(POLL);
                        Err(RecvTimeoutError::Timeout)
                    }
                    Err(TryRecvError::Disconnected) => Err(RecvTimeoutError::Disconnected),
                }
            } else {
                self.results.recv_timeout(CHECK_EVERY)
            };
            match event {
                Ok(Event::Part(id, part)) => {
                    // Its permit: the sender may hand over another part.
                    let _ = self.permits.try_recv();
                    if let Some(&i) = index_of.get(&id) {
                        on_part(i, part);
                    }
                }
                Ok(Event::Done(id, r)) => {
                    if let Some(i) = index_of.remove(&id) {
                        out[i] = Some(r);
                        left -= 1;
                        on_done(i);
                    }
                }
                Err(RecvTimeoutError::Timeout) | Err(RecvTimeoutError::Disconnected) => {}
            }
            // A task that keeps sending parts is checked too, not only a silent one.
            if checked.elapsed() < CHECK_EVERY {
                continue;
            }
            checked = Instant::now();
            for id in self.overdue() {
                if let Some(i) = index_of.remove(&id) {
                    out[i] = Some(on_timeout(i));
                    left -= 1;
                    on_done(i);
                    // The stuck thread keeps its slot; give the pool a fresh worker.
                    self.spawn_worker();
                }
            }
        }
        out.into_iter()
            .map(|r| r.expect("every task answered"))
            .collect()
    }

    /// Ids of running tasks past the limit; their slots are marked abandoned.
    fn overdue(&self) -> Vec<u64> {
        let mut slots = self.slots.lock().unwrap_or_else(|e| e.into_inner());
        let mut ids = Vec::new();
        for slot in slots.iter_mut() {
            if let Some((id, started)) = *slot
                && started.elapsed() > self.limit
            {
                ids.push(id);
                *slot = Some((id, Instant::now() + Duration::from_secs(365 * 86_400)));
            }
        }
        ids
    }
}

impl<R: Send + 'static, P: Send + 'static> Drop for Pool<R, P> {
    fn drop(&mut self) {
        // Closing the queue lets idle workers exit; abandoned ones end with the process.
        self.tasks = None;
    }
}

fn set_slot(slots: &Slots, slot: usize, value: Option<(u64, Instant)>) {
    let mut slots = slots.lock().unwrap_or_else(|e| e.into_inner());
    slots[slot] = value;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn work<R, P>(f: impl FnOnce(&Parts<R, P>) -> R + Send + 'static) -> Work<R, P> {
        Box::new(f)
    }

    #[test]
    fn results_come_back_in_order() {
        let mut pool: Pool<usize, ()> = Pool::new(2, Duration::from_secs(60));
        let batch: Vec<Work<usize, ()>> = (0..50usize).map(|i| work(move |_| i * 2)).collect();
        let mut done = 0;
        let out = pool.run_batch(batch, |_, _| {}, |_| done += 1, |_| usize::MAX);
        assert_eq!(out, (0..50).map(|i| i * 2).collect::<Vec<_>>());
        assert_eq!(done, 50);
    }

    #[test]
    fn a_submitted_batch_runs_before_it_is_collected() {
        use std::sync::atomic::{AtomicUsize, Ordering};
        let ran = Arc::new(AtomicUsize::new(0));
        let mut pool: Pool<usize, ()> = Pool::new(2, Duration::from_secs(60));
        let batch: Vec<Work<usize, ()>> = (0..4usize)
            .map(|i| {
                let ran = Arc::clone(&ran);
                work(move |_| {
                    ran.fetch_add(1, Ordering::SeqCst);
                    i
                })
            })
            .collect();
        let submitted = pool.submit(batch);
        // The caller does other work; the workers do not wait for it.
        let deadline = Instant::now() + Duration::from_secs(30);
        while ran.load(Ordering::SeqCst) < 4 && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(1));
        }
        assert_eq!(ran.load(Ordering::SeqCst), 4);
        let out = pool.collect(submitted, |_, _| {}, |_| {}, |_| usize::MAX);
        assert_eq!(out, vec![0, 1, 2, 3]);
    }

    #[test]
    fn parts_arrive_in_order_before_their_task_result() {
        let mut pool: Pool<usize, (usize, usize)> = Pool::new(2, Duration::from_secs(60));
        // Many more parts than the channel holds: senders wait for the caller.
        let batch: Vec<Work<usize, (usize, usize)>> = (0..6usize)
            .map(|i| {
                work(move |parts: &Parts<usize, (usize, usize)>| {
                    for k in 0..100 {
                        parts.send((i, k));
                    }
                    i
                })
            })
            .collect();
        let mut got: Vec<Vec<usize>> = vec![Vec::new(); 6];
        let mut finished = vec![false; 6];
        let seen = std::cell::RefCell::new(&mut finished);
        let out = pool.run_batch(
            batch,
            |i, (task, k)| {
                assert_eq!(i, task);
                assert!(!seen.borrow()[i], "part after the result");
                got[i].push(k);
            },
            |i| seen.borrow_mut()[i] = true,
            |_| usize::MAX,
        );
        assert_eq!(out, (0..6).collect::<Vec<_>>());
        for parts in got {
            assert_eq!(parts, (0..100).collect::<Vec<_>>());
        }
    }

    #[test]
    fn a_slow_caller_holds_back_senders_of_parts() {
        use std::sync::atomic::{AtomicUsize, Ordering};
        let sent = Arc::new(AtomicUsize::new(0));
        let mut pool: Pool<(), ()> = Pool::new(2, Duration::from_secs(60));
        let batch: Vec<Work<(), ()>> = (0..4)
            .map(|_| {
                let sent = Arc::clone(&sent);
                work(move |parts: &Parts<(), ()>| {
                    for _ in 0..50 {
                        parts.send(());
                        sent.fetch_add(1, Ordering::SeqCst);
                    }
                })
            })
            .collect();
        let (mut taken, mut most) = (0, 0);
        pool.run_batch(
            batch,
            |_, ()| {
                taken += 1;
                std::thread::sleep(Duration::from_micros(200));
                // Sent and not yet taken: those in flight, plus one per worker that has
                // sent but not yet counted.
                most = most.max(sent.load(Ordering::SeqCst).saturating_sub(taken));
            },
            |_| {},
            |_| (),
        );
        assert_eq!(taken, 200);
        assert!(most <= PARTS_IN_FLIGHT + 2, "{most} parts were waiting");
    }

    #[test]
    fn a_stuck_task_times_out_and_the_rest_complete() {
        let mut pool: Pool<&'static str, ()> = Pool::new(1, Duration::from_millis(300));
        let batch: Vec<Work<&'static str, ()>> = vec![
            work(|_| {
                std::thread::sleep(Duration::from_secs(3600));
                "never"
            }),
            work(|_| "second"),
            work(|_| "third"),
        ];
        let out = pool.run_batch(batch, |_, _| {}, |_| {}, |_| "timeout");
        assert_eq!(out, vec!["timeout", "second", "third"]);
        // The pool still works after abandoning a thread.
        let again = pool.run_batch(vec![work(|_| "later")], |_, _| {}, |_| {}, |_| "timeout");
        assert_eq!(again, vec!["later"]);
    }

    #[test]
    fn a_task_that_keeps_sending_parts_still_times_out() {
        let mut pool: Pool<&'static str, u32> = Pool::new(1, Duration::from_millis(300));
        let batch: Vec<Work<&'static str, u32>> = vec![
            work(|parts: &Parts<&'static str, u32>| {
                while parts.send(1) {
                    std::thread::sleep(Duration::from_millis(10));
                }
                "pool gone"
            }),
            work(|_| "second"),
        ];
        let mut parts = 0;
        let out = pool.run_batch(batch, |_, p| parts += p, |_| {}, |_| "timeout");
        assert_eq!(out, vec!["timeout", "second"]);
        assert!(parts > 0);
    }
}

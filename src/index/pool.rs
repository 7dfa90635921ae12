//! Worker threads that read and enrich files for the indexer, with a per-file time limit: a
//! task that runs past the limit is given up on (its thread is left behind and replaced), so
//! one pathological file cannot stall a run.

use std::collections::HashMap;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

type Task<R> = (u64, Box<dyn FnOnce() -> R + Send>);

/// What each worker is doing: the task id and when it started.
type Slots = Arc<Mutex<Vec<Option<(u64, Instant)>>>>;

/// A fixed set of worker threads plus replacements for abandoned ones.
pub struct Pool<R: Send + 'static> {
    tasks: Option<Sender<Task<R>>>,
    task_rx: Arc<Mutex<Receiver<Task<R>>>>,
    results: Receiver<(u64, R)>,
    result_tx: Sender<(u64, R)>,
    slots: Slots,
    limit: Duration,
    next_id: u64,
}

impl<R: Send + 'static> Pool<R> {
    /// Starts `threads` workers; tasks running longer than `limit` are abandoned.
    pub fn new(threads: usize, limit: Duration) -> Pool<R> {
        let (tasks, task_rx) = mpsc::channel::<Task<R>>();
        let (result_tx, results) = mpsc::channel();
        let pool = Pool {
            tasks: Some(tasks),
            task_rx: Arc::new(Mutex::new(task_rx)),
            results,
            result_tx,
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
        let (rx, tx, slots) = (
            Arc::clone(&self.task_rx),
            self.result_tx.clone(),
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
                    let result = work();
                    set_slot(&slots, slot, None);
                    if tx.send((id, result)).is_err() {
                        return;
                    }
                }
            });
        // Without a thread the tasks still run on the others; nothing to report here.
        drop(spawned);
    }

    /// Runs a batch and returns the results in task order. A task over the time limit yields
    /// `on_timeout(index)` instead; `on_done(index)` is called as each task finishes.
    pub fn run_batch(
        &mut self,
        batch: Vec<Box<dyn FnOnce() -> R + Send>>,
        mut on_done: impl FnMut(usize),
        on_timeout: impl Fn(usize) -> R,
    ) -> Vec<R> {
        let n = batch.len();
        let mut index_of: HashMap<u64, usize> = HashMap::with_capacity(n);
        let tasks = self.tasks.as_ref().expect("pool is running");
        for (i, work) in batch.into_iter().enumerate() {
            let id = self.next_id;
            self.next_id += 1;
            index_of.insert(id, i);
            // A send fails only if every worker is gone; the timeout path below then fills in.
            let _ = tasks.send((id, work));
        }
        let mut out: Vec<Option<R>> = (0..n).map(|_| None).collect();
        let mut left = n;
        while left > 0 {
            match self.results.recv_timeout(Duration::from_millis(250)) {
                Ok((id, r)) => {
                    if let Some(i) = index_of.remove(&id) {
                        out[i] = Some(r);
                        left -= 1;
                        on_done(i);
                    }
                }
                Err(RecvTimeoutError::Timeout) | Err(RecvTimeoutError::Disconnected) => {
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

impl<R: Send + 'static> Drop for Pool<R> {
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

    #[test]
    fn results_come_back_in_order() {
        let mut pool: Pool<usize> = Pool::new(2, Duration::from_secs(60));
        let batch: Vec<Box<dyn FnOnce() -> usize + Send>> = (0..50usize)
            .map(|i| Box::new(move || i * 2) as Box<dyn FnOnce() -> usize + Send>)
            .collect();
        let mut done = 0;
        let out = pool.run_batch(batch, |_| done += 1, |_| usize::MAX);
        assert_eq!(out, (0..50).map(|i| i * 2).collect::<Vec<_>>());
        assert_eq!(done, 50);
    }

    #[test]
    fn a_stuck_task_times_out_and_the_rest_complete() {
        let mut pool: Pool<&'static str> = Pool::new(1, Duration::from_millis(300));
        let batch: Vec<Box<dyn FnOnce() -> &'static str + Send>> = vec![
            Box::new(|| {
                std::thread::sleep(Duration::from_secs(3600));
                "never"
            }),
            Box::new(|| "second"),
            Box::new(|| "third"),
        ];
        let out = pool.run_batch(batch, |_| {}, |_| "timeout");
        assert_eq!(out, vec!["timeout", "second", "third"]);
        // The pool still works after abandoning a thread.
        let again = pool.run_batch(vec![Box::new(|| "later")], |_| {}, |_| "timeout");
        assert_eq!(again, vec!["later"]);
    }
}

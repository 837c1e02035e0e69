//! Where a request's time goes, phase by phase (issue 14, item 14). A sync's database work runs on
//! one blocking thread, so its phases are recorded in a thread-local list while a recording is
//! open on that thread, and sent back as a standard `Server-Timing` header when the server runs
//! with `EVENKEEL_SERVER_TIMING=true` (the sync benchmark reads it). With the setting off (the
//! default) nothing is recorded: each phase costs one thread-local read.

use std::cell::RefCell;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

static ENABLED: AtomicBool = AtomicBool::new(false);

thread_local! {
    static PHASES: RefCell<Option<Phases>> = const { RefCell::new(None) };
}

/// The phases of one request, in the order they ended. A phase that runs twice is summed.
#[derive(Debug, Default, Clone)]
pub struct Phases(Vec<(&'static str, Duration)>);

impl Phases {
    pub fn add(&mut self, name: &'static str, took: Duration) {
        match self.0.iter_mut().find(|(n, _)| *n == name) {
            Some((_, total)) => *total += took,
            None => self.0.push((name, took)),
        }
    }

    /// `name;dur=1.234, …` in milliseconds (the W3C Server Timing syntax).
    pub fn header_value(&self) -> String {
        self.0
            .iter()
            .map(|(name, took)| format!("{name};dur={:.3}", took.as_secs_f64() * 1000.0))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

pub fn enable(on: bool) {
    ENABLED.store(on, Ordering::Relaxed);
}

pub fn enabled() -> bool {
    ENABLED.load(Ordering::Relaxed)
}

/// Runs `work` with a recording open on this thread, and returns what it recorded (empty when
/// timing is off).
pub fn recorded<T>(work: impl FnOnce() -> T) -> (T, Phases) {
    if !enabled() {
        return (work(), Phases::default());
    }
    PHASES.with(|p| *p.borrow_mut() = Some(Phases::default()));
    let value = work();
    let phases = PHASES.with(|p| p.borrow_mut().take()).unwrap_or_default();
    (value, phases)
}

/// Runs `work`, adding its duration to this thread's open recording, if any.
pub fn phase<T>(name: &'static str, work: impl FnOnce() -> T) -> T {
    if !enabled() || PHASES.with(|p| p.borrow().is_none()) {
        return work();
    }
    let start = Instant::now();
    let value = work();
    let took = start.elapsed();
    PHASES.with(|p| {
        if let Some(phases) = p.borrow_mut().as_mut() {
            phases.add(name, took);
        }
    });
    value
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phases_are_recorded_only_inside_a_recording_and_summed_by_name() {
        enable(true);
        phase("outside", || ());
        let ((), phases) = recorded(|| {
            phase("lock", || std::thread::sleep(Duration::from_millis(2)));
            phase("apply", || ());
            phase("lock", || std::thread::sleep(Duration::from_millis(2)));
        });
        let names: Vec<_> = phases.0.iter().map(|(n, _)| *n).collect();
        assert_eq!(names, ["lock", "apply"]);
        assert!(phases.0[0].1 >= Duration::from_millis(4), "both lock phases counted: {phases:?}");
        assert!(phases.header_value().starts_with("lock;dur="), "{}", phases.header_value());
        let ((), after) = recorded(|| ());
        assert!(after.0.is_empty(), "a new recording starts empty");
    }
}

//! Standard input that gives up at a deadline, for `lirc interp --timeout`: the
//! interpreter reads through `std::io::Read`, which cannot be interrupted, so reads of
//! the real stdin happen on a helper thread and a read still waiting when the deadline
//! passes fails with `TimedOut` (the interpreter then stops the run with its timeout).
//!
//! The helper thread reads only when the program asks (no read-ahead), so input the
//! program does not read stays for whoever reads stdin next.

use std::io::{self, Read};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Largest read the helper thread makes at once.
const CHUNK: usize = 1 << 16;

/// When reads give up; set by [`TimedStdin::deadline_handle`]'s owner before running.
pub type Deadline = Arc<Mutex<Option<Instant>>>;

/// The process's stdin, read on a helper thread, with a deadline.
pub struct TimedStdin {
    requests: Sender<usize>,
    replies: Receiver<io::Result<Vec<u8>>>,
    deadline: Deadline,
    /// A request is out whose reply has not been received.
    waiting: bool,
    /// Bytes of a reply that did not fit the buffer of the read that received it.
    pending: Vec<u8>,
}

impl TimedStdin {
    pub fn new() -> TimedStdin {
        let (requests, wanted) = mpsc::channel::<usize>();
        let (answer, replies) = mpsc::channel();
        std::thread::Builder::new()
            .name("lir-stdin".into())
            .spawn(move || {
                while let Ok(len) = wanted.recv() {
                    let mut buf = vec![0; len];
                    let read = io::stdin().read(&mut buf).map(|n| {
                        buf.truncate(n);
                        buf
                    });
                    if answer.send(read).is_err() {
                        break;
                    }
                }
            })
            .ok();
        TimedStdin {
            requests,
            replies,
            deadline: Arc::new(Mutex::new(None)),
            waiting: false,
            pending: Vec::new(),
        }
    }

    /// Where to set the deadline (none at first: reads wait as long as it takes).
    pub fn deadline_handle(&self) -> Deadline {
        self.deadline.clone()
    }

    fn deadline(&self) -> Option<Instant> {
        *self
            .deadline
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Copies pending bytes into `buf`.
    fn take_pending(&mut self, buf: &mut [u8]) -> usize {
        let n = self.pending.len().min(buf.len());
        buf[..n].copy_from_slice(&self.pending[..n]);
        self.pending.drain(..n);
        n
    }
}

impl Default for TimedStdin {
    fn default() -> Self {
        Self::new()
    }
}

impl Read for TimedStdin {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if !self.pending.is_empty() || buf.is_empty() {
            return Ok(self.take_pending(buf));
        }
        if !self.waiting {
            if self.requests.send(buf.len().min(CHUNK)).is_err() {
                return Ok(0);
            }
            self.waiting = true;
        }
        let reply = match self.deadline() {
            Some(deadline) => {
                let left = deadline.saturating_duration_since(Instant::now());
                self.replies.recv_timeout(left)
            }
            None => self
                .replies
                .recv()
                .map_err(|_| RecvTimeoutError::Disconnected),
        };
        match reply {
            Ok(bytes) => {
                self.waiting = false;
                self.pending = bytes?;
                Ok(self.take_pending(buf))
            }
            Err(RecvTimeoutError::Timeout) => Err(io::Error::new(
                io::ErrorKind::TimedOut,
                "standard input: the run's deadline passed",
            )),
            Err(RecvTimeoutError::Disconnected) => Ok(0),
        }
    }
}

/// A deadline for reads that lies just after the interpreter's own for a call
/// starting now, so that the interpreter, checking its deadline after the read,
/// reports the timeout.
pub fn deadline_after(timeout: Duration) -> Option<Instant> {
    Instant::now().checked_add(timeout.saturating_add(Duration::from_millis(20)))
}

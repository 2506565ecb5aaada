//! Runs a child process and measures its CPU time (user + system) from the rusage
//! that `wait4` returns for it, with captured output and an optional timeout.
//!
//! The rusage of a reaped child covers all of its threads (wasmtime compiles in
//! parallel) and any children it waited for, and none of this process's own work, so
//! the number is independent of how busy the parent is.

use crate::stats::Summary;
use std::ffi::OsString;
use std::io::{self, Read};
use std::path::Path;
use std::process::{Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

/// How a child ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Exit {
    /// Exited with this status.
    Code(i32),
    /// Killed by this signal (e.g. 11 for a crash).
    Signal(i32),
    /// Killed by us after the timeout.
    TimedOut,
}

impl Exit {
    /// A short description: `exit 0`, `signal 11`, `timed out`.
    pub fn describe(self) -> String {
        match self {
            Exit::Code(c) => format!("exit {c}"),
            Exit::Signal(s) => format!("signal {s}"),
            Exit::TimedOut => "timed out".to_string(),
        }
    }
}

/// What one run of a child produced.
#[derive(Clone, Debug)]
pub struct Outcome {
    pub exit: Exit,
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
    /// User + system CPU seconds of the child (all its threads).
    pub cpu: f64,
    /// Peak resident set size in bytes.
    pub max_rss: u64,
}

impl Outcome {
    /// True when the child exited with status 0.
    pub fn success(&self) -> bool {
        self.exit == Exit::Code(0)
    }

    /// A one-line description of a failure, with the first lines of its stderr.
    pub fn failure_summary(&self) -> String {
        let stderr = String::from_utf8_lossy(&self.stderr);
        let first: Vec<&str> = stderr.lines().take(3).collect();
        if first.is_empty() {
            self.exit.describe()
        } else {
            format!("{}: {}", self.exit.describe(), first.join(" / "))
        }
    }
}

impl Outcome {
    /// The first non-empty line of stderr (or the exit status when there is none): the
    /// error message of a compiler that failed, for a table cell.
    pub fn first_error_line(&self) -> String {
        let stderr = String::from_utf8_lossy(&self.stderr);
        match stderr.lines().map(str::trim).find(|l| !l.is_empty()) {
            Some(line) => line.to_string(),
            None => self.exit.describe(),
        }
    }

    /// Why this outcome differs from the expected exit status and stdout, if it does:
    /// `output differs: …`, naming the first differing line.
    pub fn difference(&self, exit: Exit, stdout: &[u8]) -> Option<String> {
        if self.exit != exit {
            return Some(format!(
                "output differs: {} instead of {} ({})",
                self.exit.describe(),
                exit.describe(),
                self.failure_summary()
            ));
        }
        if self.stdout != stdout {
            let want = String::from_utf8_lossy(stdout);
            let have = String::from_utf8_lossy(&self.stdout);
            let line = want
                .lines()
                .zip(have.lines())
                .find(|(a, b)| a != b)
                .map(|(a, b)| format!("`{b}` instead of `{a}`"))
                .unwrap_or_else(|| "a different number of lines".to_string());
            return Some(format!("output differs: {line}"));
        }
        None
    }
}

/// A command line: program and arguments, printable for messages.
#[derive(Clone, Debug)]
pub struct CommandLine {
    pub program: OsString,
    pub args: Vec<OsString>,
}

impl CommandLine {
    /// `program` with no arguments yet.
    pub fn new(program: impl Into<OsString>) -> CommandLine {
        CommandLine {
            program: program.into(),
            args: Vec::new(),
        }
    }

    /// Appends one argument.
    pub fn arg(mut self, arg: impl Into<OsString>) -> CommandLine {
        self.args.push(arg.into());
        self
    }

    /// Appends a path argument.
    pub fn path(self, path: &Path) -> CommandLine {
        self.arg(path.as_os_str())
    }

    /// Appends several arguments.
    pub fn args<I, S>(mut self, args: I) -> CommandLine
    where
        I: IntoIterator<Item = S>,
        S: Into<OsString>,
    {
        self.args.extend(args.into_iter().map(Into::into));
        self
    }

    /// The command as a shell-like string, for messages.
    pub fn display(&self) -> String {
        std::iter::once(&self.program)
            .chain(&self.args)
            .map(|a| a.to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// Runs the command with no stdin, captured stdout and stderr, and `timeout`.
    pub fn run(&self, timeout: Option<Duration>) -> io::Result<Outcome> {
        let mut cmd = Command::new(&self.program);
        cmd.args(&self.args);
        run(&mut cmd, timeout)
    }

    /// Runs a build step (with a 600 s limit): an error when it cannot start, and the
    /// outcome — successful or not — otherwise.
    pub fn build(&self) -> anyhow::Result<Outcome> {
        self.run(Some(Duration::from_secs(600)))
            .map_err(|e| anyhow::anyhow!("running {}: {e}", self.display()))
    }

    /// [`CommandLine::build`] that also fails, with the command and its stderr, when
    /// the step does not succeed.
    pub fn build_ok(&self) -> anyhow::Result<()> {
        let out = self.build()?;
        if !out.success() {
            anyhow::bail!("`{}` failed: {}", self.display(), out.failure_summary());
        }
        Ok(())
    }
}

/// One measured program: its command (`None` once it failed or could not be built),
/// why it is not measured, and its CPU seconds so far.
#[derive(Clone, Debug, Default)]
pub struct Timed {
    pub command: Option<CommandLine>,
    pub problem: Option<String>,
    pub samples: Vec<f64>,
}

impl Timed {
    /// A program ready to run.
    pub fn ready(command: CommandLine) -> Timed {
        Timed {
            command: Some(command),
            ..Timed::default()
        }
    }

    /// A program that cannot be measured, and why.
    pub fn unavailable(why: String) -> Timed {
        Timed {
            problem: Some(why),
            ..Timed::default()
        }
    }

    /// Stops measuring this program, for this reason.
    pub fn fail(&mut self, why: String) {
        self.command = None;
        self.problem = Some(why);
    }

    /// The summary of its samples; `None` when it failed or has none.
    pub fn summary(&self) -> Option<Summary> {
        if self.problem.is_some() {
            None
        } else {
            Summary::of(&self.samples)
        }
    }
}

/// Times `programs` in `runs` interleaved rounds (A B C, A B C, …), printing the round
/// to stderr under `name`. A run that fails ends that program's measurement.
pub fn time_interleaved(name: &str, programs: &mut [&mut Timed], runs: usize, timeout: Duration) {
    for round in 1..=runs {
        eprintln!("{name}: round {round}/{runs}");
        for p in programs.iter_mut() {
            let Some(cmd) = p.command.clone() else {
                continue;
            };
            match cmd.run(Some(timeout)) {
                Ok(out) if out.success() => p.samples.push(out.cpu),
                Ok(out) => p.fail(format!("run {round} failed: {}", out.failure_summary())),
                Err(e) => p.fail(format!("could not run: {e}")),
            }
        }
    }
}

/// Runs `cmd` (stdin from /dev/null, stdout and stderr captured) and reaps it with
/// `wait4` to get its rusage. With a `timeout`, a child still running after it is
/// killed (SIGKILL) and reported as [`Exit::TimedOut`].
pub fn run(cmd: &mut Command, timeout: Option<Duration>) -> io::Result<Outcome> {
    cmd.stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    // Linux folds the high-water mark of the address space a process leaves at `exec`
    // into its `ru_maxrss`. std spawns with `posix_spawn` (the child shares lir-bench's
    // address space until `exec`), which would give every child lir-bench's own peak
    // as its floor; a `pre_exec` hook makes std fork instead, and a forked copy starts
    // its high-water mark at lir-bench's current resident set (kept small by
    // `release_freed_memory` after generating inputs).
    // SAFETY: the hook does nothing, so it is async-signal-safe.
    unsafe {
        std::os::unix::process::CommandExt::pre_exec(cmd, || Ok(()));
    }
    let start = Instant::now();
    let mut child = cmd.spawn()?;
    let pid = libc::pid_t::try_from(child.id())
        .map_err(|_| io::Error::other("child pid does not fit pid_t"))?;
    let stdout = drain(child.stdout.take());
    let stderr = drain(child.stderr.take());
    // From here on the child is reaped by `wait4` below, never through `child`
    // (std does not wait for a child when the handle is dropped).
    let (status, usage, timed_out) = reap(pid, timeout, start)?;
    let stdout = stdout.join().unwrap_or_default();
    let stderr = stderr.join().unwrap_or_default();
    let exit = if timed_out {
        Exit::TimedOut
    } else if libc::WIFEXITED(status) {
        Exit::Code(libc::WEXITSTATUS(status))
    } else if libc::WIFSIGNALED(status) {
        Exit::Signal(libc::WTERMSIG(status))
    } else {
        Exit::Code(-1)
    };
    Ok(Outcome {
        exit,
        stdout,
        stderr,
        cpu: seconds(usage.ru_utime) + seconds(usage.ru_stime),
        // Linux reports ru_maxrss in KiB.
        max_rss: u64::try_from(usage.ru_maxrss).unwrap_or(0) * 1024,
    })
}

/// Reads a pipe to its end on a thread, so a chatty child never blocks on a full pipe.
fn drain<R: Read + Send + 'static>(pipe: Option<R>) -> thread::JoinHandle<Vec<u8>> {
    thread::spawn(move || {
        let mut buf = Vec::new();
        if let Some(mut p) = pipe {
            let _ = p.read_to_end(&mut buf);
        }
        buf
    })
}

/// Waits for `pid` with `wait4`, polling when there is a timeout.
fn reap(
    pid: libc::pid_t,
    timeout: Option<Duration>,
    start: Instant,
) -> io::Result<(libc::c_int, libc::rusage, bool)> {
    let mut timed_out = false;
    loop {
        let mut status: libc::c_int = 0;
        // SAFETY: an all-zero rusage is a valid value of this plain C struct.
        let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
        let flags = if timeout.is_some() && !timed_out {
            libc::WNOHANG
        } else {
            0
        };
        // SAFETY: `status` and `usage` are valid for writes; `pid` is our own child,
        // not yet reaped.
        let r = unsafe { libc::wait4(pid, &mut status, flags, &mut usage) };
        if r == pid {
            return Ok((status, usage, timed_out));
        }
        if r < 0 {
            let err = io::Error::last_os_error();
            if err.kind() == io::ErrorKind::Interrupted {
                continue;
            }
            return Err(err);
        }
        // r == 0: still running (WNOHANG).
        if let Some(limit) = timeout {
            if start.elapsed() >= limit {
                // SAFETY: sending a signal to our own unreaped child.
                unsafe { libc::kill(pid, libc::SIGKILL) };
                timed_out = true;
                continue;
            }
        }
        thread::sleep(Duration::from_millis(5));
    }
}

fn seconds(tv: libc::timeval) -> f64 {
    tv.tv_sec as f64 + tv.tv_usec as f64 / 1e6
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn measures_cpu_of_a_busy_child() {
        let out = CommandLine::new("sh")
            .args([
                "-c",
                "i=0; while [ $i -lt 200000 ]; do i=$((i+1)); done; echo done",
            ])
            .run(None)
            .unwrap();
        assert!(out.success());
        assert_eq!(out.stdout, b"done\n");
        assert!(out.cpu > 0.0, "cpu {}", out.cpu);
        assert!(out.max_rss > 0);
    }

    #[test]
    fn reports_exit_codes_and_signals() {
        let out = CommandLine::new("sh")
            .args(["-c", "exit 3"])
            .run(None)
            .unwrap();
        assert_eq!(out.exit, Exit::Code(3));
        let out = CommandLine::new("sh")
            .args(["-c", "kill -SEGV $$"])
            .run(None)
            .unwrap();
        assert_eq!(out.exit, Exit::Signal(11));
    }

    #[test]
    fn kills_after_timeout() {
        let start = Instant::now();
        let out = CommandLine::new("sleep")
            .arg("10")
            .run(Some(Duration::from_millis(100)))
            .unwrap();
        assert_eq!(out.exit, Exit::TimedOut);
        assert!(start.elapsed() < Duration::from_secs(5));
    }
}

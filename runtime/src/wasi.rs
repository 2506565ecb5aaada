//! WASI configuration of one instance: arguments, environment, granted directories and
//! standard streams (inherited, captured or given as bytes/files).

use crate::error::RuntimeError;
use std::path::PathBuf;
use wasmtime_wasi::p1::WasiP1Ctx;
use wasmtime_wasi::p2::pipe::{MemoryInputPipe, MemoryOutputPipe};
use wasmtime_wasi::{FsPerms, WasiCtxBuilder};

/// Most bytes a captured stdout or stderr keeps without a memory limit; with one, each
/// keeps at most `max_memory` bytes. Writes beyond fail with an error (a negative
/// errno to a lir program), and the run goes on.
pub const DEFAULT_CAPTURE_CAPACITY: u64 = 1 << 30;

/// A directory the guest may use.
#[derive(Clone, Debug)]
pub struct Preopen {
    /// Directory on the host.
    pub host: PathBuf,
    /// Name the guest sees (e.g. `/data` or `.`).
    pub guest: String,
    pub read_only: bool,
}

/// Where standard input comes from.
#[derive(Clone, Debug, Default)]
pub enum Stdin {
    /// End of file at once.
    #[default]
    Empty,
    /// The host process's stdin.
    Inherit,
    /// These bytes.
    Bytes(Vec<u8>),
    /// The contents of a file.
    File(PathBuf),
}

/// Where standard output or error goes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Output {
    /// Dropped.
    #[default]
    Discard,
    /// The host process's stream.
    Inherit,
    /// Kept in memory; read it with [`crate::Instance::stdout`] / `stderr`. At most
    /// [`crate::Limits::max_memory`] bytes are kept (without it,
    /// [`DEFAULT_CAPTURE_CAPACITY`]); writes beyond fail.
    Capture,
}

/// The WASI world of one instance. Nothing is visible unless granted here.
#[derive(Clone, Debug, Default)]
pub struct WasiConfig {
    /// `argv`, including `argv[0]`.
    pub args: Vec<String>,
    pub env: Vec<(String, String)>,
    pub preopens: Vec<Preopen>,
    pub stdin: Stdin,
    pub stdout: Output,
    pub stderr: Output,
}

/// Pipes that capture output, kept to read it back.
#[derive(Clone, Default)]
pub(crate) struct Captures {
    pub stdout: Option<MemoryOutputPipe>,
    pub stderr: Option<MemoryOutputPipe>,
}

impl WasiConfig {
    /// Builds the WASI context and the capture pipes, each of which keeps at most
    /// `max_memory` bytes when given.
    pub(crate) fn build(
        &self,
        max_memory: Option<u64>,
    ) -> Result<(WasiP1Ctx, Captures), RuntimeError> {
        let capacity = max_memory.map_or(DEFAULT_CAPTURE_CAPACITY, |limit| {
            limit.min(DEFAULT_CAPTURE_CAPACITY)
        }) as usize;
        let mut builder = WasiCtxBuilder::new();
        builder.args(&self.args).envs(&self.env);
        match &self.stdin {
            Stdin::Empty => {}
            Stdin::Inherit => {
                builder.inherit_stdin();
            }
            Stdin::Bytes(bytes) => {
                builder.stdin(MemoryInputPipe::new(bytes.clone()));
            }
            Stdin::File(path) => {
                let file = std::fs::File::open(path).map_err(|e| {
                    RuntimeError::Io(format!("cannot open stdin file {}: {e}", path.display()))
                })?;
                builder.stdin(wasmtime_wasi::cli::InputFile::new(file));
            }
        }
        let mut captures = Captures::default();
        match self.stdout {
            Output::Discard => {}
            Output::Inherit => {
                builder.inherit_stdout();
            }
            Output::Capture => {
                let pipe = MemoryOutputPipe::new(capacity);
                builder.stdout(pipe.clone());
                captures.stdout = Some(pipe);
            }
        }
        match self.stderr {
            Output::Discard => {}
            Output::Inherit => {
                builder.inherit_stderr();
            }
            Output::Capture => {
                let pipe = MemoryOutputPipe::new(capacity);
                builder.stderr(pipe.clone());
                captures.stderr = Some(pipe);
            }
        }
        for preopen in &self.preopens {
            grant(&mut builder, preopen)?;
        }
        Ok((builder.build_p1(), captures))
    }
}

fn grant(builder: &mut WasiCtxBuilder, preopen: &Preopen) -> Result<(), RuntimeError> {
    let what = format!(
        "cannot grant directory {} as {}",
        preopen.host.display(),
        preopen.guest
    );
    match std::fs::metadata(&preopen.host) {
        Err(e) if e.kind() == std::io::ErrorKind::PermissionDenied => {
            return Err(RuntimeError::PermissionDenied(format!("{what}: {e}")))
        }
        Err(e) => return Err(RuntimeError::WasiConfig(format!("{what}: {e}"))),
        Ok(meta) if !meta.is_dir() => {
            return Err(RuntimeError::WasiConfig(format!("{what}: not a directory")))
        }
        Ok(_) => {}
    }
    if preopen.guest.is_empty() {
        return Err(RuntimeError::WasiConfig(format!(
            "{what}: empty guest name"
        )));
    }
    let perms = if preopen.read_only {
        FsPerms::ReadOnly
    } else {
        FsPerms::ReadWrite
    };
    builder
        .preopened_dir(&preopen.host, &preopen.guest, perms)
        .map_err(|e| RuntimeError::PermissionDenied(format!("{what}: {e:#}")))?;
    Ok(())
}

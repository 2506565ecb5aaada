//! Parsing the values of command-line options shared by `run` and `interp`:
//! `KEY=VALUE`, `HOST[::GUEST]`, byte sizes and durations, and [`RunSettings`], what
//! both commands give a program (so the two executors always see the same world).

use crate::cli::RunOptions;
use crate::exit::{Failure, Status};
use crate::runtime::{Limits, Preopen};
use std::time::Duration;

/// Arguments, environment, granted directories and limits of one program run.
#[derive(Clone, Debug)]
pub struct RunSettings {
    /// `argv`, the program name first.
    pub argv: Vec<String>,
    pub env: Vec<(String, String)>,
    pub preopens: Vec<Preopen>,
    pub limits: Limits,
}

impl RunSettings {
    /// Validates the run options; `program_name` becomes `argv[0]`.
    pub fn resolve(run: &RunOptions, program_name: String) -> Result<RunSettings, Failure> {
        let mut argv = vec![program_name];
        argv.extend(run.program_args.iter().cloned());
        let env = run
            .env
            .iter()
            .map(|spec| env_pair(spec))
            .collect::<Result<Vec<_>, _>>()?;
        let mut preopens = Vec::new();
        for (specs, read_only) in [(&run.dirs, false), (&run.dirs_ro, true)] {
            for spec in specs {
                let (host, guest) = dir_spec(spec);
                if host.is_empty() || guest.is_empty() {
                    return Err(usage(format!(
                        "--dir expects HOST or HOST::GUEST, got `{spec}`"
                    )));
                }
                preopens.push(Preopen {
                    host: host.into(),
                    guest: guest.to_string(),
                    read_only,
                });
            }
        }
        let limits = Limits {
            fuel: run.fuel,
            timeout: run.timeout.map(seconds).transpose()?,
            max_memory: run.max_memory.as_deref().map(byte_size).transpose()?,
            max_table_elements: run.max_table_elements,
            ..Limits::default()
        };
        Ok(RunSettings {
            argv,
            env,
            preopens,
            limits,
        })
    }
}

fn usage(message: String) -> Failure {
    Failure::new(Status::Usage, format!("error: {message}"))
}

/// `KEY=VALUE` of `--env`.
pub fn env_pair(spec: &str) -> Result<(String, String), Failure> {
    spec.split_once('=')
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .filter(|(k, _)| !k.is_empty())
        .ok_or_else(|| usage(format!("--env expects KEY=VALUE, got `{spec}`")))
}

/// `HOST[::GUEST]` of `--dir`; the guest name defaults to the host path.
pub fn dir_spec(spec: &str) -> (&str, &str) {
    spec.split_once("::").unwrap_or((spec, spec))
}

/// A byte count with an optional unit: `K`, `M`, `G`, also written `KB`/`KiB`,
/// `MB`/`MiB`, `GB`/`GiB` (any case). Every unit is a power of 1024, as memory limits
/// are read by Docker and wasmtime.
pub fn byte_size(spec: &str) -> Result<u64, Failure> {
    let bad = || {
        usage(format!(
            "expected a size like 65536, 64K, 16M, 64MiB or 1G, got `{spec}`"
        ))
    };
    let trimmed = spec.trim();
    let digits_end = trimmed
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(trimmed.len());
    let (digits, unit) = trimmed.split_at(digits_end);
    let scale: u64 = match unit.trim_start().to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "k" | "kb" | "kib" => 1 << 10,
        "m" | "mb" | "mib" => 1 << 20,
        "g" | "gb" | "gib" => 1 << 30,
        _ => return Err(bad()),
    };
    digits
        .parse::<u64>()
        .ok()
        .and_then(|n| n.checked_mul(scale))
        .ok_or_else(bad)
}

/// Seconds (fractions allowed) of `--timeout`.
pub fn seconds(value: f64) -> Result<Duration, Failure> {
    Duration::try_from_secs_f64(value)
        .ok()
        .filter(|d| !d.is_zero())
        .ok_or_else(|| {
            usage(format!(
                "--timeout expects a positive number of seconds, got {value}"
            ))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_option_values() {
        assert_eq!(env_pair("A=b=c").unwrap(), ("A".into(), "b=c".into()));
        assert!(env_pair("novalue").is_err());
        assert!(env_pair("=x").is_err());
        assert_eq!(dir_spec("/tmp::/data"), ("/tmp", "/data"));
        assert_eq!(dir_spec("data"), ("data", "data"));
        assert_eq!(byte_size("65536").unwrap(), 65536);
        assert_eq!(byte_size("64K").unwrap(), 65536);
        assert_eq!(byte_size("2m").unwrap(), 2 << 20);
        for (spec, bytes) in [("64MB", 64 << 20), ("64MiB", 64 << 20), ("1 GiB", 1 << 30)] {
            assert_eq!(byte_size(spec).unwrap(), bytes, "{spec}");
        }
        for spec in ["12X", "", "K", "64MiBs", "-1M", "1.5G"] {
            assert!(byte_size(spec).is_err(), "{spec}");
        }
        assert!(byte_size("99999999999G").is_err());
        assert_eq!(seconds(0.5).unwrap(), Duration::from_millis(500));
        assert!(seconds(-1.0).is_err());
        assert!(seconds(0.0).is_err());
    }
}

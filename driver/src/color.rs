//! Whether `lirc` colours what it prints to standard error: `--color auto|always|never`
//! (default `auto`), and under `auto` the `NO_COLOR` and `CLICOLOR_FORCE` conventions
//! (no-color.org, bixense.com/clicolors), then whether standard error is a terminal.
//! Chosen once per process, before any message is printed.

use std::io::IsTerminal;
use std::sync::OnceLock;

/// `--color WHEN`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorChoice {
    /// Colour when standard error is a terminal, unless `NO_COLOR` is set;
    /// `CLICOLOR_FORCE` (not `0`) colours a pipe too.
    #[default]
    Auto,
    Always,
    Never,
}

static CHOICE: OnceLock<ColorChoice> = OnceLock::new();

/// Sets the choice for this process (the first call wins).
pub fn set(choice: ColorChoice) {
    let _ = CHOICE.set(choice);
}

/// Whether messages to standard error are coloured.
pub fn stderr() -> bool {
    resolve(
        CHOICE.get().copied().unwrap_or_default(),
        |name| std::env::var_os(name).map(|v| v.to_string_lossy().into_owned()),
        std::io::stderr().is_terminal(),
    )
}

/// The decision for `choice`, the environment `env` and whether the stream is a
/// terminal. `NO_COLOR` (non-empty) wins over `CLICOLOR_FORCE`.
pub fn resolve(choice: ColorChoice, env: impl Fn(&str) -> Option<String>, terminal: bool) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            if env("NO_COLOR").is_some_and(|v| !v.is_empty()) {
                false
            } else if env("CLICOLOR_FORCE").is_some_and(|v| !v.is_empty() && v != "0") {
                true
            } else {
                terminal
            }
        }
    }
}

/// Takes the `--color WHEN` / `--color=WHEN` options out of `argv` (before `--`),
/// returning the other words and the last choice. They are read before the command
/// line is parsed, so that even its errors follow them, and may stand anywhere — also
/// before the command (`lirc --color never check x.lir`). An invalid value is the
/// message of a usage error.
pub fn take_from_args(
    argv: Vec<std::ffi::OsString>,
) -> Result<(Vec<std::ffi::OsString>, Option<ColorChoice>), String> {
    let mut rest = Vec::with_capacity(argv.len());
    let mut choice = None;
    let mut words = argv.into_iter();
    while let Some(word) = words.next() {
        let text = word.to_string_lossy().into_owned();
        let value = if text == "--" {
            rest.push(word);
            rest.extend(words.by_ref());
            break;
        } else if text == "--color" {
            match words.next() {
                Some(value) => value.to_string_lossy().into_owned(),
                None => {
                    return Err(
                        "a value is required for '--color <WHEN>' but none was supplied \
                     [possible values: auto, always, never]"
                            .to_string(),
                    )
                }
            }
        } else if let Some(value) = text.strip_prefix("--color=") {
            value.to_string()
        } else {
            rest.push(word);
            continue;
        };
        choice = Some(match value.as_str() {
            "auto" => ColorChoice::Auto,
            "always" => ColorChoice::Always,
            "never" => ColorChoice::Never,
            _ => {
                return Err(format!(
                    "invalid value '{value}' for '--color <WHEN>' [possible values: auto, \
                     always, never]"
                ))
            }
        });
    }
    Ok((rest, choice))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_flag_then_no_color_then_clicolor_force_then_the_terminal_decide() {
        let none = |_: &str| None;
        let no_color = |k: &str| (k == "NO_COLOR").then(|| "1".to_string());
        let force = |k: &str| (k == "CLICOLOR_FORCE").then(|| "1".to_string());
        let both = |_: &str| Some("1".to_string());
        let force_off = |k: &str| (k == "CLICOLOR_FORCE").then(|| "0".to_string());
        assert!(resolve(ColorChoice::Auto, none, true));
        assert!(!resolve(ColorChoice::Auto, none, false));
        assert!(!resolve(ColorChoice::Auto, no_color, true));
        assert!(resolve(ColorChoice::Auto, force, false));
        assert!(!resolve(ColorChoice::Auto, both, true));
        assert!(!resolve(ColorChoice::Auto, force_off, false));
        assert!(resolve(ColorChoice::Always, no_color, false));
        assert!(!resolve(ColorChoice::Never, force, true));
        let args = |words: &[&str]| words.iter().map(Into::into).collect::<Vec<_>>();
        let (rest, choice) =
            take_from_args(args(&["lirc", "--color", "always", "check", "x.lir"])).unwrap();
        assert_eq!(rest, args(&["lirc", "check", "x.lir"]));
        assert_eq!(choice, Some(ColorChoice::Always));
        let (rest, choice) = take_from_args(args(&[
            "lirc",
            "run",
            "--color=never",
            "x.lir",
            "--",
            "--color=always",
        ]))
        .unwrap();
        assert_eq!(
            rest,
            args(&["lirc", "run", "x.lir", "--", "--color=always"])
        );
        assert_eq!(choice, Some(ColorChoice::Never));
        assert_eq!(take_from_args(args(&["lirc", "x.lir"])).unwrap().1, None);
        assert!(take_from_args(args(&["lirc", "--color", "sometimes"])).is_err());
        assert!(take_from_args(args(&["lirc", "--color"])).is_err());
    }
}

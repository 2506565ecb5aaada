//! The `lirc` command line: argument definitions (clap) and dispatch to the commands.

use crate::color::{self, ColorChoice};
use crate::commands;
use crate::exit::{CommandResult, Failure};
use clap::{Args, CommandFactory, FromArgMatches, Parser, Subcommand};
use std::ffi::OsString;
use std::path::PathBuf;
use std::process::ExitCode;

const EXAMPLES: &str = "\
Examples:
  lirc prog.lir                            compile to prog.wasm (wasm32-wasip1)
  lirc -O2 prog.lir                        optimize (-O0 -O1 -O2 -Os -Oz; -O is -O2)
  lirc -O2 --emit lir prog.lir             print the optimized LIR
  lirc --emit wat prog.lir                 print the WebAssembly text
  lirc --emit wat --fold prog.lir          ... with instructions folded into S-expressions
  lirc -g prog.lir                         with DWARF line tables (docs/debugging.md)
  lirc --emit dot --function main prog.lir the control-flow graph, for Graphviz
  lirc prog.lir --source-map prog.wasm.map with a source map for browsers' devtools
  lirc --target wasm32-unknown-unknown lib.lir -o lib.wasm
  lirc run prog.lir -- arg1 arg2           compile and run under wasmtime
  lirc run bmi.lir --invoke calculate_bmi 70 1.75
  lirc run prog.wasm --dir data::/data --fuel 1000000 --timeout 2
  lirc interp div.lir --invoke div -7 2    run under the reference interpreter
  lirc check prog.lir                      parse and verify
  lirc fmt -w prog.lir                     format in place, keeping comments
  cat prog.lir | lirc check -              read the program from stdin
  lirc --print features                    the WebAssembly features and their defaults
  lirc explain 5002                        what an error code means
  lirc completions bash > ~/.local/share/bash-completion/completions/lirc

Exit statuses and error codes are listed in docs/cli.md; `lirc explain CODE` explains
a code.";

const COMPILE_EXAMPLES: &str = "\
Examples:
  lirc compile prog.lir                    writes prog.wasm
  lirc compile -O2 prog.lir -o out.wasm
  lirc compile --emit wat --fold prog.lir  folded WebAssembly text on stdout
  lirc compile --emit lir prog.lir         the legalized LIR, with `_start` and glue
  lirc compile --target wasm32-unknown-unknown lib.lir -o lib.wasm
  lirc compile --time prog.lir             how long each phase took
  cat prog.lir | lirc compile - -o prog.wasm";

const RUN_EXAMPLES: &str = "\
FILE may be `-`: the program (LIR, binary wasm or WAT) is read from standard input,
and standard input is then empty for the program.

Examples:
  lirc run examples/hello.lir
  printf 'one two\\n' | lirc run examples/wc.lir
  lirc run examples/args.lir -- first second
  lirc run examples/bmi.lir --invoke calculate_bmi 70 1.75
  lirc run prog.wasm --dir data::/data --env HOME=/data
  lirc run prog.wat                        WebAssembly text, as wasmtime runs it
  lirc run prog.lir --fuel 1000000 --timeout 2 --max-memory 64MiB
  cat prog.lir | lirc run -";

const CHECK_EXAMPLES: &str = "\
Examples:
  lirc check prog.lir
  lirc check examples/*.lir                every file, every error
  cat prog.lir | lirc check -";

const FMT_EXAMPLES: &str = "\
Examples:
  lirc fmt prog.lir                        print the formatted file
  lirc fmt -w examples/*.lir               format in place
  lirc fmt --check examples/*.lir          name the files not formatted (exit 1)
  cat prog.lir | lirc fmt -";

const INTERP_EXAMPLES: &str = "\
FILE may be `-` (the program is then read from standard input, which is then empty
for the program).

Examples:
  lirc interp examples/hello.lir
  lirc interp examples/fib.lir --invoke fib 20
  lirc interp prog.lir --invoke div -7 2
  lirc interp -O2 prog.lir                 interpret the optimized LIR
  lirc interp prog.lir --fuel 100000 -- arg1 arg2";

const EXPLAIN_EXAMPLES: &str = "\
Examples:
  lirc explain 5002                        also E5002 or error[5002]
  lirc explain                             list every code";

const COMPLETIONS_EXAMPLES: &str = "\
Examples:
  lirc completions bash > ~/.local/share/bash-completion/completions/lirc
  lirc completions zsh > ~/.zfunc/_lirc
  lirc completions fish > ~/.config/fish/completions/lirc.fish";

/// lirc — the lir compiler: compile LIR to WebAssembly, run it, check, format and
/// interpret it. Without a command, compiles FILE.
#[derive(Parser, Debug)]
#[command(
    name = "lirc",
    version,
    after_help = EXAMPLES,
    args_conflicts_with_subcommands = true,
    subcommand_negates_reqs = true
)]
pub struct Cli {
    /// Colour messages: auto (when standard error is a terminal and `NO_COLOR` is
    /// unset, or `CLICOLOR_FORCE` is set), always or never. (Read before the rest of
    /// the command line, by `color::take_from_args`; it may stand anywhere.)
    #[arg(
        long,
        value_enum,
        value_name = "WHEN",
        global = true,
        default_value = "auto"
    )]
    pub color: ColorChoice,
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub compile: CompileArgs,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Compile a LIR file to WebAssembly (the default command).
    #[command(after_help = COMPILE_EXAMPLES)]
    Compile(CompileArgs),
    /// Compile (if needed) and run a program or one function under wasmtime.
    #[command(after_help = RUN_EXAMPLES)]
    Run(RunArgs),
    /// Parse and verify LIR files; report every error with its location.
    #[command(after_help = CHECK_EXAMPLES)]
    Check(CheckArgs),
    /// Format LIR files, keeping their comments (`--check`, `-w`).
    #[command(after_help = FMT_EXAMPLES)]
    Fmt(FmtArgs),
    /// Run a LIR program (or one function) under the reference interpreter.
    #[command(after_help = INTERP_EXAMPLES)]
    Interp(InterpArgs),
    /// Explain an error code (`error[CODE]`), as `rustc --explain` does.
    #[command(after_help = EXPLAIN_EXAMPLES)]
    Explain(ExplainArgs),
    /// Print a shell completion script for lirc.
    #[command(after_help = COMPLETIONS_EXAMPLES)]
    Completions(CompletionsArgs),
}

/// What `--print` lists.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum PrintWhat {
    /// The target triples `--target` takes.
    Targets,
    /// The WebAssembly features `--features` takes, with their defaults.
    Features,
}

#[derive(Args, Debug)]
pub struct ExplainArgs {
    /// The code: `5002`, `E5002` or `error[5002]`. Without it, every code is listed.
    #[arg(value_name = "CODE")]
    pub code: Option<String>,
}

#[derive(Args, Debug)]
pub struct CompletionsArgs {
    /// The shell to complete in.
    #[arg(value_enum, value_name = "SHELL")]
    pub shell: clap_complete::Shell,
}

/// Which of wasmtime's compilers `lirc run` uses (docs/running.md "Compilers").
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum CompilerChoice {
    /// Cranelift, or Winch for a module with a function too big for Cranelift to
    /// compile in reasonable time (a very deep loop nest, tens of thousands of
    /// branches, a very long expression).
    Auto,
    /// Cranelift, the optimizing compiler, always.
    Cranelift,
    /// Winch, the baseline compiler: compiles fast to slower code; no tail calls,
    /// no `-g`.
    Winch,
}

/// What `lirc FILE` writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Emit {
    /// A binary WebAssembly module.
    Wasm,
    /// The WebAssembly text format, printed by wasmprinter.
    Wat,
    /// The LIR the backend receives: system calls legalized for the target, then
    /// optimized at the chosen level.
    Lir,
    /// The control-flow graph of each function of that LIR, as Graphviz
    /// (`--function NAME` for one).
    Dot,
    /// The same graph as the backend structures it: every wasm `loop`, `block`, `if`
    /// and `else` is a Graphviz cluster around the blocks it holds.
    #[value(name = "dot=structured")]
    DotStructured,
}

/// How to optimize (`compile`, `run` and `interp`).
#[derive(Args, Debug, Clone, Default)]
pub struct OptArgs {
    /// Optimization level: -O0 (none, the default), -O1 (cheap cleanups), -O2 (all),
    /// -Os (all, favouring size), -Oz (smallest); -O alone means -O2.
    #[arg(short = 'O', value_name = "LEVEL", value_parser = parse_opt_level)]
    pub level: Option<lir_opt::OptLevel>,
    /// Run exactly these passes, in this order, instead of the level's pipeline
    /// (comma-separated, e.g. `mem2reg,sccp,dce`; `--passes list` lists them).
    #[arg(long, value_name = "LIST", value_delimiter = ',')]
    pub passes: Option<Vec<String>>,
    /// Leave these passes out of the level's pipeline (comma-separated, repeatable),
    /// to measure what they buy.
    #[arg(long = "disable-pass", value_name = "LIST", value_delimiter = ',')]
    pub disable_pass: Vec<String>,
    /// Print the LIR to standard error after this pass (repeatable), or after every
    /// pass with `all`.
    #[arg(long = "print-after", value_name = "PASS")]
    pub print_after: Vec<String>,
    /// Print what each pass changed and how long it took, to standard error.
    #[arg(long)]
    pub time_passes: bool,
    /// Verify the LIR after every pass (always done by debug builds of lirc).
    #[arg(long)]
    pub verify_each: bool,
}

fn parse_opt_level(text: &str) -> Result<lir_opt::OptLevel, String> {
    text.parse()
}

/// How to compile.
#[derive(Args, Debug, Clone)]
pub struct TargetOptions {
    /// The target: wasm32-wasip1 (WASI preview 1 command or library) or
    /// wasm32-unknown-unknown (system calls become `env` imports).
    #[arg(long, default_value = "wasm32-wasip1", value_name = "TRIPLE")]
    pub target: String,
    /// WebAssembly features to switch on or off, e.g. `+tail-call,-bulk-memory`
    /// (multi-value, sign-ext, nontrapping-fptoint, bulk-memory, mutable-globals,
    /// reference-types, tail-call, simd128).
    #[arg(long, value_name = "LIST", allow_hyphen_values = true)]
    pub features: Option<String>,
    /// Leave out the name section.
    #[arg(long)]
    pub strip: bool,
    /// Print how long each phase took (reading, parsing, optimizing, each backend
    /// stage, …) to standard error.
    #[arg(long)]
    pub time: bool,
    /// Emit DWARF debugging information (line tables and functions from the
    /// instructions' source locations) for debuggers such as lldb under wasmtime.
    #[arg(short = 'g')]
    pub debug_info: bool,
    /// Make every NaN produced by float arithmetic the canonical NaN, so results are
    /// the same bits on every engine (compile: the code does it, at some cost in size
    /// and speed; run: the engine does it). Without it, NaN payloads are unspecified.
    #[arg(long)]
    pub canonicalize_nans: bool,
}

#[derive(Args, Debug, Clone)]
pub struct CompileArgs {
    /// The LIR files to compile (`-` reads standard input).
    #[arg(value_name = "FILE", required_unless_present_any = ["print", "passes"])]
    pub files: Vec<PathBuf>,
    /// Print the targets or the WebAssembly features lirc knows, and exit.
    #[arg(long, value_enum, value_name = "WHAT")]
    pub print: Option<PrintWhat>,
    /// Output file (`-` for standard output). Default: FILE with `.wasm`; standard
    /// output for `--emit wat`. Input from stdin needs `-o`.
    #[arg(short, long, value_name = "OUT")]
    pub output: Option<PathBuf>,
    /// What to write.
    #[arg(long, value_enum, default_value = "wasm")]
    pub emit: Emit,
    /// With `--emit wat`: fold instructions into S-expressions, `(i32.add (local.get 0)
    /// (i32.const 1))`, as `wasm-tools print --fold-instructions` does.
    #[arg(long, alias = "fold-instructions")]
    pub fold: bool,
    /// Also write a version-3 source map of the module to MAP (for browsers'
    /// devtools) and add a `sourceMappingURL` section naming it.
    #[arg(long = "source-map", value_name = "MAP")]
    pub source_map: Option<PathBuf>,
    /// The URL the `sourceMappingURL` section gives (default: MAP's file name).
    #[arg(long = "source-map-url", value_name = "URL", requires = "source_map")]
    pub source_map_url: Option<String>,
    /// With `--emit dot`: only this function's graph.
    #[arg(long, value_name = "NAME")]
    pub function: Option<String>,
    #[command(flatten)]
    pub target: TargetOptions,
    #[command(flatten)]
    pub opt: OptArgs,
}

#[derive(Args, Debug)]
pub struct CheckArgs {
    /// Files to check (`-` reads standard input).
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
}

#[derive(Args, Debug)]
pub struct FmtArgs {
    /// The files to format (`-` reads standard input).
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Change nothing; name every file that is not formatted and exit with status 1.
    #[arg(long, conflicts_with = "write")]
    pub check: bool,
    /// Rewrite the files in place instead of printing them.
    #[arg(short, long)]
    pub write: bool,
}

/// Options shared by every command that runs a program.
#[derive(Args, Debug, Default, Clone)]
pub struct RunOptions {
    /// Call this function with typed arguments and print its results, one per line.
    #[arg(long, value_name = "NAME [ARG]...")]
    pub invoke: Option<String>,
    /// (Set from the words after `--invoke NAME`.)
    #[arg(long = "invoke-arg", hide = true, allow_hyphen_values = true)]
    pub invoke_args: Vec<String>,
    /// Grant the program a directory, read-write: HOST or HOST::GUEST (the guest name
    /// defaults to HOST).
    #[arg(long = "dir", value_name = "HOST[::GUEST]")]
    pub dirs: Vec<String>,
    /// Grant the program a directory, read-only.
    #[arg(long = "dir-ro", value_name = "HOST[::GUEST]")]
    pub dirs_ro: Vec<String>,
    /// Set an environment variable for the program (repeatable).
    #[arg(long = "env", value_name = "KEY=VALUE")]
    pub env: Vec<String>,
    /// Stop after this many executed instructions.
    #[arg(long, value_name = "N", allow_negative_numbers = true, value_parser = fuel_count)]
    pub fuel: Option<u64>,
    /// Stop after this many seconds of wall-clock time.
    #[arg(long, value_name = "SECONDS")]
    pub timeout: Option<f64>,
    /// Stop the program when its memory would grow past this size (bytes; K, M and G
    /// suffixes, also KB/KiB, MB/MiB, GB/GiB, are powers of 1024).
    #[arg(long = "max-memory", value_name = "BYTES")]
    pub max_memory: Option<String>,
    /// Stop the program when its tables would grow past this many elements, all
    /// tables together (default with any other limit: 10 million).
    #[arg(long = "max-table-elements", value_name = "N")]
    pub max_table_elements: Option<u64>,
    /// Arguments for the program (after `--`); `argv[0]` is the file name.
    #[arg(last = true, value_name = "PROGRAM_ARGS")]
    pub program_args: Vec<String>,
}

#[derive(Args, Debug)]
pub struct InterpArgs {
    /// The program (`-` reads standard input).
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    #[command(flatten)]
    pub opt: OptArgs,
    #[command(flatten)]
    pub run: RunOptions,
}

#[derive(Args, Debug)]
pub struct RunArgs {
    /// The program: a `.lir` file (compiled first), a `.wasm` module or a `.wat` text
    /// module, recognised by their contents; `-` reads it from standard input.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Which of wasmtime's compilers compiles the program.
    #[arg(long, value_enum, value_name = "COMPILER", default_value = "auto")]
    pub compiler: CompilerChoice,
    #[command(flatten)]
    pub target: TargetOptions,
    #[command(flatten)]
    pub opt: OptArgs,
    #[command(flatten)]
    pub run: RunOptions,
}

/// Rewrites the words after `--invoke NAME` (up to the next `--option` or `--`) into
/// `--invoke-arg=WORD`, so that `-7`, `-0.0`, `-inf` or `-nan` are values, not options;
/// and `-O` alone into `-O2` (as rustc's `-O`), so that it never takes the next word.
pub fn expand_invoke_args(argv: impl IntoIterator<Item = OsString>) -> Vec<OsString> {
    let mut out = Vec::new();
    let mut iter = argv.into_iter().peekable();
    while let Some(arg) = iter.next() {
        if arg == "--" {
            // Everything after `--` belongs to the program.
            out.push(arg);
            out.extend(iter);
            break;
        }
        if arg == "-O" {
            out.push(OsString::from("-O2"));
            continue;
        }
        let is_invoke = arg == "--invoke";
        let is_invoke_eq = arg.to_string_lossy().starts_with("--invoke=");
        out.push(arg);
        if !(is_invoke || is_invoke_eq) {
            continue;
        }
        if is_invoke {
            match iter.next() {
                Some(name) => out.push(name),
                None => break,
            }
        }
        while let Some(next) = iter.peek() {
            if next.to_string_lossy().starts_with("--") {
                break;
            }
            let mut word = OsString::from("--invoke-arg=");
            word.push(next);
            out.push(word);
            iter.next();
        }
    }
    out
}

/// Runs `lirc` with the process's arguments.
pub fn main() -> ExitCode {
    let (argv, choice) = match color::take_from_args(expand_invoke_args(std::env::args_os())) {
        Ok(taken) => taken,
        Err(message) => return report(Err(Failure::usage(message))),
    };
    let choice = choice.unwrap_or_default();
    color::set(choice);
    let clap_color = match choice {
        ColorChoice::Always => clap::ColorChoice::Always,
        ColorChoice::Never => clap::ColorChoice::Never,
        ColorChoice::Auto if color::stderr() => clap::ColorChoice::Auto,
        ColorChoice::Auto => clap::ColorChoice::Never,
    };
    let parsed = Cli::command()
        .color(clap_color)
        .try_get_matches_from(argv)
        .and_then(|mut matches| Cli::from_arg_matches_mut(&mut matches));
    match parsed {
        Ok(cli) => report(dispatch(cli)),
        Err(e) if !e.use_stderr() => {
            // --help and --version.
            let _ = e.print();
            ExitCode::SUCCESS
        }
        Err(e) => report(Err(clap_failure(&e))),
    }
}

/// A command-line error from clap as `error[1000]: …` (its usage line and hint kept).
fn clap_failure(error: &clap::Error) -> Failure {
    let text = error.render().to_string();
    let text = text.strip_prefix("error: ").unwrap_or(&text);
    Failure::usage(text.trim_end())
}

fn dispatch(cli: Cli) -> CommandResult {
    match cli.command {
        None => {
            if let Some(first) = cli.compile.files.first() {
                mistyped_command(first)?;
            }
            commands::compile::run(&cli.compile)
        }
        Some(Command::Compile(args)) => commands::compile::run(&args),
        Some(Command::Run(args)) => commands::run::run(&args),
        Some(Command::Check(args)) => commands::check::run(&args),
        Some(Command::Fmt(args)) => commands::fmt::run(&args),
        Some(Command::Interp(args)) => commands::interp::run(&args),
        Some(Command::Explain(args)) => commands::explain::run(&args),
        Some(Command::Completions(args)) => commands::completions::run(&args),
    }
}

/// The commands, for "did you mean" hints.
const COMMANDS: [&str; 7] = [
    "compile",
    "run",
    "check",
    "fmt",
    "interp",
    "explain",
    "completions",
];

/// `lirc rnu x.lir`: a file argument that does not exist and is one or two edits from
/// a command name was meant as that command.
fn mistyped_command(file: &std::path::Path) -> Result<(), Failure> {
    let Some(word) = file.to_str() else {
        return Ok(());
    };
    if word.contains(['.', '/']) || file.exists() {
        return Ok(());
    }
    let nearest = COMMANDS
        .iter()
        .map(|c| (strsim::damerau_levenshtein(word, c), c))
        .filter(|&(d, c)| d <= 2 && d < c.len())
        .min_by_key(|&(d, _)| d);
    match nearest {
        Some((0, command)) => Err(Failure::usage(format!(
            "`{command}` is taken for a file because options come before it; write the \
             command first: `lirc {command} [OPTIONS] ...`"
        ))),
        Some((_, command)) => Err(Failure::usage(format!(
            "`{word}` is neither a command nor a file; did you mean `lirc {command}`?"
        ))),
        None => Ok(()),
    }
}

/// Prints a failure's message and turns the result into the process exit code.
pub fn report(result: CommandResult) -> ExitCode {
    match result {
        Ok(code) => code,
        Err(failure) => {
            failure.print();
            failure.status.into()
        }
    }
}

/// `--fuel N`: a count of instructions, with a message of our own for what is not one
/// (a negative number included, which clap would take for an option).
fn fuel_count(value: &str) -> Result<u64, String> {
    value
        .trim()
        .parse::<u64>()
        .map_err(|_| format!("--fuel takes a number of instructions (0 or more), got `{value}`"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn expand(args: &[&str]) -> Vec<String> {
        expand_invoke_args(args.iter().map(OsString::from))
            .into_iter()
            .map(|s| s.into_string().unwrap())
            .collect()
    }

    #[test]
    fn invoke_words_become_values() {
        assert_eq!(
            expand(&[
                "lirc", "interp", "f.lir", "--invoke", "div", "-7", "-inf", "--fuel", "9", "--",
                "x"
            ]),
            [
                "lirc",
                "interp",
                "f.lir",
                "--invoke",
                "div",
                "--invoke-arg=-7",
                "--invoke-arg=-inf",
                "--fuel",
                "9",
                "--",
                "x"
            ]
        );
        assert_eq!(
            expand(&["lirc", "run", "f.lir", "--", "--invoke", "x", "-7"]),
            ["lirc", "run", "f.lir", "--", "--invoke", "x", "-7"]
        );
        assert_eq!(
            expand(&["lirc", "-O", "f.lir", "-Os", "--", "-O"]),
            ["lirc", "-O2", "f.lir", "-Os", "--", "-O"]
        );
        assert_eq!(
            expand(&["lirc", "interp", "f.lir", "--invoke=f", "-0.0"]),
            ["lirc", "interp", "f.lir", "--invoke=f", "--invoke-arg=-0.0"]
        );
    }

    #[test]
    fn negative_arguments_parse() {
        let cli = Cli::try_parse_from(expand_invoke_args(
            [
                "lirc", "interp", "f.lir", "--invoke", "div", "-7", "2", "--", "a",
            ]
            .map(OsString::from),
        ))
        .unwrap();
        let Some(Command::Interp(args)) = cli.command else {
            panic!("expected interp")
        };
        assert_eq!(args.run.invoke.as_deref(), Some("div"));
        assert_eq!(args.run.invoke_args, ["-7", "2"]);
        assert_eq!(args.run.program_args, ["a"]);
    }
}

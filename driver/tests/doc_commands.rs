//! Every command the README and `docs/` show works when pasted: the `lirc …` and
//! `node …` lines of their ```` ```sh ```` blocks run against the built `lirc`, in a
//! scratch copy of the files they name, and must exit with status 0.
//!
//! A block runs as one shell session, line by line in order, so a line that prepares a
//! file (`echo … > /tmp/a.txt`, `mkdir -p …`) applies to the lines after it. Lines whose
//! commands are not `lirc`, `node` or such plain shell helpers (`cargo …`, the benchmark
//! harness, `clang`, debugger sessions) build or measure the project rather than use
//! it: they are listed as skipped, not run. Without `node`, `node` lines are skipped
//! with a printed reason.

use std::path::{Path, PathBuf};
use std::process::Command;

/// Commands a documented line may consist of to be run.
const RUNNABLE: [&str; 9] = [
    "lirc", "node", "echo", "printf", "mkdir", "cat", "rm", "ls", "head",
];

/// One runnable documented line, with where it was found.
struct DocLine {
    file: String,
    line: usize,
    text: String,
}

/// The ```` ```sh ```` blocks of a markdown text: each block's commands with the line
/// they start on (numbered from 1 in the file), backslash continuations joined and a
/// here-document kept with the line that opens it.
fn sh_blocks(markdown: &str) -> Vec<Vec<(usize, String)>> {
    let mut blocks = Vec::new();
    let mut current: Option<Vec<(usize, String)>> = None;
    let mut pending: Option<(usize, String)> = None;
    let mut heredoc_end: Option<String> = None;
    for (index, line) in markdown.lines().enumerate() {
        let trimmed = line.trim();
        if let Some(block) = current.as_mut() {
            if let Some(end) = &heredoc_end {
                let (start, mut text) = pending.take().unwrap_or_default();
                text.push('\n');
                text.push_str(line);
                if trimmed == end {
                    heredoc_end = None;
                    block.push((start, text));
                } else {
                    pending = Some((start, text));
                }
                continue;
            }
            if trimmed.starts_with("```") {
                blocks.push(current.take().unwrap_or_default());
                continue;
            }
            let (start, mut text) = pending.take().unwrap_or((index + 1, String::new()));
            text.push_str(trimmed.trim_end_matches('\\'));
            if trimmed.ends_with('\\') {
                text.push(' ');
                pending = Some((start, text));
            } else if let Some(end) = heredoc_delimiter(trimmed) {
                heredoc_end = Some(end);
                pending = Some((start, text));
            } else if !text.trim().is_empty() {
                block.push((start, text));
            }
        } else if let Some(lang) = trimmed.strip_prefix("```") {
            if matches!(lang.trim(), "sh" | "bash" | "shell") {
                current = Some(Vec::new());
            }
        }
    }
    blocks
}

/// The delimiter of a here-document a line opens (`<<'EOF'`, `<<EOF`, `<<-EOF`).
fn heredoc_delimiter(line: &str) -> Option<String> {
    let after = line
        .split("<<")
        .nth(1)?
        .trim_start_matches('-')
        .trim_start();
    let word: String = after
        .trim_start_matches(['\'', '"'])
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect();
    (!word.is_empty()).then_some(word)
}

/// The command words of a shell line: the first word of each pipeline stage or list
/// element, comments dropped.
fn command_words(line: &str) -> Vec<&str> {
    let code = line.split(" #").next().unwrap_or("");
    code.split(['|', ';'])
        .flat_map(|part| part.split("&&"))
        .filter_map(|part| part.split_whitespace().next())
        .collect()
}

fn markdown_files(root: &Path) -> Vec<PathBuf> {
    let mut files = vec![root.join("README.md")];
    let mut docs: Vec<PathBuf> = std::fs::read_dir(root.join("docs"))
        .expect("docs/ is readable")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    docs.sort();
    files.extend(docs);
    files
}

/// Copies `from` to `to` recursively (files and directories; links as the files they
/// point to).
fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

fn have_node() -> bool {
    Command::new("node")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
fn documented_commands_work_when_pasted() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let scratch = std::env::temp_dir().join(format!("lir-doc-commands-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&scratch);
    // What the commands read: the examples, the README and the docs.
    copy_tree(&root.join("examples"), &scratch.join("examples"));
    copy_tree(&root.join("docs"), &scratch.join("docs"));
    std::fs::copy(root.join("README.md"), scratch.join("README.md")).unwrap();
    let bin = scratch.join(".bin");
    std::fs::create_dir_all(&bin).unwrap();
    std::os::unix::fs::symlink(env!("CARGO_BIN_EXE_lirc"), bin.join("lirc")).unwrap();
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let node = have_node();
    if !node {
        println!("skipping `node` lines: node is not installed");
    }

    let mut ran = 0;
    let mut skipped = Vec::new();
    let mut failures = Vec::new();
    for file in markdown_files(&root) {
        let name = file
            .strip_prefix(&root)
            .unwrap_or(&file)
            .display()
            .to_string();
        let text = std::fs::read_to_string(&file).unwrap();
        for block in sh_blocks(&text) {
            let mut script = String::from("set -e\n");
            let mut lines = Vec::new();
            for (line, code) in block {
                if code.starts_with('#') {
                    continue; // a comment line
                }
                // A here-document's body is data: its first line holds the command.
                let words = command_words(code.lines().next().unwrap_or(""));
                let runnable = !words.is_empty()
                    && words.iter().all(|w| RUNNABLE.contains(w))
                    && (node || !words.contains(&"node"));
                if !runnable {
                    skipped.push(format!("{name}:{line}: {code}"));
                    continue;
                }
                // Each line reports its own status; `set -e` stops at the first failure.
                // Output is not compared; a here-document line keeps its own shape.
                let quiet = if code.contains('\n') {
                    ""
                } else {
                    " > /dev/null"
                };
                script.push_str(&format!("echo '>>> {name}:{line}'\n{code}{quiet}\n"));
                lines.push(DocLine {
                    file: name.clone(),
                    line,
                    text: code,
                });
            }
            if lines.is_empty() {
                continue;
            }
            ran += lines.len();
            let out = Command::new("bash")
                .arg("-c")
                .arg(&script)
                .current_dir(&scratch)
                .env("PATH", &path)
                .env("NO_COLOR", "1")
                .output()
                .expect("bash runs");
            if !out.status.success() {
                let stdout = String::from_utf8_lossy(&out.stdout);
                let last = stdout.lines().rev().find_map(|l| l.strip_prefix(">>> "));
                let failed = lines
                    .iter()
                    .find(|l| Some(format!("{}:{}", l.file, l.line).as_str()) == last)
                    .map_or_else(
                        || "?".to_string(),
                        |l| format!("{}:{}: {}", l.file, l.line, l.text),
                    );
                failures.push(format!(
                    "{failed}\n    exit {:?}: {}",
                    out.status.code(),
                    String::from_utf8_lossy(&out.stderr).trim()
                ));
            }
        }
    }
    let _ = std::fs::remove_dir_all(&scratch);
    println!(
        "ran {ran} documented command lines; skipped {}:",
        skipped.len()
    );
    for line in &skipped {
        println!("  skipped {line}");
    }
    assert!(ran >= 20, "only {ran} documented commands were found");
    assert!(
        failures.is_empty(),
        "documented commands that fail when pasted:\n{}",
        failures.join("\n")
    );
}

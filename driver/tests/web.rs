//! The JavaScript host and the example web page, in the engines users run them in:
//! `examples/web/` served over HTTP by a small server in this test and loaded by
//! headless Chromium (`--dump-dom`), whose page must print what `lirc run` prints for
//! every example; and `examples/host/lir-host.mjs` under Node.js (libraries attached,
//! `start()` refused with a hint, writes passed through as they come).
//!
//! Without Chromium (`chromium`, `chromium-browser`, `google-chrome` on `PATH`, or
//! `LIR_CHROMIUM`) or Node.js, the test that needs it is skipped with a printed reason.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn lirc(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_lirc"))
        .args(args)
        .current_dir(repo())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("lirc starts");
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "lirc {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A scratch directory, removed on drop.
struct Scratch(PathBuf);

impl Scratch {
    fn new(tag: &str) -> Scratch {
        let dir = std::env::temp_dir().join(format!("lir-web-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Scratch(dir)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn find_on_path(names: &[&str]) -> Option<PathBuf> {
    if let Some(explicit) = std::env::var_os("LIR_CHROMIUM") {
        return Some(PathBuf::from(explicit));
    }
    let path = std::env::var_os("PATH")?;
    names.iter().find_map(|name| {
        std::env::split_paths(&path)
            .map(|dir| dir.join(name))
            .find(|candidate| candidate.is_file())
    })
}

fn have_node() -> bool {
    Command::new("node")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// The `Content-Type` a browser needs for each file of the page;
/// `instantiateStreaming` insists on `application/wasm`.
fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("mjs" | "js") => "text/javascript; charset=utf-8",
        Some("wasm") => "application/wasm",
        _ => "application/octet-stream",
    }
}

/// Answers one HTTP/1.x GET for a file under `root` (the cross-origin-isolation
/// headers included, as docs/running.md shows), then closes the connection.
fn serve_one(mut stream: TcpStream, root: &Path) {
    let mut request_line = String::new();
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    if reader.read_line(&mut request_line).is_err() {
        return;
    }
    // Skip the headers.
    let mut line = String::new();
    while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
        line.clear();
    }
    let target = request_line.split_whitespace().nth(1).unwrap_or("/");
    let relative = target
        .split('?')
        .next()
        .unwrap_or("")
        .trim_start_matches('/');
    let file = root.join(relative);
    let body = (!relative.split('/').any(|part| part == ".."))
        .then(|| std::fs::read(&file).ok())
        .flatten();
    let header = |status: &str, ty: &str, len: usize| {
        format!(
            "HTTP/1.1 {status}\r\nContent-Type: {ty}\r\nContent-Length: {len}\r\n\
             Cross-Origin-Opener-Policy: same-origin\r\n\
             Cross-Origin-Embedder-Policy: require-corp\r\nConnection: close\r\n\r\n"
        )
    };
    let response = match body {
        Some(body) => {
            let mut r = header("200 OK", content_type(&file), body.len()).into_bytes();
            r.extend(body);
            r
        }
        None => header("404 Not Found", "text/plain", 0).into_bytes(),
    };
    let _ = stream.write_all(&response);
}

/// Serves `root` on a free local port from a background thread; returns the port.
fn serve(root: PathBuf) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let root = root.clone();
            std::thread::spawn(move || serve_one(stream, &root));
        }
    });
    port
}

/// Runs `command`, killing it after `limit`; its stdout.
fn output_within(mut command: Command, limit: Duration) -> Output {
    let mut child = command
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("starts");
    let mut stdout = child.stdout.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = stdout.read_to_end(&mut bytes);
        bytes
    });
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > limit {
            let _ = child.kill();
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let mut out = child.wait_with_output().unwrap();
    out.stdout = reader.join().unwrap();
    out
}

/// The text of the element with `id` in a serialized DOM, entities decoded.
fn element_text(dom: &str, id: &str) -> Option<String> {
    let at = dom.find(&format!("id=\"{id}\""))?;
    let open_end = at + dom[at..].find('>')? + 1;
    let close = open_end + dom[open_end..].find("</")?;
    Some(
        dom[open_end..close]
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&amp;", "&"),
    )
}

#[test]
fn the_example_page_runs_every_program_in_headless_chromium() {
    let Some(chromium) = find_on_path(&[
        "chromium",
        "chromium-browser",
        "google-chrome",
        "google-chrome-stable",
    ]) else {
        println!("skipped: no Chromium on PATH (apt-get install chromium, or set LIR_CHROMIUM)");
        return;
    };
    // The page and the host it imports, with the modules built by the documented script.
    let scratch = Scratch::new("page");
    for dir in ["web", "host"] {
        std::fs::create_dir_all(scratch.0.join(dir)).unwrap();
        for entry in std::fs::read_dir(repo().join("examples").join(dir)).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e != "wasm") {
                std::fs::copy(&path, scratch.0.join(dir).join(path.file_name().unwrap())).unwrap();
            }
        }
    }
    let build = Command::new("sh")
        .arg("examples/web/build.sh")
        .arg(scratch.0.join("web"))
        .env("LIRC", env!("CARGO_BIN_EXE_lirc"))
        .current_dir(repo())
        .output()
        .expect("sh runs");
    assert!(build.status.success(), "{}", text(&build.stderr));
    let port = serve(scratch.0.clone());

    let profile = scratch.0.join("profile");
    let mut command = Command::new(&chromium);
    command
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--virtual-time-budget=20000",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg("--dump-dom")
        .arg(format!("http://127.0.0.1:{port}/web/index.html"));
    let out = output_within(command, Duration::from_secs(120));
    let dom = text(&out.stdout);
    assert_eq!(
        element_text(&dom, "status").as_deref(),
        Some("done"),
        "the page did not finish:\n{dom}\nchromium's stderr:\n{}",
        text(&out.stderr)
    );

    // Each program prints in the page what it prints under `lirc run`.
    let hello = text(&lirc(&["run", "examples/hello.lir"], b"").stdout);
    assert_eq!(element_text(&dom, "hello-out").unwrap(), hello);
    assert_eq!(element_text(&dom, "hello-status").unwrap(), "0");
    let input = "one two\nthree\n";
    let wc = text(&lirc(&["run", "examples/wc.lir"], input.as_bytes()).stdout);
    assert_eq!(wc, "2 3 14\n");
    assert_eq!(element_text(&dom, "wc-out").unwrap(), wc);
    assert_eq!(element_text(&dom, "wc-err").unwrap(), "");
    let bmi = text(
        &lirc(
            &[
                "run",
                "examples/bmi.lir",
                "--invoke",
                "calculate_bmi",
                "70",
                "1.75",
            ],
            b"",
        )
        .stdout,
    );
    let class = text(
        &lirc(
            &[
                "run",
                "examples/bmi.lir",
                "--invoke",
                "classify_bmi",
                bmi.trim(),
            ],
            b"",
        )
        .stdout,
    );
    assert_eq!(
        element_text(&dom, "bmi-out").unwrap(),
        format!(
            "calculate_bmi = {}\nclassify_bmi = {} (normal)",
            bmi.trim(),
            class.trim()
        )
    );
    println!("the page ran hello, wc and bmi in {}", chromium.display());
}

/// A program that writes "errno " and "76\n" in two writes.
const TWO_WRITES: &str = "data @a readonly = \"errno \"\ndata @b readonly = \"76\\n\"\n\
func @main() -> i32 {\nentry:\n    %a = addr @a\n    %w1 = syscall.write 1, %a, sizeof @a\n    \
%b = addr @b\n    %w2 = syscall.write 1, %b, sizeof @b\n    ret 0\n}\n";

#[test]
fn lir_host_attaches_libraries_refuses_to_start_them_and_passes_writes_through() {
    if !have_node() {
        println!("skipped: node is not installed");
        return;
    }
    let scratch = Scratch::new("node");
    let program = scratch.0.join("two_writes.lir");
    std::fs::write(&program, TWO_WRITES).unwrap();
    let program_wasm = scratch.0.join("two_writes.wasm");
    let bmi_wasm = scratch.0.join("bmi.wasm");
    for (source, wasm) in [
        (program.as_path(), &program_wasm),
        (repo().join("examples/bmi.lir").as_path(), &bmi_wasm),
    ] {
        lirc(
            &[
                "--target",
                "wasm32-unknown-unknown",
                source.to_str().unwrap(),
                "-o",
                wasm.to_str().unwrap(),
            ],
            b"",
        );
    }
    // The sink docs/running.md shows, and the library calls it shows.
    let script = format!(
        "import {{ LirHost }} from '{host}';\n\
         import {{ readFileSync }} from 'node:fs';\n\
         const program = new LirHost({{ stdout: (bytes) => process.stdout.write(bytes) }});\n\
         const p = await WebAssembly.instantiate(readFileSync('{program}'), program.imports());\n\
         process.stdout.write(`status ${{program.start(p.instance)}}\\n`);\n\
         const host = new LirHost();\n\
         const {{ instance }} = await WebAssembly.instantiate(readFileSync('{bmi}'), host.imports());\n\
         try {{ host.start(instance); }} catch (e) {{ process.stdout.write(e.message + '\\n'); }}\n\
         const {{ calculate_bmi, classify_bmi }} = host.attach(instance);\n\
         process.stdout.write(`${{calculate_bmi(70, 1.75).toFixed(6)}} ${{classify_bmi(40)}}\\n`);\n",
        host = repo().join("examples/host/lir-host.mjs").display(),
        program = program_wasm.display(),
        bmi = bmi_wasm.display(),
    );
    let out = Command::new("node")
        .args(["--no-warnings", "--input-type=module", "-e", &script])
        .output()
        .expect("node runs");
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout),
        "errno 76\nstatus 0\n\
         this module has no _start: it is a library (its LIR has no @main), not a program; \
         call host.attach(instance) and then its exports (calculate_bmi, classify_bmi)\n\
         22.857143 3\n"
    );
}

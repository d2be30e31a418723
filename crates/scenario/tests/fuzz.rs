//! A generated-input fuzz of the loader: the shipped scenario, route and network files, mutated
//! (numbers swapped for extreme values, strings for odd ones, bytes deleted, inserted, lines
//! duplicated, the text cut short), each loaded and, if it loads, run and reported. Nothing may
//! panic; every error must name its file, sit inside the text and stay short.
//!
//! A short run is part of `cargo test`; the long run and its last result are in the README:
//! `FUZZ_CASES=100000 cargo test --release -p train_scenario --test tests fuzz -- --nocapture`
//! (`FUZZ_SEED=n` for another stream). Every failure found is saved in `tests/fuzz-regressions/`
//! and replayed by every later run.
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use train_scenario::{LoadError, Loader, Run, ShippedFile, ShippedKind};

/// Cases in a plain `cargo test` run.
const DEFAULT_CASES: u64 = 600;
/// Longest error message accepted (a message quotes names and lines only in part).
const MAX_ERROR_BYTES: usize = 4_000;
/// Where a scenario is pretended to live: no `assets/` above it, so routes come from the
/// (possibly mutated) shipped copies.
const FUZZ_PATH: &str = "/nonexistent-fuzz/scenario.ron";
/// The first line of a saved regression names what was mutated.
const TARGET_PREFIX: &str = "// fuzz target: ";

/// SplitMix64: a tiny deterministic generator (no dependency, same stream everywhere).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// What a case mutates: a scenario, or a shipped route or network (loaded by a scenario).
#[derive(Debug, Clone)]
enum Target {
    Scenario,
    Shipped(ShippedKind, &'static str),
}

impl Target {
    fn label(&self) -> String {
        match self {
            Target::Scenario => "scenario".into(),
            Target::Shipped(ShippedKind::Route, name) => format!("route {name}"),
            Target::Shipped(ShippedKind::Network, name) => format!("network {name}"),
        }
    }

    fn from_label(label: &str) -> Self {
        match label.split_once(' ') {
            Some(("route", name)) => Target::Shipped(ShippedKind::Route, leak(name.to_string())),
            Some(("network", name)) => {
                Target::Shipped(ShippedKind::Network, leak(name.to_string()))
            }
            _ => Target::Scenario,
        }
    }
}

fn leak(text: String) -> &'static str {
    Box::leak(text.into_boxed_str())
}

/// The shipped routes and networks, as the program registers them.
fn shipped() -> Vec<ShippedFile> {
    let read = |p: &str| leak(std::fs::read_to_string(root().join(p)).unwrap());
    vec![
        ShippedFile {
            kind: ShippedKind::Route,
            name: "pyongyang-vladivostok",
            text: read("assets/routes/pyongyang-vladivostok.ron"),
        },
        ShippedFile {
            kind: ShippedKind::Network,
            name: "far-east",
            text: read("assets/network/far-east.ron"),
        },
    ]
}

/// Every scenario shipped that names a shipped route or network.
fn seed_scenarios(shipped: &[ShippedFile]) -> Vec<String> {
    let mut files = Vec::new();
    let mut dirs = vec![root().join("scenarios")];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "ron") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap())
        .filter(|text| {
            shipped
                .iter()
                .any(|f| text.contains(&format!("\"{}\"", f.name)))
        })
        .collect()
}

const NUMBERS: [&str; 14] = [
    "NaN",
    "inf",
    "-inf",
    "1e308",
    "-1e308",
    "0",
    "-0.0",
    "1e-300",
    "-1",
    "0.5",
    "99999999999999999999",
    "4294967296",
    "1e6",
    "650.0001",
];
const STRINGS: [&str; 14] = [
    "\"\"",
    "\"Khasan\"",
    "\"Khasan#2\"",
    "\"Pyongyang\"",
    "\"Хасан 哈桑\"",
    "\"\\u{0}\"",
    "\"2023-09-10T15:00:00+25:00\"",
    "\"2023-09-10T15:00:00\"",
    "\"1e300h\"",
    "\"-5m\"",
    "\"0s\"",
    "\"1d 2h 3m 4s\"",
    "\"36500d\"",
    "\"Asia/Nowhere\"",
];
const FRAGMENTS: [&str; 12] = [
    "(", ")", "[", "]", "{", "}", ",", ":", "\"", "//", "/*", "Some(",
];

/// Byte offsets of tokens that look like numbers, and of string literals.
fn tokens(text: &str) -> (Vec<(usize, usize)>, Vec<(usize, usize)>) {
    let bytes = text.as_bytes();
    let (mut numbers, mut strings) = (Vec::new(), Vec::new());
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        if c == b'"' {
            let start = i;
            i += 1;
            while i < bytes.len() && bytes[i] != b'"' {
                i += if bytes[i] == b'\\' { 2 } else { 1 };
            }
            i = (i + 1).min(bytes.len());
            strings.push((start, i));
        } else if c.is_ascii_digit()
            || (c == b'-' && bytes.get(i + 1).is_some_and(u8::is_ascii_digit))
        {
            let start = i;
            i += 1;
            while i < bytes.len()
                && (bytes[i].is_ascii_alphanumeric() || matches!(bytes[i], b'.' | b'-' | b'+'))
            {
                i += 1;
            }
            numbers.push((start, i));
        } else {
            i += 1;
        }
    }
    (numbers, strings)
}

/// A char boundary at or before `at`.
fn boundary(text: &[u8], mut at: usize) -> usize {
    at = at.min(text.len());
    while at > 0 && at < text.len() && (text[at] & 0xC0) == 0x80 {
        at -= 1;
    }
    at
}

/// One to three mutations of `text` (bytes: the result may not be UTF-8).
fn mutate(text: &str, rng: &mut Rng) -> Vec<u8> {
    let mut bytes = text.as_bytes().to_vec();
    for _ in 0..=rng.below(3) {
        let as_text = String::from_utf8_lossy(&bytes).into_owned();
        let (numbers, strings) = tokens(&as_text);
        let replace = |bytes: &mut Vec<u8>, (a, b): (usize, usize), with: &str| {
            if b <= bytes.len() {
                bytes.splice(a..b, with.bytes());
            }
        };
        match rng.below(9) {
            0 | 1 if !numbers.is_empty() => {
                let span = *rng.pick(&numbers);
                let with = *rng.pick(&NUMBERS);
                replace(&mut bytes, span, with);
            }
            2 | 3 if !strings.is_empty() => {
                let span = *rng.pick(&strings);
                let with = if rng.below(8) == 0 {
                    format!("\"{}\"", "x".repeat(20_000))
                } else {
                    (*rng.pick(&STRINGS)).to_string()
                };
                replace(&mut bytes, span, &with);
            }
            4 => {
                let at = boundary(&bytes, rng.below(bytes.len()));
                let end = boundary(&bytes, at + 1 + rng.below(20));
                bytes.drain(at..end.max(at));
            }
            5 => {
                let at = boundary(&bytes, rng.below(bytes.len()));
                let insert: Vec<u8> = if rng.below(6) == 0 {
                    vec![0xFF, 0xFE]
                } else {
                    rng.pick(&FRAGMENTS).bytes().collect()
                };
                bytes.splice(at..at, insert);
            }
            6 if as_text.lines().next().is_some() => {
                let lines: Vec<&str> = as_text.lines().collect();
                let i = rng.below(lines.len());
                let mut out: Vec<&str> = lines.clone();
                out.insert(i, lines[i]);
                bytes = (out.join("\n") + "\n").into_bytes();
            }
            7 => {
                let at = boundary(&bytes, rng.below(bytes.len()));
                bytes.truncate(at);
            }
            _ if as_text.lines().next().is_some() => {
                let mut lines: Vec<&str> = as_text.lines().collect();
                let (a, b) = (rng.below(lines.len()), rng.below(lines.len()));
                lines.swap(a, b);
                bytes = (lines.join("\n") + "\n").into_bytes();
            }
            _ => bytes.push(b'('),
        }
    }
    bytes
}

/// Loads (and, if it loads, runs and reports) one case; an error must be well formed.
fn exercise(
    target: &Target,
    bytes: &[u8],
    base_scenario: &str,
    shipped: &[ShippedFile],
) -> Result<(), String> {
    let path = Path::new(FUZZ_PATH);
    let (loader, scenario_bytes) = match target {
        Target::Scenario => (Loader::with_shipped(shipped), bytes.to_vec()),
        Target::Shipped(kind, name) => {
            let Ok(text) = std::str::from_utf8(bytes) else {
                return Ok(()); // shipped copies are compiled-in text, always UTF-8
            };
            let text = leak(text.to_string());
            let files: Vec<ShippedFile> = shipped
                .iter()
                .map(|f| {
                    if f.kind == *kind && f.name == *name {
                        ShippedFile { text, ..*f }
                    } else {
                        *f
                    }
                })
                .collect();
            (
                Loader::with_shipped(&files),
                base_scenario.as_bytes().to_vec(),
            )
        }
    };
    let check_error = |e: &LoadError| -> Result<(), String> {
        let shown = e.with_snippet();
        if shown.is_empty() || shown.len() > MAX_ERROR_BYTES {
            return Err(format!(
                "error of {} bytes: {}",
                shown.len(),
                &shown[..shown.len().min(300)]
            ));
        }
        if let Some(p) = e.position
            && (p.line == 0 || p.col == 0)
        {
            return Err(format!("position {p:?} is not 1-based: {shown}"));
        }
        Ok(())
    };
    let source = match train_scenario::SourceFile::from_bytes(path, scenario_bytes) {
        Ok(source) => source,
        Err(e) => return check_error(&e),
    };
    let scenario = match loader.scenario_from(source) {
        Ok(scenario) => scenario,
        Err(e) => return check_error(&e),
    };
    match Run::new(&scenario) {
        Ok(run) => {
            let report = run.report();
            serde_json::to_string(&report).map_err(|e| e.to_string())?;
            Ok(())
        }
        Err(e) => check_error(&e.locate(&scenario)),
    }
}

fn regressions_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz-regressions")
}

/// Runs a case, turning a panic into a failure message.
fn run_case(
    target: &Target,
    bytes: &[u8],
    base: &str,
    shipped: &[ShippedFile],
) -> Result<(), String> {
    match catch_unwind(AssertUnwindSafe(|| exercise(target, bytes, base, shipped))) {
        Ok(result) => result,
        Err(panic) => Err(format!(
            "panicked: {}",
            panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_string()))
                .unwrap_or_default()
        )),
    }
}

/// Saves a failing case (with its target on the first line) and returns its path.
fn save(target: &Target, bytes: &[u8]) -> PathBuf {
    let dir = regressions_dir();
    std::fs::create_dir_all(&dir).unwrap();
    let mut content = format!("{TARGET_PREFIX}{}\n", target.label()).into_bytes();
    content.extend_from_slice(bytes);
    let hash = content.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x100_0000_01b3)
    });
    let path = dir.join(format!("{hash:016x}.ron"));
    std::fs::write(&path, content).unwrap();
    path
}

#[test]
fn saved_regressions_still_pass() {
    let shipped = shipped();
    let base = std::fs::read_to_string(root().join("scenarios/2023-sunday-afternoon.ron")).unwrap();
    let Ok(entries) = std::fs::read_dir(regressions_dir()) else {
        return;
    };
    for entry in entries {
        let path = entry.unwrap().path();
        let content = std::fs::read(&path).unwrap();
        let newline = content.iter().position(|&b| b == b'\n').unwrap();
        let first = String::from_utf8_lossy(&content[..newline]).into_owned();
        let target = Target::from_label(first.strip_prefix(TARGET_PREFIX).unwrap());
        let result = run_case(&target, &content[newline + 1..], &base, &shipped);
        assert!(result.is_ok(), "{}: {result:?}", path.display());
    }
}

#[test]
fn fuzz_the_loader_with_mutated_shipped_files() {
    let cases: u64 = std::env::var("FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(DEFAULT_CASES);
    let seed: u64 = std::env::var("FUZZ_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(2023);
    let shipped = shipped();
    let scenarios = seed_scenarios(&shipped);
    assert!(scenarios.len() >= 10, "{} seed scenarios", scenarios.len());
    let base = std::fs::read_to_string(root().join("scenarios/2023-sunday-afternoon.ron")).unwrap();
    let mut rng = Rng(seed);
    let (mut loaded, mut slowest) = (0u64, Duration::ZERO);
    let started = Instant::now();
    for case in 0..cases {
        // Two cases in three mutate a scenario, the others the shipped route or network.
        let (target, text) = if rng.below(3) > 0 {
            (Target::Scenario, rng.pick(&scenarios).as_str())
        } else {
            let file = rng.pick(&shipped);
            (Target::Shipped(file.kind, file.name), file.text)
        };
        let bytes = mutate(text, &mut rng);
        let timer = Instant::now();
        let result = run_case(&target, &bytes, &base, &shipped);
        slowest = slowest.max(timer.elapsed());
        if let Err(message) = result {
            let saved = save(&target, &bytes);
            panic!(
                "case {case} (seed {seed}) failed: {message}\nsaved as {}",
                saved.display()
            );
        }
        let parsed = match target {
            Target::Scenario => train_scenario::SourceFile::from_bytes(Path::new(FUZZ_PATH), bytes)
                .ok()
                .and_then(|s| Loader::with_shipped(&shipped).scenario_from(s).ok())
                .is_some(),
            Target::Shipped(..) => false,
        };
        loaded += u64::from(parsed);
    }
    println!(
        "fuzz: {cases} cases (seed {seed}) in {:.1} s, {loaded} mutated scenarios still loaded, slowest case {:.1} ms",
        started.elapsed().as_secs_f64(),
        slowest.as_secs_f64() * 1e3
    );
    // The mutations must be gentle enough that some inputs still load and run (otherwise only
    // the parser is being fuzzed).
    assert!(cases < 100 || loaded > 0, "no mutated scenario loaded");
}

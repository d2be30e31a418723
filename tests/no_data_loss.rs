//! Nothing a user wrote is lost: `chart -o` and `check --junit` never write over an input, a
//! symlink or a file this tool did not write, and no command modifies any input (checked by
//! comparing every file's bytes before and after running every command).
use crate::util::{TempDir, cli, root, stderr};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Copies the shipped scenarios and assets into `dir`, so that commands run on files of the test's
/// own.
fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_tree(&path, &target);
        } else {
            std::fs::copy(&path, &target).unwrap();
        }
    }
}

/// Every file under `dir` and its bytes.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut dirs = vec![dir.to_path_buf()];
    while let Some(d) = dirs.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else {
                files.insert(path.clone(), std::fs::read(&path).unwrap());
            }
        }
    }
    files
}

#[test]
fn no_command_modifies_its_inputs() {
    let dir = TempDir::new("inputs");
    copy_tree(&root().join("scenarios"), &dir.0.join("scenarios"));
    copy_tree(&root().join("assets"), &dir.0.join("assets"));
    let before = snapshot(&dir.0);
    let out_dir = TempDir::new("outputs");
    let chart = out_dir.0.join("chart.svg");
    let junit = out_dir.0.join("junit.xml");
    let calibrated = out_dir.0.join("calibrated.ron");
    let worksheets = out_dir.0.join("worksheets");
    let commands: Vec<Vec<&str>> = vec![
        vec!["run", "scenarios/trips/2023-circuit.ron"],
        vec!["run", "scenarios/security-lockdown.ron", "--format", "json"],
        vec!["check", "scenarios", "--junit", junit.to_str().unwrap()],
        vec![
            "montecarlo",
            "scenarios/random-incidents.ron",
            "--runs",
            "100",
        ],
        vec![
            "sweep",
            "scenarios/2023-sunday-afternoon.ron",
            "--speed",
            "40:50:5",
        ],
        vec![
            "chart",
            "scenarios/2023-sunday-afternoon.ron",
            "--kind",
            "speed",
            "-o",
            chart.to_str().unwrap(),
        ],
        vec!["lessons", "show", "2"],
        vec![
            "calibrate",
            "scenarios/trips/2023-outbound.ron",
            "-o",
            calibrated.to_str().unwrap(),
        ],
        vec![
            "nowcast",
            "scenarios/trips/2023-circuit.ron",
            "--as-of",
            "2023-09-12T06:00:00+10:00",
        ],
        vec![
            "lessons",
            "export",
            "3",
            "--to",
            worksheets.to_str().unwrap(),
        ],
        vec![
            "sweep",
            "scenarios/2023-sunday-afternoon.ron",
            "--speed",
            "40:50:10",
            "--freeze",
            "scenarios/2023-sunday-afternoon.ron",
        ],
        // Refused outputs: the scenario itself, a route, a lesson.
        vec![
            "chart",
            "scenarios/2023-sunday-afternoon.ron",
            "--kind",
            "marey",
            "-o",
            "scenarios/2023-sunday-afternoon.ron",
        ],
        vec![
            "check",
            "scenarios/lessons",
            "--junit",
            "scenarios/lessons/1-twenty-hours.ron",
        ],
    ];
    for args in &commands {
        let out = cli(&dir.0, args);
        assert!(
            out.status.code().is_some_and(|c| c <= 2),
            "{args:?}: {}",
            stderr(&out)
        );
        assert!(
            !stderr(&out).contains("panicked"),
            "{args:?}: {}",
            stderr(&out)
        );
    }
    let after = snapshot(&dir.0);
    assert_eq!(before.len(), after.len(), "files were added or removed");
    for (path, bytes) in &before {
        assert!(
            after.get(path) == Some(bytes),
            "{} was modified",
            path.display()
        );
    }
    assert!(chart.is_file() && junit.is_file() && calibrated.is_file() && worksheets.is_dir());
}

/// Runs `chart` writing to `output` from `dir`; returns the exit code and stderr.
fn chart_to(dir: &Path, scenario: &str, output: &str) -> (Option<i32>, String) {
    let out = cli(dir, &["chart", scenario, "--kind", "marey", "-o", output]);
    (out.status.code(), stderr(&out))
}

#[test]
fn chart_never_writes_over_what_it_did_not_write() {
    let dir = TempDir::new("chart-outputs");
    let scenario = dir.write(
        "trip.ron",
        &std::fs::read_to_string(root().join("scenarios/2023-sunday-afternoon.ron")).unwrap(),
    );
    let original = std::fs::read(&scenario).unwrap();

    // A scenario saved under an .svg name, given as the output of its own chart.
    std::fs::copy(&scenario, dir.0.join("trip-copy.svg")).unwrap();
    let (code, err) = chart_to(&dir.0, "trip-copy.svg", "trip-copy.svg");
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("input of this command"), "{err}");

    // A symbolic link to the scenario.
    std::os::unix::fs::symlink(&scenario, dir.0.join("link.svg")).unwrap();
    let (code, err) = chart_to(&dir.0, "trip.ron", "link.svg");
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("symbolic link"), "{err}");

    // A text file that happens to end in .svg, and an SVG drawn by someone else.
    dir.write("notes.svg", "my notes\n");
    dir.write(
        "drawing.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"></svg>\n",
    );
    for name in ["notes.svg", "drawing.svg"] {
        let (code, err) = chart_to(&dir.0, "trip.ron", name);
        assert_eq!(code, Some(2), "{err}");
        assert!(
            err.contains("not an SVG chart written by this tool"),
            "{err}"
        );
    }
    assert_eq!(
        std::fs::read_to_string(dir.0.join("notes.svg")).unwrap(),
        "my notes\n"
    );

    // A directory.
    std::fs::create_dir(dir.0.join("folder.svg")).unwrap();
    let (code, err) = chart_to(&dir.0, "trip.ron", "folder.svg");
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("is a directory"), "{err}");

    // Its own chart is replaced (a temporary file renamed into place, none left behind).
    let (code, err) = chart_to(&dir.0, "trip.ron", "chart.svg");
    assert_eq!(code, Some(0), "{err}");
    let (code, err) = chart_to(&dir.0, "trip.ron", "chart.svg");
    assert_eq!(code, Some(0), "{err}");
    let leftovers: Vec<_> = std::fs::read_dir(&dir.0)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    assert_eq!(std::fs::read(&scenario).unwrap(), original);
}

#[test]
fn chart_to_standard_output_and_scenario_from_standard_input() {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let text = std::fs::read_to_string(root().join("scenarios/2023-sunday-afternoon.ron")).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_armored-train"))
        .args(["chart", "-", "--kind", "speed", "-o", "-"])
        .current_dir(root())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(text.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let svg = String::from_utf8(out.stdout).unwrap();
    assert!(
        svg.contains("<svg") && svg.contains("Khasan"),
        "{}",
        &svg[..200.min(svg.len())]
    );
}

#[test]
fn the_apps_screenshot_never_writes_over_what_is_not_a_png() {
    let dir = TempDir::new("screenshot-target");
    let scenario = dir.write("s.ron", "Scenario(title: \"t\")\n");
    dir.write("notes.png", "my notes");
    std::os::unix::fs::symlink(&scenario, dir.0.join("link.png")).unwrap();
    let cases: [(&[&str], &str); 5] = [
        (&["--screenshot", "notes.png"], "is not a PNG"),
        (&["--screenshot", "link.png"], "is a symbolic link"),
        (
            &["--scenario", "s.ron", "--screenshot", "s.ron"],
            "must end in .png",
        ),
        (&["--screenshot", "shot.jpg"], "must end in .png"),
        (&["--screenshot", "missing/shot.png"], "does not exist"),
    ];
    let before = snapshot(&dir.0);
    for (args, message) in cases {
        // Refused before the app starts, with or without a display.
        let out = cli(&dir.0, args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(stderr(&out).contains(message), "{args:?}: {}", stderr(&out));
    }
    assert_eq!(before, snapshot(&dir.0));
}

//! Every output path, for every subcommand and the help screens: a closed pipe (`| head -1`) ends
//! quietly with exit 0, a full device (`>/dev/full`) exits 2 with the OS message; never a panic.
use crate::util::root;
use std::process::{Command, Stdio};

/// One invocation of every subcommand, each printing more than a line (and the help screens and
/// the bare binary, which prints the headless report or the help).
fn every_command() -> Vec<Vec<&'static str>> {
    vec![
        vec!["run", "scenarios/2023-sunday-afternoon.ron"],
        vec![
            "run",
            "scenarios/2023-sunday-afternoon.ron",
            "--format",
            "json",
        ],
        vec![
            "run",
            "scenarios/2023-sunday-afternoon.ron",
            "--format",
            "csv",
        ],
        vec!["check", "scenarios/lessons"],
        vec!["check", "scenarios/lessons", "--format", "json"],
        vec![
            "montecarlo",
            "scenarios/random-incidents.ron",
            "--runs",
            "200",
        ],
        vec![
            "montecarlo",
            "scenarios/random-incidents.ron",
            "--runs",
            "200",
            "--format",
            "json",
        ],
        vec![
            "sweep",
            "scenarios/2023-sunday-afternoon.ron",
            "--speed",
            "30:60:5",
        ],
        vec![
            "sweep",
            "scenarios/2023-sunday-afternoon.ron",
            "--speed",
            "30:60:5",
            "--format",
            "csv",
        ],
        vec![
            "chart",
            "scenarios/2023-sunday-afternoon.ron",
            "--kind",
            "marey",
            "-o",
            "-",
        ],
        vec!["lessons"],
        vec!["lessons", "show", "1"],
        vec![
            "calibrate",
            "scenarios/trips/2019-outbound.ron",
            "--dry-run",
        ],
        vec![
            "nowcast",
            "scenarios/trips/2023-circuit.ron",
            "--as-of",
            "2023-09-12T12:15:00+10:00",
        ],
        vec!["schema", "run"],
        vec!["schema", "check"],
        vec!["--help"],
        vec!["run", "--help"],
        vec!["--version"],
        vec![],
    ]
}

fn command(args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_armored-train"));
    command
        .args(args)
        .current_dir(root())
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .stderr(Stdio::piped());
    command
}

#[test]
fn a_closed_pipe_ends_every_command_quietly_with_exit_0() {
    for args in every_command() {
        let mut child = command(&args).stdout(Stdio::piped()).spawn().unwrap();
        // Close the reading end before the command writes: every write gets EPIPE.
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {err}");
        assert!(
            !err.contains("panicked") && !err.contains("error"),
            "{args:?}: {err}"
        );
    }
}

#[test]
fn a_full_device_exits_2_with_the_os_message() {
    for args in every_command() {
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap();
        let out = command(&args).stdout(Stdio::from(full)).output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains("No space left on device"), "{args:?}: {err}");
        assert!(!err.contains("panicked"), "{args:?}: {err}");
    }
}

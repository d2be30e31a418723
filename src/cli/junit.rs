//! JUnit XML for `check --junit`: one test suite per scenario file, one test case per
//! expectation (each case's, named `[case] ...`, in a table-driven file) and per relation between
//! cases (a failing one is a `<failure>`), a file that cannot be loaded or run an `<error>`.
//! Claims are not tests (a claim the simulation contradicts does not fail a check), so they are
//! left out; they are in `check --format json`.
use super::markup::escape;
use super::output_file::JUNIT_REPORT;
use std::fmt::Write as _;
use train_analysis::check::{FileCheck, Outcome};
use train_scenario::Verdict;

/// The JUnit document of checked files (the tool's marker on its second line).
pub(crate) fn render(checks: &[FileCheck]) -> String {
    let mut suites = String::new();
    let (mut tests, mut failures, mut errors) = (0usize, 0usize, 0usize);
    for check in checks {
        let file = check.path.display().to_string();
        let classname = escape(&file);
        match &check.outcome {
            Outcome::Checked(table) => {
                // (case label, verdict): the case's name prefixes a table-driven file's tests.
                let named = table.cases.len() > 1;
                let mut verdicts: Vec<(String, &Verdict)> = Vec::new();
                for case in &table.cases {
                    for v in &case.run.expectations {
                        let label = if named {
                            format!("[{}] {} {}", case.name, v.kind, v.subject)
                        } else {
                            format!("{} {}", v.kind, v.subject)
                        };
                        verdicts.push((label, v));
                    }
                }
                for v in &table.relations {
                    verdicts.push((format!("relation: {} {}", v.kind, v.subject), v));
                }
                let failed = verdicts.iter().filter(|(_, v)| !v.holds).count();
                tests += verdicts.len();
                failures += failed;
                let _ = writeln!(
                    suites,
                    "  <testsuite name=\"{classname}\" tests=\"{}\" failures=\"{failed}\" errors=\"0\">",
                    verdicts.len()
                );
                for (label, v) in verdicts {
                    let name = escape(&label);
                    if v.holds {
                        let _ = writeln!(
                            suites,
                            "    <testcase classname=\"{classname}\" name=\"{name}\"/>"
                        );
                    } else {
                        let message = format!(
                            "expected {}, actual {}, difference {}, within {}",
                            v.expected, v.actual, v.difference, v.within
                        );
                        let detail = v.note.clone().unwrap_or_default();
                        let _ = writeln!(
                            suites,
                            "    <testcase classname=\"{classname}\" name=\"{name}\">\n      <failure message=\"{}\">{}</failure>\n    </testcase>",
                            escape(&message),
                            escape(&detail)
                        );
                    }
                }
                suites.push_str("  </testsuite>\n");
            }
            Outcome::Failed(e) => {
                tests += 1;
                errors += 1;
                let _ = writeln!(
                    suites,
                    "  <testsuite name=\"{classname}\" tests=\"1\" failures=\"0\" errors=\"1\">\n    <testcase classname=\"{classname}\" name=\"load and run\">\n      <error message=\"{}\">{}</error>\n    </testcase>\n  </testsuite>",
                    escape(&e.headline()),
                    escape(&e.with_snippet())
                );
            }
            Outcome::NotAScenario(_) => {}
        }
    }
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n{}\n<testsuites name=\"armored-train check\" tests=\"{tests}\" failures=\"{failures}\" errors=\"{errors}\">\n{suites}</testsuites>\n",
        JUNIT_REPORT.marker
    )
}

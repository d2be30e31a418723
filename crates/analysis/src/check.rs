//! Checking scenario files (the `check` command): each file is loaded, run and its expectations
//! and claims judged, or it says why it could not be; a route or network kept beside the
//! scenarios is recognised and left out. The outcome has one JSON shape for CI
//! ([`CheckReport`]); front ends render text and JUnit from the same outcome.
use crate::files::Skipped;
use serde::Serialize;
use std::path::{Path, PathBuf};
use train_scenario::{
    CheckKind, ClaimVerdict, LoadError, Loader, SourceFile, TableRun, Unit, Verdict,
};

/// The name a scenario file gives its top-level struct.
const SCENARIO_STRUCT: &str = "Scenario";

/// What became of one file.
#[derive(Debug, Clone)]
pub enum Outcome {
    /// Loaded and run: its verdicts (every case of a table-driven file, the base first).
    Checked(Box<TableRun>),
    /// It could not be loaded or run.
    Failed(LoadError),
    /// Not a scenario: the struct it holds (`Route`, `Network`, ...).
    NotAScenario(String),
}

/// One file and what became of it.
#[derive(Debug, Clone)]
pub struct FileCheck {
    /// The file as given or found.
    pub path: PathBuf,
    /// Its outcome.
    pub outcome: Outcome,
}

/// Loads, runs and judges the scenario read into `source` (or says why not).
pub fn check_source(loader: &Loader, source: Result<SourceFile, LoadError>) -> Outcome {
    let source = match source {
        Ok(source) => source,
        Err(e) => return Outcome::Failed(e),
    };
    if let Some(name) = source.top_level_name()
        && name != SCENARIO_STRUCT
    {
        return Outcome::NotAScenario(name.to_string());
    }
    let scenario = match loader.scenario_from(source) {
        Ok(scenario) => scenario,
        Err(e) => return Outcome::Failed(e),
    };
    match TableRun::new(&scenario) {
        Ok(table) => Outcome::Checked(Box::new(table)),
        Err(e) => Outcome::Failed(e),
    }
}

/// Checks the file at `path`.
pub fn check_file(loader: &Loader, path: &Path) -> FileCheck {
    FileCheck {
        path: path.to_path_buf(),
        outcome: check_source(loader, SourceFile::read(path, "scenario")),
    }
}

/// Whether a row is an expectation of the scenario or a press claim it judges.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum RowKind {
    /// An expectation (`expect`): a failing one fails the check.
    Expectation,
    /// A press claim (`claims`): judged, never failing the check.
    Claim,
    /// A relation between the cases of a table-driven file: a failing one fails the check.
    Relation,
}

/// One expectation or claim of one file.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct ResultRow {
    /// The scenario file.
    pub file: String,
    /// The case of a table-driven file (`base` for the base journey; absent for a plain file and
    /// for relations).
    pub case: Option<String>,
    /// Expectation, claim or relation.
    pub kind: RowKind,
    /// What is checked.
    pub check: CheckKind,
    /// What it is about, e.g. "Arrive Vladivostok" (claims start with their source).
    pub description: String,
    /// The expected value, as text.
    pub expected: String,
    /// The simulated value, as text.
    pub actual: String,
    /// Simulated minus expected, as text.
    pub difference: String,
    /// Simulated minus expected, in `unit` (absent when there is nothing to compare).
    pub difference_value: Option<f64>,
    /// The unit of `difference_value`.
    pub unit: Unit,
    /// The tolerance, as written.
    pub within: String,
    /// Whether it holds (for a claim: whether the simulation is consistent with it).
    pub ok: bool,
    /// Why it does not hold, or what it matches, when there is more to say.
    pub note: Option<String>,
}

/// A file that could not be loaded or run.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct ErrorRow {
    /// The file the error is in (a route's error names the route file).
    pub file: String,
    /// The scenario that was being checked.
    pub checking: String,
    /// Line, from 1, when known.
    pub line: Option<usize>,
    /// Column in characters, from 1, when known.
    pub column: Option<usize>,
    /// The field at fault, e.g. `stops["Khasan"]`, when known.
    pub field: Option<String>,
    /// What is wrong, and what to do.
    pub message: String,
}

/// A file found but left out.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct SkippedRow {
    /// The path.
    pub file: String,
    /// Why.
    pub reason: String,
}

/// Counts over all files.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct CheckSummary {
    /// Scenario files checked (including those with errors).
    pub files: usize,
    /// Expectations (and relations between cases) that hold.
    pub held: usize,
    /// Expectations (and relations between cases) that fail.
    pub failed: usize,
    /// Files that could not be loaded or run.
    pub errors: usize,
    /// Files left out.
    pub skipped: usize,
    /// Claims the simulation is consistent with.
    pub claims_consistent: usize,
    /// Claims it is not.
    pub claims_inconsistent: usize,
    /// Files with a failing expectation or an error, in order.
    pub failing_files: Vec<String>,
}

/// The JSON report of `check --format json`: a contract, like `run`'s.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct CheckReport {
    /// One row per expectation and claim, file by file.
    pub results: Vec<ResultRow>,
    /// Files that could not be loaded or run.
    pub errors: Vec<ErrorRow>,
    /// Files left out (not scenarios, not regular files, folders that could not be listed).
    pub skipped: Vec<SkippedRow>,
    /// Counts.
    pub summary: CheckSummary,
}

fn verdict_row(
    file: &str,
    case: Option<&str>,
    kind: RowKind,
    description: String,
    v: &Verdict,
    ok: bool,
) -> ResultRow {
    ResultRow {
        file: file.to_string(),
        case: case.map(str::to_string),
        kind,
        check: v.kind,
        description,
        expected: v.expected.clone(),
        actual: v.actual.clone(),
        difference: v.difference.clone(),
        difference_value: v.difference_value,
        unit: v.unit,
        within: v.within.clone(),
        ok,
        note: v.note.clone(),
    }
}

fn claim_row(file: &str, claim: &ClaimVerdict) -> ResultRow {
    let v = &claim.says;
    let mut row = verdict_row(
        file,
        None,
        RowKind::Claim,
        format!("{}: {} {}", claim.source, v.kind, v.subject),
        v,
        claim.verdict.stands(),
    );
    if let Some(note) = &claim.note {
        row.note = Some(match row.note {
            Some(first) => format!("{first}; {note}"),
            None => note.clone(),
        });
    }
    row
}

impl CheckReport {
    /// The JSON Schema of the report as serialized (fields left out when empty are optional),
    /// generated from this type.
    pub fn schema() -> schemars::Schema {
        schemars::generate::SchemaSettings::draft2020_12()
            .for_serialize()
            .into_generator()
            .into_root_schema_for::<CheckReport>()
    }

    /// The report of checked files and of what was skipped while finding them.
    pub fn new(checks: &[FileCheck], skipped_on_the_way: &[Skipped]) -> Self {
        let mut report = CheckReport {
            results: Vec::new(),
            errors: Vec::new(),
            skipped: skipped_on_the_way
                .iter()
                .map(|s| SkippedRow {
                    file: s.path.display().to_string(),
                    reason: s.reason.clone(),
                })
                .collect(),
            summary: CheckSummary {
                files: 0,
                held: 0,
                failed: 0,
                errors: 0,
                skipped: 0,
                claims_consistent: 0,
                claims_inconsistent: 0,
                failing_files: Vec::new(),
            },
        };
        for check in checks {
            let file = check.path.display().to_string();
            match &check.outcome {
                Outcome::Checked(table) => {
                    report.summary.files += 1;
                    let named = table.cases.len() > 1;
                    let mut failed = 0;
                    for case in &table.cases {
                        let name = named.then_some(case.name.as_str());
                        for v in &case.run.expectations {
                            let description = format!("{} {}", v.kind, v.subject);
                            report.results.push(verdict_row(
                                &file,
                                name,
                                RowKind::Expectation,
                                description,
                                v,
                                v.holds,
                            ));
                        }
                        failed += case.run.expectations.iter().filter(|v| !v.holds).count();
                        report.summary.held +=
                            case.run.expectations.iter().filter(|v| v.holds).count();
                    }
                    for v in &table.relations {
                        let description = format!("{} {}", v.kind, v.subject);
                        report.results.push(verdict_row(
                            &file,
                            None,
                            RowKind::Relation,
                            description,
                            v,
                            v.holds,
                        ));
                        if v.holds {
                            report.summary.held += 1;
                        } else {
                            failed += 1;
                        }
                    }
                    let claims = &table.base().claims;
                    for claim in claims {
                        report.results.push(claim_row(&file, claim));
                    }
                    report.summary.failed += failed;
                    let consistent = claims.iter().filter(|c| c.verdict.stands()).count();
                    report.summary.claims_consistent += consistent;
                    report.summary.claims_inconsistent += claims.len() - consistent;
                    if failed > 0 {
                        report.summary.failing_files.push(file);
                    }
                }
                Outcome::Failed(e) => {
                    report.summary.files += 1;
                    report.summary.errors += 1;
                    report.errors.push(ErrorRow {
                        file: e.path.display().to_string(),
                        checking: file.clone(),
                        line: e.position.map(|p| p.line),
                        column: e.position.map(|p| p.col),
                        field: e
                            .field
                            .as_ref()
                            .filter(|f| !f.0.is_empty())
                            .map(ToString::to_string),
                        message: e.message.clone(),
                    });
                    report.summary.failing_files.push(file);
                }
                Outcome::NotAScenario(kind) => report.skipped.push(SkippedRow {
                    file,
                    reason: not_a_scenario(kind),
                }),
            }
        }
        report.summary.skipped = report.skipped.len();
        report
    }
}

/// Why a file holding `kind` was left out.
pub fn not_a_scenario(kind: &str) -> String {
    format!("a {kind} file, not a scenario")
}

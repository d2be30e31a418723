//! Running a table-driven scenario: every case's journey (the base first) and the verdicts on the
//! relations between them, with one summary row per case for the reports.
use crate::error::LoadError;
use crate::expect::Verdict;
use crate::relations::{CaseJourney, case_name};
use crate::report::{CaseRow, Report};
use crate::run::Run;
use crate::scenario::Scenario;

/// One case and its run.
#[derive(Debug, Clone)]
pub struct CaseRun {
    /// Its name (`base` for the base journey).
    pub name: String,
    /// Its run.
    pub run: Run,
}

/// Every case of a scenario run, and the relations judged.
#[derive(Debug, Clone)]
pub struct TableRun {
    /// The base first, then the cases in file order.
    pub cases: Vec<CaseRun>,
    /// Verdicts on the relations, in file order.
    pub relations: Vec<Verdict>,
}

impl TableRun {
    /// Runs the base and every case; an error is placed in the file and names its case.
    pub fn new(scenario: &Scenario) -> Result<Self, LoadError> {
        let journeys =
            std::iter::once(scenario).chain(scenario.cases.iter().map(|c| c.scenario.as_ref()));
        let mut cases = Vec::with_capacity(scenario.cases.len() + 1);
        for (i, s) in journeys.enumerate() {
            let name = case_name(scenario, i).to_string();
            let run = Run::new(s).map_err(|e| {
                let located = e.locate(s);
                if i == 0 {
                    located
                } else {
                    located.in_case(&name)
                }
            })?;
            cases.push(CaseRun { name, run });
        }
        let views: Vec<CaseJourney> = cases
            .iter()
            .map(|c| CaseJourney {
                name: &c.name,
                scenario: &c.run.scenario,
                journey: &c.run.journey,
            })
            .collect();
        let relations = scenario
            .relations
            .iter()
            .map(|r| r.evaluate(&views))
            .collect();
        Ok(Self { cases, relations })
    }

    /// The base journey's run.
    pub fn base(&self) -> &Run {
        &self.cases[0].run
    }

    /// Whether every case's expectations and every relation hold.
    pub fn all_hold(&self) -> bool {
        self.cases.iter().all(|c| c.run.all_hold()) && self.relations.iter().all(|v| v.holds)
    }

    /// The case called `name`.
    pub fn case(&self, name: &str) -> Option<&CaseRun> {
        self.cases.iter().find(|c| c.name == name)
    }

    /// One summary per case.
    pub fn rows(&self) -> Vec<CaseRow> {
        self.cases
            .iter()
            .map(|c| {
                let tt = c.run.timetable();
                CaseRow {
                    name: c.name.clone(),
                    departure: tt.departure.rfc3339(),
                    cruise_kmh: tt.cruise_kmh,
                    arrival: tt.arrival.rfc3339(),
                    travel_time_s: tt.travel_time_s,
                    first_eta: tt.estimates.first().map(|e| e.eta.rfc3339()),
                    last_eta: tt.estimates.last().map(|e| e.eta.rfc3339()),
                    expectations: c.run.expectations.clone(),
                    holds: c.run.all_hold(),
                    warnings: c.run.warnings.clone(),
                }
            })
            .collect()
    }

    /// The report: the base journey's, with the cases and relations (when the file has cases).
    pub fn report(&self) -> Report {
        let mut report = self.base().report();
        if self.cases.len() > 1 || !self.relations.is_empty() {
            report.cases = self.rows();
            report.relations = self.relations.clone();
        }
        report
    }
}

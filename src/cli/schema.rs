//! `schema`: the JSON Schema of the `run` and `check` JSON reports, generated from the report
//! types themselves (schemars), so it cannot drift from what the commands print.
use super::args::{SchemaArgs, SchemaKind};
use crate::exit;
use std::io::Write;
use train_analysis::check::CheckReport;
use train_scenario::Report;

/// The schema of a report, pretty-printed.
pub(crate) fn text(kind: SchemaKind) -> anyhow::Result<String> {
    let schema = match kind {
        SchemaKind::Run => Report::schema(),
        SchemaKind::Check => CheckReport::schema(),
    };
    Ok(serde_json::to_string_pretty(&schema)? + "\n")
}

pub(crate) fn schema(args: &SchemaArgs, out: &mut dyn Write) -> anyhow::Result<u8> {
    out.write_all(text(args.report)?.as_bytes())?;
    Ok(exit::OK)
}

//! Rewriting a scenario file's text for the files the tool derives from it (a frozen sweep, a
//! calibrated scenario): field values replaced or fields added at the top level, everything else
//! (comments, layout) kept. Spans come from the file's token index, never from searching the text.
use std::ops::Range;
use std::path::{Component, Path, PathBuf};
use train_scenario::ron_index::FieldPath;
use train_scenario::{Scenario, ShippedKind, SourceFile, find_in_assets, folder_of};

/// Edits to one file's text, applied together.
#[derive(Debug)]
pub struct Rewrite<'a> {
    source: &'a SourceFile,
    edits: Vec<(Range<usize>, String)>,
    added: Vec<String>,
}

impl<'a> Rewrite<'a> {
    /// No edits yet.
    pub fn new(source: &'a SourceFile) -> Self {
        Self {
            source,
            edits: Vec::new(),
            added: Vec::new(),
        }
    }

    /// Replaces the value of top-level `field` if the file writes it; returns whether it did.
    pub fn replace(&mut self, field: &str, value: String) -> bool {
        self.replace_at(&FieldPath::root().field(field), value)
    }

    /// Replaces the value at `path` (nested fields too) if the file writes it.
    pub fn replace_at(&mut self, path: &FieldPath, value: String) -> bool {
        match self.source.index().value_span(path) {
            Some(span) => {
                self.edits.push((span, value));
                true
            }
            None => false,
        }
    }

    /// Replaces `field`'s value, or adds the field (text `field: value`, indented) if absent.
    pub fn set(&mut self, field: &str, value: String) {
        if !self.replace(field, value.clone()) {
            self.added.push(format!("    {field}: {value}"));
        }
    }

    /// Adds a whole field (or comment lines and a field), indented as written.
    pub fn add(&mut self, text: String) {
        self.added.push(text);
    }

    /// Keeps the files `scenario` refers to found when its text is written to `output` in
    /// another folder: a path relative to the scenario's folder (`observed_csv.file`, a route or
    /// network ending in `.ron`) is rewritten relative to the new folder, and a route or network
    /// named and found in an `assets/` folder above the scenario is given by its path when the
    /// new folder would not find the same file.
    pub fn relocate(&mut self, scenario: &Scenario, output: &Path) {
        let folder = |p: &Path| std::fs::canonicalize(folder_of(p)).ok();
        let (Some(from), Some(to)) = (folder(scenario.path()), folder(output)) else {
            return;
        };
        if from == to {
            return;
        }
        let quoted = |path: &Path| format!("{:?}", path.display().to_string());
        // The route or network: the file it was read from, unless it is a shipped copy.
        let index = self.source.index();
        let (field, kind) = if index
            .value_span(&FieldPath::root().field("network"))
            .is_some()
        {
            ("network", ShippedKind::Network)
        } else {
            ("route", ShippedKind::Route)
        };
        if let Ok(file) = std::fs::canonicalize(&scenario.route.source.path) {
            // The loader's own lookup of the name, from the new folder.
            let found_from_new = !scenario.route_ref.ends_with(".ron")
                && find_in_assets(kind, &scenario.route_ref, &to)
                    .ok()
                    .and_then(|found| std::fs::canonicalize(found).ok())
                    .is_some_and(|found| found == file);
            if !found_from_new {
                self.replace(field, quoted(&relative_path(&to, &file)));
            }
        }
        let csv = FieldPath::root().field("observed_csv").field("file");
        let written = self
            .source
            .index()
            .value_span(&csv)
            .and_then(|span| ron::from_str::<String>(&self.source.text[span]).ok());
        if let Some(written) = written
            && let Ok(file) = std::fs::canonicalize(from.join(written))
        {
            self.replace_at(&csv, quoted(&relative_path(&to, &file)));
        }
    }

    /// The text with the edits, and `header` (comment lines) before it.
    pub fn apply(mut self, header: &str) -> String {
        let index = self.source.index();
        if !self.added.is_empty() {
            // After the last field's value (before its comma and any comment after it).
            let end = index
                .children(&FieldPath::root())
                .iter()
                .filter_map(|p| index.value_span(p))
                .map(|span| span.end)
                .max()
                .unwrap_or(0);
            let added = self.added.join(",\n");
            self.edits.push((end..end, format!(",\n{added}")));
        }
        self.edits
            .sort_by_key(|(span, _)| std::cmp::Reverse(span.start));
        let mut text = self.source.text.clone();
        for (span, with) in self.edits {
            text.replace_range(span, &with);
        }
        format!("{header}{text}")
    }
}

/// `target` as seen from the folder `from` (both absolute and canonical): `../../assets/x.csv`.
fn relative_path(from: &Path, target: &Path) -> PathBuf {
    let from: Vec<Component> = from.components().collect();
    let target_parts: Vec<Component> = target.components().collect();
    let common = from
        .iter()
        .zip(&target_parts)
        .take_while(|(a, b)| a == b)
        .count();
    // Nothing shared but the root: the absolute path reads better than a climb to it.
    if common <= 1 {
        return target.to_path_buf();
    }
    let mut path = PathBuf::new();
    for _ in common..from.len() {
        path.push("..");
    }
    for part in &target_parts[common..] {
        path.push(part);
    }
    path
}

#[cfg(test)]
mod tests {
    use super::relative_path;
    use std::path::Path;

    #[test]
    fn relative_paths_climb_to_the_common_folder() {
        assert_eq!(
            relative_path(Path::new("/a/b/c"), Path::new("/a/x/y.csv")),
            Path::new("../../x/y.csv")
        );
        assert_eq!(
            relative_path(Path::new("/a"), Path::new("/a/y.csv")),
            Path::new("y.csv")
        );
        assert_eq!(
            relative_path(Path::new("/tmp/x"), Path::new("/work/y.csv")),
            Path::new("/work/y.csv")
        );
    }
}

//! Rewriting a scenario file's text for the files the tool derives from it (a frozen sweep, a
//! calibrated scenario): field values replaced or fields added at the top level, everything else
//! (comments, layout) kept. Spans come from the file's token index, never from searching the text.
use std::ops::Range;
use train_scenario::SourceFile;
use train_scenario::ron_index::FieldPath;

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
        match self
            .source
            .index()
            .value_span(&FieldPath::root().field(field))
        {
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

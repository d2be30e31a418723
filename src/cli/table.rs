//! A minimal aligned text table for terminal reports, with optional colour per cell (applied after
//! the padding, so colour codes never shift a column).
use super::style::Palette;

/// Column alignment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Align {
    Left,
    Right,
}

/// How a cell is coloured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum Tone {
    /// Plain.
    #[default]
    Plain,
    /// Something that holds (green).
    Good,
    /// Something that fails (red).
    Bad,
}

/// Rows of cells printed with each column as wide as its widest cell.
#[derive(Debug, Default)]
pub(crate) struct Table {
    header: Vec<String>,
    aligns: Vec<Align>,
    rows: Vec<Row>,
}

#[derive(Debug)]
enum Row {
    Cells(Vec<(String, Tone)>),
    /// A heading line between rows, not aligned with the columns.
    Section(String),
}

impl Table {
    pub(crate) fn new(columns: &[(&str, Align)]) -> Self {
        Self {
            header: columns.iter().map(|(h, _)| (*h).to_string()).collect(),
            aligns: columns.iter().map(|(_, a)| *a).collect(),
            rows: Vec::new(),
        }
    }

    pub(crate) fn row(&mut self, cells: Vec<String>) {
        self.rows.push(Row::Cells(
            cells.into_iter().map(|c| (c, Tone::Plain)).collect(),
        ));
    }

    /// A row whose cells have their own colours.
    pub(crate) fn row_toned(&mut self, cells: Vec<(String, Tone)>) {
        self.rows.push(Row::Cells(cells));
    }

    /// A heading line before the next rows (e.g. a leg of the journey).
    pub(crate) fn section(&mut self, title: String) {
        self.rows.push(Row::Section(title));
    }

    /// The table without colour.
    pub(crate) fn render(&self, indent: &str) -> String {
        self.render_with(indent, Palette::plain())
    }

    /// The table, toned cells coloured by `palette`.
    pub(crate) fn render_with(&self, indent: &str, palette: Palette) -> String {
        let mut widths: Vec<usize> = self.header.iter().map(|h| h.chars().count()).collect();
        for row in &self.rows {
            let Row::Cells(row) = row else { continue };
            for (i, (cell, _)) in row.iter().enumerate() {
                if let Some(w) = widths.get_mut(i) {
                    *w = (*w).max(cell.chars().count());
                }
            }
        }
        let mut out = String::new();
        let header = Row::Cells(
            self.header
                .iter()
                .map(|h| (h.clone(), Tone::Plain))
                .collect(),
        );
        for row in std::iter::once(&header).chain(&self.rows) {
            let row = match row {
                Row::Cells(cells) => cells,
                Row::Section(title) => {
                    out.push_str(&format!("{indent}{title}\n"));
                    continue;
                }
            };
            let mut line = String::from(indent);
            let last = row.len().saturating_sub(1);
            for (i, (cell, tone)) in row.iter().enumerate() {
                let width = widths.get(i).copied().unwrap_or(0);
                // The last cell is not padded on the right (no trailing blanks).
                let pad = if i == last && self.aligns.get(i) != Some(&Align::Right) {
                    0
                } else {
                    width.saturating_sub(cell.chars().count())
                };
                let shown = match tone {
                    Tone::Plain => cell.clone(),
                    Tone::Good => palette.good(cell),
                    Tone::Bad => palette.bad(cell),
                };
                match self.aligns.get(i).copied().unwrap_or(Align::Left) {
                    Align::Left => line.push_str(&format!("{shown}{}", " ".repeat(pad))),
                    Align::Right => line.push_str(&format!("{}{shown}", " ".repeat(pad))),
                }
                if i != last {
                    line.push_str("  ");
                }
            }
            out.push_str(line.trim_end());
            out.push('\n');
        }
        out
    }
}

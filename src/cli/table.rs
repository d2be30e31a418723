//! A minimal aligned text table for terminal reports.

/// Column alignment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Align {
    Left,
    Right,
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
    Cells(Vec<String>),
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
        self.rows.push(Row::Cells(cells));
    }

    /// A heading line before the next rows (e.g. a leg of the journey).
    pub(crate) fn section(&mut self, title: String) {
        self.rows.push(Row::Section(title));
    }

    pub(crate) fn render(&self, indent: &str) -> String {
        let mut widths: Vec<usize> = self.header.iter().map(|h| h.chars().count()).collect();
        for row in &self.rows {
            let Row::Cells(row) = row else { continue };
            for (i, cell) in row.iter().enumerate() {
                if let Some(w) = widths.get_mut(i) {
                    *w = (*w).max(cell.chars().count());
                }
            }
        }
        let mut out = String::new();
        let header = Row::Cells(self.header.clone());
        for row in std::iter::once(&header).chain(&self.rows) {
            let row = match row {
                Row::Cells(cells) => cells,
                Row::Section(title) => {
                    out.push_str(&format!("{indent}{title}\n"));
                    continue;
                }
            };
            let mut line = String::from(indent);
            for (i, cell) in row.iter().enumerate() {
                let width = widths.get(i).copied().unwrap_or(0);
                let pad = width.saturating_sub(cell.chars().count());
                match self.aligns.get(i).copied().unwrap_or(Align::Left) {
                    Align::Left => line.push_str(&format!("{cell}{}", " ".repeat(pad))),
                    Align::Right => line.push_str(&format!("{}{cell}", " ".repeat(pad))),
                }
                line.push_str("  ");
            }
            out.push_str(line.trim_end());
            out.push('\n');
        }
        out
    }
}

//! Colour in text reports: FAIL red, ok green, errors red; on a terminal unless `NO_COLOR` is set
//! (<https://no-color.org>), or as `--color` says. Colour is added after a table is laid out, so
//! it never shifts the columns.
use super::args::ColorChoice;
use std::io::IsTerminal;

/// ANSI: bold red.
const RED: &str = "\x1b[1;31m";
/// ANSI: green.
const GREEN: &str = "\x1b[32m";
/// ANSI: back to plain.
const RESET: &str = "\x1b[0m";

/// Whether and how text is coloured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Palette {
    enabled: bool,
}

impl Palette {
    /// The palette for standard output under `choice`.
    pub(crate) fn for_stdout(choice: ColorChoice) -> Self {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        let enabled = match choice {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => !no_color && std::io::stdout().is_terminal(),
        };
        Self { enabled }
    }

    /// Plain text (for files and JSON).
    pub(crate) fn plain() -> Self {
        Self { enabled: false }
    }

    fn paint(self, code: &str, text: &str) -> String {
        if self.enabled {
            format!("{code}{text}{RESET}")
        } else {
            text.to_string()
        }
    }

    /// Something that holds.
    pub(crate) fn good(self, text: &str) -> String {
        self.paint(GREEN, text)
    }

    /// Something that fails.
    pub(crate) fn bad(self, text: &str) -> String {
        self.paint(RED, text)
    }
}

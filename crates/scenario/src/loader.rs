//! Finding the files a scenario names: a route by path (relative to the scenario), or by name in
//! `assets/routes/` from the scenario's folder upward, then among the shipped copies the program
//! registered (so a shipped route name works from any directory).
use crate::error::{LoadError, LoadErrorKind};
use crate::network::Network;
use crate::ron_file::{Anchor, SourceFile};
use crate::ron_index::FieldPath;
use crate::route::Route;
use crate::scenario::Scenario;
use std::path::{Path, PathBuf};

/// What a shipped file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShippedKind {
    /// A route (`assets/routes/`).
    Route,
    /// A network (`assets/network/`).
    Network,
}

impl ShippedKind {
    /// The folder under `assets/` where files of this kind are looked up.
    pub fn folder(self) -> &'static str {
        match self {
            ShippedKind::Route => "routes",
            ShippedKind::Network => "network",
        }
    }

    fn word(self) -> &'static str {
        match self {
            ShippedKind::Route => "route",
            ShippedKind::Network => "network",
        }
    }
}

/// A file compiled into the program: its name (without `.ron`) and its text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ShippedFile {
    /// A route or a network.
    pub kind: ShippedKind,
    /// The name scenarios use, e.g. `pyongyang-vladivostok`.
    pub name: &'static str,
    /// The file's text.
    pub text: &'static str,
}

/// Loads scenarios and the routes and networks they name.
#[derive(Debug, Clone, Default)]
pub struct Loader {
    shipped: Vec<ShippedFile>,
}

impl Loader {
    /// A loader that also knows the given shipped files (after the files on disk).
    pub fn with_shipped(files: &[ShippedFile]) -> Self {
        Self {
            shipped: files.to_vec(),
        }
    }

    /// Reads and validates a scenario file (and the route it names).
    pub fn load_scenario(&self, path: &Path) -> Result<Scenario, LoadError> {
        self.scenario_from(SourceFile::read(path, "scenario")?)
    }

    /// Parses and validates scenario text as if read from `path`.
    pub fn parse_scenario(&self, path: &Path, text: &str) -> Result<Scenario, LoadError> {
        self.scenario_from(SourceFile::new(path, text))
    }

    fn scenario_from(&self, source: SourceFile) -> Result<Scenario, LoadError> {
        Scenario::from_source(source, self)
    }

    /// The route a scenario names; errors point at the scenario's `route` field.
    pub(crate) fn route(&self, name: &str, scenario: &SourceFile) -> Result<Route, LoadError> {
        Route::from_source(self.find(ShippedKind::Route, name, scenario)?)
    }

    /// The network a scenario names; errors point at the scenario's `network` field.
    pub(crate) fn network(&self, name: &str, scenario: &SourceFile) -> Result<Network, LoadError> {
        Network::from_source(self.find(ShippedKind::Network, name, scenario)?)
    }

    /// The text of the route or network called `name`: a path ending in `.ron` (relative to the
    /// scenario), else `assets/<folder>/<name>.ron` in the scenario's folder or one of its
    /// ancestors, else a shipped copy.
    fn find(
        &self,
        kind: ShippedKind,
        name: &str,
        scenario: &SourceFile,
    ) -> Result<SourceFile, LoadError> {
        let dir = scenario
            .path
            .parent()
            .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
        let what = kind.word();
        let field = FieldPath::root().field(what);
        if name.ends_with(".ron") {
            let path = dir.join(name);
            if !path.is_file() {
                return Err(scenario.error(
                    LoadErrorKind::UnknownName,
                    &field,
                    Anchor::Value,
                    format!(
                        "{what} file {} not found (paths are relative to the scenario file)",
                        path.display()
                    ),
                ));
            }
            return SourceFile::read(&path, what);
        }
        for ancestor in dir.ancestors() {
            let candidate = ancestor
                .join("assets")
                .join(kind.folder())
                .join(format!("{name}.ron"));
            if candidate.is_file() {
                return SourceFile::read(&candidate, what);
            }
        }
        if let Some(shipped) = self
            .shipped
            .iter()
            .find(|f| f.kind == kind && f.name == name)
        {
            return Ok(SourceFile::new(
                &PathBuf::from(format!("<shipped>/{name}.ron")),
                shipped.text,
            ));
        }
        let known: Vec<&str> = self
            .shipped
            .iter()
            .filter(|f| f.kind == kind)
            .map(|f| f.name)
            .collect();
        let shipped = if known.is_empty() {
            String::new()
        } else {
            format!("not a shipped {what} ({}) and ", known.join(", "))
        };
        Err(scenario.error(
            LoadErrorKind::UnknownName,
            &field,
            Anchor::Value,
            format!(
                "unknown {what} {name:?}: {shipped}no assets/{}/{name}.ron found; give a path ending in .ron to use your own file",
                kind.folder()
            ),
        ))
    }
}

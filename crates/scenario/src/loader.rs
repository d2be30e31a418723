//! Finding the files a scenario names: a route by path (relative to the scenario), or by name in
//! `assets/routes/` from the scenario's folder upward, then among the shipped copies the program
//! registered (so a shipped route name works from any directory).
use crate::error::{LoadError, LoadErrorKind};
use crate::network::Network;
use crate::ron_file::{Anchor, SourceFile, folder_of};
use crate::ron_index::FieldPath;
use crate::route::Route;
use crate::scenario::Scenario;
use crate::values::{MAX_NAME_CHARS, quoted};
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

    /// Validates a scenario already read (e.g. from standard input, or after checking what kind
    /// of file it is).
    pub fn scenario_from(&self, source: SourceFile) -> Result<Scenario, LoadError> {
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
    /// ancestors (nearest first), else a shipped copy. An error says where it looked.
    fn find(
        &self,
        kind: ShippedKind,
        name: &str,
        scenario: &SourceFile,
    ) -> Result<SourceFile, LoadError> {
        let dir = folder_of(&scenario.path);
        let what = kind.word();
        let field = FieldPath::root().field(what);
        let in_scenario = |message: String| {
            scenario.error(LoadErrorKind::UnknownName, &field, Anchor::Value, message)
        };
        let chars = name.chars().count();
        if chars > MAX_NAME_CHARS {
            return Err(in_scenario(format!(
                "unknown {what} {}: a name or path of {chars} characters is longer than the {MAX_NAME_CHARS} allowed",
                quoted(name)
            )));
        }
        if name.ends_with(".ron") {
            let path = dir.join(name);
            if std::fs::symlink_metadata(&path).is_err() {
                return Err(in_scenario(format!(
                    "{what} file {} not found (a path ending in .ron is relative to the scenario's folder)",
                    path.display()
                )));
            }
            // A directory, a FIFO or a symlink loop says so, at the scenario's field.
            return SourceFile::read(&path, what)
                .map_err(|e| in_scenario(format!("{}: {}", path.display(), e.message)));
        }
        let looked = match find_in_assets(kind, name, &dir) {
            Ok(found) => return SourceFile::read(&found, what),
            Err(looked) => looked,
        };
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
        let looked_in = match looked.as_slice() {
            [] => String::new(),
            [only] => only.display().to_string(),
            [first, .., last] => format!(
                "{} and each folder above, up to {}",
                first.display(),
                last.display()
            ),
        };
        Err(in_scenario(format!(
            "unknown {what} {}: {shipped}not found at {looked_in}; give a path ending in .ron to use your own file",
            quoted(name)
        )))
    }
}

/// The file a route or network `name` stands for, looked up from the folder `dir` upward
/// (`assets/<folder>/<name>.ron` in `dir`'s real folder or the nearest ancestor that has one),
/// or every place looked.
pub fn find_in_assets(kind: ShippedKind, name: &str, dir: &Path) -> Result<PathBuf, Vec<PathBuf>> {
    // Upward from the real folder, so that `scenarios/x.ron` also finds `./assets` and the
    // folders above it.
    let start = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
    let mut looked = Vec::new();
    for ancestor in start.ancestors() {
        let candidate = ancestor
            .join("assets")
            .join(kind.folder())
            .join(format!("{name}.ron"));
        if std::fs::symlink_metadata(&candidate).is_ok() {
            return Ok(candidate);
        }
        looked.push(candidate);
    }
    Err(looked)
}

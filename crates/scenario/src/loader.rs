//! Finding the files a scenario names: a route by path (relative to the scenario), or by name in
//! `assets/routes/` from the scenario's folder upward, then among the shipped copies the program
//! registered (so a shipped route name works from any directory).
use crate::error::{LoadError, LoadErrorKind};
use crate::ron_file::{Anchor, SourceFile};
use crate::ron_index::FieldPath;
use crate::route::Route;
use crate::scenario::Scenario;
use std::path::{Path, PathBuf};

/// A file compiled into the program: its name (without `.ron`) and its text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ShippedFile {
    /// The name scenarios use, e.g. `pyongyang-vladivostok`.
    pub name: &'static str,
    /// The file's text.
    pub text: &'static str,
}

/// Loads scenarios and the routes they name.
#[derive(Debug, Clone, Default)]
pub struct Loader {
    shipped_routes: Vec<ShippedFile>,
}

impl Loader {
    /// A loader that also knows the given shipped routes (after the files on disk).
    pub fn with_shipped_routes(routes: &[ShippedFile]) -> Self {
        Self {
            shipped_routes: routes.to_vec(),
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
        Scenario::from_source(source, |name, file| self.route(name, file))
    }

    /// The route a scenario names; errors point at the scenario's `route` field.
    fn route(&self, name: &str, scenario: &SourceFile) -> Result<Route, LoadError> {
        let dir = scenario
            .path
            .parent()
            .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
        let field = FieldPath::root().field("route");
        if name.ends_with(".ron") {
            let route_path = dir.join(name);
            if !route_path.is_file() {
                return Err(scenario.error(
                    LoadErrorKind::UnknownName,
                    &field,
                    Anchor::Value,
                    format!(
                        "route file {} not found (paths are relative to the scenario file)",
                        route_path.display()
                    ),
                ));
            }
            return Route::load(&route_path);
        }
        for ancestor in dir.ancestors() {
            let candidate = ancestor
                .join("assets")
                .join("routes")
                .join(format!("{name}.ron"));
            if candidate.is_file() {
                return Route::load(&candidate);
            }
        }
        if let Some(shipped) = self.shipped_routes.iter().find(|r| r.name == name) {
            return Route::parse(
                &PathBuf::from(format!("<shipped>/{name}.ron")),
                shipped.text,
            );
        }
        let known: Vec<&str> = self.shipped_routes.iter().map(|r| r.name).collect();
        let shipped = if known.is_empty() {
            String::new()
        } else {
            format!("not a shipped route ({}) and ", known.join(", "))
        };
        Err(scenario.error(
            LoadErrorKind::UnknownName,
            &field,
            Anchor::Value,
            format!(
                "unknown route {name:?}: {shipped}no assets/routes/{name}.ron found; give a path ending in .ron to use your own file"
            ),
        ))
    }
}

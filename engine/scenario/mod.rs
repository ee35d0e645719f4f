//! Scenario files: the RON schema, loading with source positions, and validation.
//!
//! `check_file` is what `drillhall validate` runs: it reads a scenario or plan, reports every
//! problem it can find with file, line, column and field path, and never panics. `load_scenario`
//! is what the runtime uses: it returns a scenario only if it validates, together with its
//! resolved plan and terrain grids, so later stages can rely on every check having passed.

pub mod blind;
pub mod de;
pub mod diagnostic;
pub mod geometry;
pub mod grid;
pub mod ron_ast;
pub mod schema;
pub mod suggest;
mod validate;
pub mod words;

use crate::plan::Plan;
use de::{Path, Seg, StructureError};
use diagnostic::{Diagnostic, DocKind, FileReport, Severity};
use ron_ast::{Body, Node, NodeKind, Span};
use schema::Scenario;
use std::collections::HashMap;
use std::path::{Path as FsPath, PathBuf};

/// A parsed document with the source positions of every value.
pub struct Located {
    file: String,
    spans: HashMap<String, Span>,
}

impl Located {
    fn new(file: &str, root: &Node) -> Self {
        let mut spans = HashMap::new();
        index(root, &Path::default(), &mut spans);
        Located {
            file: file.to_string(),
            spans,
        }
    }

    /// The span of the value at `path`, or of its nearest enclosing value that was written.
    pub fn span(&self, path: &str) -> Span {
        let mut p = path;
        loop {
            if let Some(s) = self.spans.get(p) {
                return *s;
            }
            match p.rfind(['.', '[']) {
                Some(k) if k > 0 => p = &p[..k],
                _ => return self.spans.get("(top level)").copied().unwrap_or_default(),
            }
        }
    }

    pub fn diagnostic(
        &self,
        severity: Severity,
        path: &str,
        message: String,
        hint: Option<String>,
    ) -> Diagnostic {
        let span = self.span(path);
        Diagnostic {
            file: self.file.clone(),
            line: span.start.line,
            column: span.start.col,
            severity,
            message,
            field: path.to_string(),
            hint,
        }
    }
}

fn index(node: &Node, path: &Path, spans: &mut HashMap<String, Span>) {
    spans.insert(path.to_string(), node.span);
    let node = de::unwrap_transparent(node);
    match &node.kind {
        NodeKind::Struct(fields) | NodeKind::Named(_, Body::Struct(fields)) => {
            for f in fields {
                index(&f.value, &path.child(Seg::Field(f.name.clone())), spans);
            }
        }
        NodeKind::List(items) | NodeKind::Tuple(items) | NodeKind::Named(_, Body::Tuple(items)) => {
            for (i, item) in items.iter().enumerate() {
                index(item, &path.child(Seg::Index(i)), spans);
            }
        }
        NodeKind::Map(entries) => {
            for (k, v) in entries {
                index(v, &path.child(Seg::Key(de::key_text(k))), spans);
            }
        }
        _ => {}
    }
}

/// A document after parsing and typed reading, before semantic checks.
pub enum Document {
    Scenario(Box<Scenario>),
    Plan(Box<Plan>),
}

/// The largest file drillhall reads (scenario, plan or grid): far above any real drill, and
/// low enough that a wrong path (a video, a disk image) cannot exhaust memory.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// Read a file's text; `Err` is the reason it is unreadable.
pub(crate) fn read(path: &FsPath) -> Result<String, String> {
    use std::io::Read;
    let file =
        std::fs::File::open(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let mut bytes = Vec::new();
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(format!(
            "{} is larger than {} MiB; it is not a drillhall file",
            path.display(),
            MAX_FILE_BYTES / (1024 * 1024)
        ));
    }
    String::from_utf8(bytes).map_err(|e| {
        format!(
            "{} is not UTF-8 text (invalid byte at offset {})",
            path.display(),
            e.utf8_error().valid_up_to()
        )
    })
}

fn structure_diagnostic(file: &str, e: StructureError) -> Diagnostic {
    Diagnostic {
        file: file.to_string(),
        line: e.span.start.line,
        column: e.span.start.col,
        severity: Severity::Error,
        message: e.message,
        field: e.path.to_string(),
        hint: e.hint,
    }
}

/// Parse and read a document's structure. Errors are diagnostics against `file`.
pub fn parse_document(file: &str, src: &str) -> Result<(Document, Located), Vec<Diagnostic>> {
    let root = ron_ast::parse(src).map_err(|e| {
        vec![Diagnostic {
            file: file.to_string(),
            line: e.pos.line,
            column: e.pos.col,
            severity: Severity::Error,
            message: e.message,
            field: "(syntax)".into(),
            hint: e.hint,
        }]
    })?;
    let located = Located::new(file, &root);
    let kind = match &root.kind {
        NodeKind::Named(name, _) if name == "Scenario" => DocKind::Scenario,
        NodeKind::Named(name, _) if name == "Plan" => DocKind::Plan,
        NodeKind::Named(name, _) => {
            let hint = suggest::closest(name, ["Scenario", "Plan"])
                .map(|c| format!("did you mean `{c}(…)`?"))
                .unwrap_or_else(|| "a drillhall file starts with `Scenario(` or `Plan(`".into());
            return Err(vec![located.diagnostic(
                Severity::Error,
                "(top level)",
                format!("`{name}` is not a drillhall document"),
                Some(hint),
            )]);
        }
        _ => {
            return Err(vec![located.diagnostic(
                Severity::Error,
                "(top level)",
                "a drillhall file must start with `Scenario(` or `Plan(`".into(),
                Some("name the document: `Scenario(meta: …)` or `Plan(id: …)`".into()),
            )]);
        }
    };
    let to_diags = |errs: Vec<StructureError>| -> Vec<Diagnostic> {
        errs.into_iter()
            .map(|e| structure_diagnostic(file, e))
            .collect()
    };
    let doc = match kind {
        DocKind::Scenario => Document::Scenario(Box::new(de::from_node(&root).map_err(to_diags)?)),
        DocKind::Plan => Document::Plan(Box::new(de::from_node(&root).map_err(to_diags)?)),
    };
    Ok((doc, located))
}

/// A scenario that passed every check, with what it refers to resolved.
#[derive(Clone, Debug)]
pub struct LoadedScenario {
    pub scenario: Scenario,
    pub plan: Option<Plan>,
    /// The terrain's elevation grid, read from inline values or the grid file.
    pub elevation: Option<grid::GridData>,
    /// The terrain's fuel raster (`site.fuel.grid`), read and checked.
    pub fuel_grid: Option<grid::GridData>,
    /// The terrain's roughness raster (`site.roughness.grid`), read and checked.
    pub roughness_grid: Option<grid::GridData>,
    /// SHA-256 of the scenario file's bytes (hex), for journals and commitments.
    pub source_sha256: String,
}

/// Check one file (and the plan file a scenario refers to). Several reports come back when a
/// scenario's plan file has problems of its own.
pub fn check_file(path: &FsPath) -> Vec<FileReport> {
    check(path).0
}

/// Load a scenario for running: `Err` holds the reports when anything is wrong.
pub fn load_scenario(path: &FsPath) -> Result<LoadedScenario, Vec<FileReport>> {
    let (reports, loaded) = check(path);
    match loaded {
        Some(l) if reports.iter().all(FileReport::is_valid) => Ok(l),
        _ => Err(reports),
    }
}

/// Load a plan file for scoring: `Err` holds the reports when anything is wrong (a scenario
/// file is refused: a plan is asked for).
pub fn load_plan(path: &FsPath) -> Result<Plan, Vec<FileReport>> {
    let file = path.display().to_string();
    let src = read(path).map_err(|why| {
        vec![FileReport {
            file: file.clone(),
            kind: None,
            unreadable: Some(why),
            diagnostics: Vec::new(),
        }]
    })?;
    let (reports, _) = check_source(&file, &src, path.parent().unwrap_or(FsPath::new("")));
    if !reports.iter().all(FileReport::is_valid) {
        return Err(reports);
    }
    match parse_document(&file, &src) {
        Ok((Document::Plan(p), _)) => Ok(*p),
        _ => Err(vec![FileReport {
            file,
            kind: Some(DocKind::Scenario),
            unreadable: Some("this is a scenario, not a plan / 这是场景文件，不是预案".into()),
            diagnostics: Vec::new(),
        }]),
    }
}

fn check(path: &FsPath) -> (Vec<FileReport>, Option<LoadedScenario>) {
    let file = path.display().to_string();
    match read(path) {
        Ok(src) => {
            let base_dir: PathBuf = path.parent().map(FsPath::to_path_buf).unwrap_or_default();
            check_source(&file, &src, &base_dir)
        }
        Err(why) => (
            vec![FileReport {
                file,
                kind: None,
                unreadable: Some(why),
                diagnostics: Vec::new(),
            }],
            None,
        ),
    }
}

/// Where the files a scenario refers to (its plan, its grid) are read from: relative to the
/// scenario's folder on disk, or from texts held in memory (the web hall embeds its
/// experiences; the browser has no file system).
#[derive(Clone, Copy, Debug)]
pub enum Files<'a> {
    Disk(&'a FsPath),
    /// (path relative to the scenario, as the scenario writes it; text).
    Memory(&'a [(&'a str, &'a str)]),
}

/// Why a referred file could not be read.
#[derive(Clone, Debug)]
pub enum FileError {
    /// It is not there; where it was looked for.
    Missing(String),
    Unreadable(String),
}

impl std::fmt::Display for FileError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FileError::Missing(at) => write!(f, "cannot read {at}: no such file"),
            FileError::Unreadable(why) => f.write_str(why),
        }
    }
}

impl Files<'_> {
    /// The file's name for messages and its text.
    pub fn read(&self, rel: &str) -> Result<(String, String), FileError> {
        match self {
            Files::Disk(dir) => {
                let path = dir.join(rel);
                if !path.is_file() {
                    return Err(FileError::Missing(path.display().to_string()));
                }
                read(&path)
                    .map(|text| (path.display().to_string(), text))
                    .map_err(FileError::Unreadable)
            }
            Files::Memory(texts) => texts
                .iter()
                .find(|(name, _)| *name == rel)
                .map(|(name, text)| (name.to_string(), text.to_string()))
                .ok_or_else(|| FileError::Missing(format!("{rel} (not embedded)"))),
        }
    }
}

/// Check a document held in memory; `base_dir` resolves the relative paths it contains.
/// The scenario comes back when it could be read, even if checks found errors.
pub fn check_source(
    file: &str,
    src: &str,
    base_dir: &FsPath,
) -> (Vec<FileReport>, Option<LoadedScenario>) {
    check_source_with(file, src, Files::Disk(base_dir))
}

/// [`check_source`] with the referred files read from `files`.
pub fn check_source_with(
    file: &str,
    src: &str,
    files: Files<'_>,
) -> (Vec<FileReport>, Option<LoadedScenario>) {
    let file = file.to_string();
    let (doc, located) = match parse_document(&file, src) {
        Ok(x) => x,
        Err(diagnostics) => {
            let kind = guess_kind(src);
            return (
                vec![FileReport {
                    file,
                    kind,
                    unreadable: None,
                    diagnostics,
                }],
                None,
            );
        }
    };
    match doc {
        Document::Plan(plan) => {
            let mut diags = Vec::new();
            validate::plan(&plan, "", &located, &mut diags);
            (
                vec![FileReport {
                    file,
                    kind: Some(DocKind::Plan),
                    unreadable: None,
                    diagnostics: sorted(diags),
                }],
                None,
            )
        }
        Document::Scenario(scenario) => {
            let mut ctx = validate::ScenarioCheck::new(&scenario, &located, files);
            ctx.run();
            let validate::Checked {
                diags,
                plan,
                plan_reports,
                elevation,
                fuel_grid,
                roughness_grid,
            } = ctx.finish();
            let mut reports = vec![FileReport {
                file,
                kind: Some(DocKind::Scenario),
                unreadable: None,
                diagnostics: sorted(diags),
            }];
            reports.extend(plan_reports);
            let loaded = LoadedScenario {
                scenario: *scenario,
                plan,
                elevation,
                fuel_grid,
                roughness_grid,
                source_sha256: sha256_hex(src.as_bytes()),
            };
            (reports, Some(loaded))
        }
    }
}

fn sorted(mut diags: Vec<Diagnostic>) -> Vec<Diagnostic> {
    diags.sort_by(|a, b| (a.line, a.column, &a.message).cmp(&(b.line, b.column, &b.message)));
    diags.dedup();
    diags
}

fn guess_kind(src: &str) -> Option<DocKind> {
    let t = src.trim_start_matches(|c: char| c.is_whitespace());
    let t = t
        .lines()
        .find(|l| !l.trim().is_empty() && !l.trim_start().starts_with("//"))
        .unwrap_or("");
    if t.trim_start().starts_with("Scenario") {
        Some(DocKind::Scenario)
    } else if t.trim_start().starts_with("Plan") {
        Some(DocKind::Plan)
    } else {
        None
    }
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(bytes);
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// RON as the `ron` crate reads drillhall files: optional values written plainly
/// (`implicit_some`) and struct payloads of newtype variants written with single parentheses
/// (`unwrap_variant_newtypes`). drillhall's own reader accepts exactly this dialect; a test keeps
/// the two in agreement on every shipped file.
pub fn ron_options() -> ron::Options {
    ron::Options::default().with_default_extension(
        ron::extensions::Extensions::IMPLICIT_SOME
            | ron::extensions::Extensions::UNWRAP_VARIANT_NEWTYPES,
    )
}

/// Write a document as RON that drillhall reads back to the same value (for tools that
/// generate scenarios, and for revealing a double-blind draw as a complete scenario).
pub fn to_ron<T: serde::Serialize>(value: &T) -> Result<String, ron::Error> {
    let config = ron::ser::PrettyConfig::new()
        .struct_names(true)
        .indentor("    ".to_string());
    ron::ser::to_string_pretty(value, config)
}

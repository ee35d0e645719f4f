//! docs/scenario-format.md cannot drift from the code: every type of the format has a section
//! listing exactly its fields (structs) or variants (enums), and every RON example parses — the
//! complete ones validate.

use drillhall::plan::{self, Plan};
use drillhall::scenario::schema::{self as s, Scenario};
use drillhall::scenario::{check_source, ron_ast};
use serde_reflection::{ContainerFormat, Registry, Tracer, TracerConfig, VariantFormat};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Trace the format. serde-reflection explores every variant of the enums it is given; an enum
/// missing from this list makes `registry()` fail (MissingVariants), so the list cannot drift.
fn registry() -> Registry {
    let mut tracer = Tracer::new(TracerConfig::default());
    macro_rules! trace {
        ($($t:ty),* $(,)?) => { $( tracer.trace_simple_type::<$t>().expect(stringify!($t)); )* };
    }
    trace!(
        s::DrillKind,
        s::Audience,
        s::Site,
        s::SpaceKind,
        s::DoorState,
        s::FurnitureKind,
        s::Layout,
        s::Grid,
        s::RoadKind,
        s::ShelterKind,
        s::PlaceUse,
        s::SiteRef,
        s::Profile,
        s::Distribution,
        s::SiteOrGroup,
        s::BotPolicy,
        s::Hazard,
        s::Intensity,
        s::WindHeight,
        s::WarningSignal,
        s::WarningLevel,
        s::Trigger,
        s::Condition,
        s::HazardEvent,
        s::Phase,
        s::Effect,
        s::Recipients,
        s::Channel,
        s::PlanRef,
        s::Draw,
        plan::Responsible,
        plan::StepStart,
        plan::Requirement,
        plan::Action,
        plan::Destination,
        plan::Prohibition,
        Scenario,
        Plan,
    );
    tracer.registry().expect("complete registry")
}

fn doc() -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/scenario-format.md"))
        .expect("docs/scenario-format.md exists")
}

/// `### Name` sections: the backticked names in the first table column, and the whole text.
fn sections(doc: &str) -> BTreeMap<String, (BTreeSet<String>, String)> {
    let mut out: BTreeMap<String, (BTreeSet<String>, String)> = BTreeMap::new();
    let mut current: Option<String> = None;
    for line in doc.lines() {
        if let Some(h) = line.strip_prefix("### ") {
            current = Some(h.trim().to_string());
            out.entry(h.trim().to_string()).or_default();
            continue;
        }
        if line.starts_with("## ") || line.starts_with("# ") {
            current = None;
            continue;
        }
        let Some(name) = &current else { continue };
        let entry = out.get_mut(name).unwrap();
        entry.1.push_str(line);
        entry.1.push('\n');
        let cells: Vec<&str> = line.split('|').collect();
        if line.trim_start().starts_with('|') && cells.len() > 2 {
            let first = cells[1].trim();
            if let Some(n) = first.strip_prefix('`').and_then(|x| x.split('`').next()) {
                entry.0.insert(n.to_string());
            }
        }
    }
    out
}

#[test]
fn every_type_of_the_format_is_documented_field_by_field() {
    let reg = registry();
    let secs = sections(&doc());
    let mut problems = Vec::new();
    for (name, format) in &reg {
        let Some((listed, text)) = secs.get(name) else {
            problems.push(format!("no `### {name}` section"));
            continue;
        };
        let expected: BTreeSet<String> = match format {
            ContainerFormat::Struct(fields) => fields.iter().map(|f| f.name.clone()).collect(),
            ContainerFormat::Enum(variants) => {
                for v in variants.values() {
                    if let VariantFormat::Struct(fields) = &v.value {
                        for f in fields {
                            if !text.contains(&format!("`{}`", f.name)) {
                                problems.push(format!(
                                    "{name}::{}: field `{}` not mentioned",
                                    v.name, f.name
                                ));
                            }
                        }
                    }
                }
                variants.values().map(|v| v.name.clone()).collect()
            }
            _ => continue,
        };
        for missing in expected.difference(listed) {
            problems.push(format!("{name}: `{missing}` is not documented"));
        }
        for extra in listed.difference(&expected) {
            problems.push(format!(
                "{name}: documents `{extra}`, which the code does not have"
            ));
        }
    }
    println!(
        "{} types checked against docs/scenario-format.md",
        reg.len()
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_ron_example_in_the_docs_parses_and_complete_ones_validate() {
    let doc = doc();
    let mut blocks = Vec::new();
    let mut cur: Option<(usize, String)> = None;
    for (i, line) in doc.lines().enumerate() {
        match (&mut cur, line.trim_start()) {
            (None, l) if l.starts_with("```ron") => cur = Some((i + 1, String::new())),
            (Some(_), l) if l.starts_with("```") => blocks.push(cur.take().unwrap()),
            (Some((_, s)), _) => {
                s.push_str(line);
                s.push('\n');
            }
            _ => {}
        }
    }
    assert!(
        blocks.len() >= 5,
        "expected worked examples, found {}",
        blocks.len()
    );
    let scenarios = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    let mut complete = 0;
    for (line, src) in &blocks {
        if let Err(e) = ron_ast::parse(src) {
            panic!(
                "docs/scenario-format.md block at line {line}: {}: {}",
                e.pos, e.message
            );
        }
        let head = src.trim_start();
        if head.starts_with("Scenario(") || head.starts_with("Plan(") {
            complete += 1;
            let (reports, _) = check_source(&format!("docs block at line {line}"), src, &scenarios);
            for r in &reports {
                assert!(r.is_valid(), "{:#?}", r.diagnostics);
            }
        }
    }
    assert!(complete >= 1, "no complete example");
}

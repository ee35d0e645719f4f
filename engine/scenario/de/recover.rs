//! Reading on past an error: the list element holding the first error is dropped and the tree
//! read again, so one `validate` reports every mistake a trainer made, each named at the element
//! as the file numbers it (later errors' paths are mapped back through the dropped elements).

use super::{Ctx, Des, Path, Seg, StructureError, key_text};
use crate::scenario::ron_ast::{Body, Node, NodeKind};
use serde::de;

const MAX_PASSES: usize = 64;

/// Deserialise `T` from `root`, reporting every error that can be found.
pub fn from_node<T: de::DeserializeOwned>(root: &Node) -> Result<T, Vec<StructureError>> {
    let mut tree = root.clone();
    let mut errors: Vec<StructureError> = Vec::new();
    // The list elements dropped so far (the list's path then, the index): later errors' paths
    // are mapped back through them, so each names its element as the file numbers it.
    let mut removed: Vec<(Vec<Seg>, usize)> = Vec::new();
    let original = |path: &mut Path, removed: &[(Vec<Seg>, usize)]| {
        for (list, at) in removed.iter().rev() {
            if path.0.len() > list.len()
                && path.0[..list.len()] == list[..]
                && let Seg::Index(k) = &mut path.0[list.len()]
                && *k >= *at
            {
                *k += 1;
            }
        }
    };
    for _ in 0..MAX_PASSES {
        let ctx = Ctx::default();
        let result = T::deserialize(Des {
            node: &tree,
            path: Path::default(),
            ctx: &ctx,
            variant_payload: false,
        });
        for mut e in ctx.soft.into_inner() {
            original(&mut e.path, &removed);
            if !errors.contains(&e) {
                errors.push(e);
            }
        }
        match result {
            Ok(value) if errors.is_empty() => return Ok(value),
            Ok(_) => break,
            Err(e) => {
                let (span, path) = e.location.unwrap_or_default();
                let mut err = StructureError {
                    span,
                    path: path.clone(),
                    message: e.message,
                    hint: e.hint,
                };
                original(&mut err.path, &removed);
                if !errors.contains(&err) {
                    errors.push(err);
                }
                // Drop the innermost list element holding the error and look for more.
                match remove_innermost_element(&mut tree, &path.0) {
                    Removed::Element(list, at) => removed.push((list, at)),
                    Removed::Entry => {}
                    Removed::Nothing => break,
                }
            }
        }
    }
    errors.sort_by_key(|e| (e.span.start, e.message.clone()));
    Err(errors)
}

fn unwrap_transparent_mut(node: &mut Node) -> &mut Node {
    let is_wrapper =
        matches!(&node.kind, NodeKind::Named(_, Body::Tuple(items)) if items.len() == 1);
    if is_wrapper {
        let NodeKind::Named(_, Body::Tuple(items)) = &mut node.kind else {
            unreachable!()
        };
        return unwrap_transparent_mut(&mut items[0]);
    }
    node
}

fn child_mut<'a>(node: &'a mut Node, seg: &Seg) -> Option<&'a mut Node> {
    let node = unwrap_transparent_mut(node);
    match (seg, &mut node.kind) {
        (Seg::Field(name), NodeKind::Struct(f) | NodeKind::Named(_, Body::Struct(f))) => {
            f.iter_mut().find(|x| &x.name == name).map(|x| &mut x.value)
        }
        (Seg::Index(k), NodeKind::List(v) | NodeKind::Tuple(v)) => v.get_mut(*k),
        (Seg::Key(k), NodeKind::Map(entries)) => entries
            .iter_mut()
            .find(|(key, _)| key_text(key) == *k)
            .map(|(_, v)| v),
        _ => None,
    }
}

/// What `remove_innermost_element` dropped.
enum Removed {
    /// Element `.1` of the list at path `.0`.
    Element(Vec<Seg>, usize),
    /// A map entry (keys do not shift).
    Entry,
    Nothing,
}

fn remove_innermost_element(root: &mut Node, segs: &[Seg]) -> Removed {
    let Some(k) = segs
        .iter()
        .rposition(|s| matches!(s, Seg::Index(_) | Seg::Key(_)))
    else {
        return Removed::Nothing;
    };
    let mut node = root;
    for seg in &segs[..k] {
        match child_mut(node, seg) {
            Some(n) => node = n,
            None => return Removed::Nothing,
        }
    }
    let node = unwrap_transparent_mut(node);
    match (&segs[k], &mut node.kind) {
        (Seg::Index(i), NodeKind::List(v)) if *i < v.len() => {
            v.remove(*i);
            Removed::Element(segs[..k].to_vec(), *i)
        }
        (Seg::Key(key), NodeKind::Map(entries)) => {
            let before = entries.len();
            entries.retain(|(kn, _)| key_text(kn) != *key);
            if entries.len() != before {
                Removed::Entry
            } else {
                Removed::Nothing
            }
        }
        _ => Removed::Nothing,
    }
}

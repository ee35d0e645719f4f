//! Deserialising the typed schema from the spanned RON tree, keeping every error's position and
//! field path, and collecting as many errors as possible in one pass.
//!
//! Unknown and repeated fields are recorded and skipped, so all of them are reported. A hard error
//! (a wrong type, a missing field, an unknown variant) stops serde; the loader then removes the
//! list element that holds the error from the tree and tries again, so errors in other list
//! elements (other doors, other rooms) are still found. Up to `MAX_PASSES` passes are made.

use super::ron_ast::{Body, Field, Node, NodeKind, Number, Span};
use super::suggest::closest;
use serde::de::{self, DeserializeSeed, IntoDeserializer, Visitor};
use std::cell::RefCell;
use std::fmt;

mod recover;
pub use recover::from_node;

/// One step of a field path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Seg {
    Field(String),
    Index(usize),
    Key(String),
}

/// A field path such as `site.doors[3].width_m`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Path(pub Vec<Seg>);

impl Path {
    pub fn child(&self, seg: Seg) -> Path {
        let mut v = self.0.clone();
        v.push(seg);
        Path(v)
    }
}

impl fmt::Display for Path {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            return write!(f, "(top level)");
        }
        for (i, seg) in self.0.iter().enumerate() {
            match seg {
                Seg::Field(name) if i == 0 => write!(f, "{name}")?,
                Seg::Field(name) => write!(f, ".{name}")?,
                Seg::Index(k) => write!(f, "[{k}]")?,
                Seg::Key(k) => write!(f, "[{k:?}]")?,
            }
        }
        Ok(())
    }
}

/// An error found while reading the structure of a file.
#[derive(Clone, Debug, PartialEq)]
pub struct StructureError {
    pub span: Span,
    pub path: Path,
    pub message: String,
    pub hint: Option<String>,
}

/// serde's error type for this deserialiser; the position is filled in where the error surfaces.
#[derive(Debug)]
pub struct DeError {
    message: String,
    hint: Option<String>,
    location: Option<(Span, Path)>,
}

impl fmt::Display for DeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for DeError {}

impl DeError {
    fn new(message: String, hint: Option<String>) -> Self {
        DeError {
            message,
            hint,
            location: None,
        }
    }
}

impl DeError {
    fn or_at(mut self, span: Span, path: &Path) -> Self {
        if self.location.is_none() {
            self.location = Some((span, path.clone()));
        }
        self
    }
}

impl de::Error for DeError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        DeError::new(msg.to_string(), None)
    }

    fn unknown_variant(variant: &str, expected: &'static [&'static str]) -> Self {
        DeError::new(
            format!("unknown variant `{variant}`, expected {}", one_of(expected)),
            closest(variant, expected.iter().copied()).map(|c| format!("did you mean `{c}`?")),
        )
    }

    fn unknown_field(field: &str, expected: &'static [&'static str]) -> Self {
        DeError::new(
            format!("unknown field `{field}`, expected {}", one_of(expected)),
            closest(field, expected.iter().copied()).map(|c| format!("did you mean `{c}`?")),
        )
    }

    fn missing_field(field: &'static str) -> Self {
        DeError::new(
            format!("missing field `{field}`"),
            Some(format!(
                "add `{field}: …`; docs/scenario-format.md lists every field"
            )),
        )
    }

    fn duplicate_field(field: &'static str) -> Self {
        DeError::new(format!("field `{field}` is given twice"), None)
    }

    fn invalid_length(len: usize, exp: &dyn de::Expected) -> Self {
        DeError::new(format!("found {len} values, expected {exp}"), None)
    }
}

fn one_of(expected: &[&str]) -> String {
    match expected {
        [] => "nothing here".into(),
        [one] => format!("`{one}`"),
        _ => {
            let list: Vec<String> = expected.iter().map(|e| format!("`{e}`")).collect();
            format!("one of {}", list.join(", "))
        }
    }
}

/// Roman numerals for the integers people write where an intensity is expected.
fn roman(n: i128) -> Option<&'static str> {
    const R: [&str; 13] = [
        "", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII",
    ];
    usize::try_from(n)
        .ok()
        .and_then(|k| R.get(k).copied())
        .filter(|s| !s.is_empty())
}

/// Soft errors (unknown or repeated fields) collected while deserialising.
#[derive(Default)]
struct Ctx {
    soft: RefCell<Vec<StructureError>>,
}

/// Look through `Some(x)` and newtype wrappers `Variant(x)`: field paths do not name them.
pub fn unwrap_transparent(node: &Node) -> &Node {
    let mut n = node;
    while let NodeKind::Named(_, Body::Tuple(items)) = &n.kind {
        if items.len() != 1 {
            break;
        }
        n = &items[0];
    }
    n
}

/// The fields of a struct node, with or without a name.
pub fn struct_fields(node: &Node) -> Option<&[Field]> {
    match &unwrap_transparent(node).kind {
        NodeKind::Struct(f) | NodeKind::Named(_, Body::Struct(f)) => Some(f),
        _ => None,
    }
}

/// The items of a list or tuple node.
pub fn items(node: &Node) -> Option<&[Node]> {
    match &unwrap_transparent(node).kind {
        NodeKind::List(v) | NodeKind::Tuple(v) => Some(v),
        _ => None,
    }
}

/// Map keys as they appear in paths.
pub fn key_text(node: &Node) -> String {
    match &node.kind {
        NodeKind::Str(s) => s.clone(),
        NodeKind::Named(n, Body::Unit) => n.clone(),
        NodeKind::Number(Number::Int(i)) => i.to_string(),
        _ => format!("{:?}", node.span.start),
    }
}

struct Des<'a> {
    node: &'a Node,
    path: Path,
    ctx: &'a Ctx,
    /// This node is the payload of a newtype variant written as `Variant(field: …)`.
    variant_payload: bool,
}

impl<'a> Des<'a> {
    fn child(&self, node: &'a Node, seg: Seg) -> Des<'a> {
        Des {
            node,
            path: self.path.child(seg),
            ctx: self.ctx,
            variant_payload: false,
        }
    }

    fn locate<T>(&self, r: Result<T, DeError>) -> Result<T, DeError> {
        r.map_err(|e| e.or_at(self.node.span, &self.path))
    }

    /// Deserialise `seed` from this node; an error without a position gets this node's.
    fn seed<'de, S: DeserializeSeed<'de>>(self, seed: S) -> Result<S::Value, DeError> {
        let (span, path) = (self.node.span, self.path.clone());
        seed.deserialize(self).map_err(|e| e.or_at(span, &path))
    }

    /// The same path read from another node (`Some(x)`, newtype payloads).
    fn with_node(&self, node: &'a Node, variant_payload: bool) -> Des<'a> {
        Des {
            node,
            path: self.path.clone(),
            ctx: self.ctx,
            variant_payload,
        }
    }

    /// A place written bare (`Space("c-2")`) where the type wants it wrapped (`Site(…)`): the
    /// unknown variant's hint shows the wrapped form, if the node reads as a place.
    fn site_hint(&self, e: DeError, variants: &[&str], variant: &str, body: &Body) -> DeError {
        if !variants.contains(&"Site") || variants.contains(&variant) || e.location.is_some() {
            return e;
        }
        let probe = Des {
            node: self.node,
            path: self.path.clone(),
            ctx: &Ctx::default(),
            variant_payload: false,
        };
        if <crate::scenario::schema::SiteRef as serde::Deserialize>::deserialize(probe).is_err() {
            return e;
        }
        let written = match body {
            Body::Tuple(items) => match items.as_slice() {
                [
                    Node {
                        kind: NodeKind::Str(id),
                        ..
                    },
                ] => format!("{variant}({id:?})"),
                _ => format!("{variant}(…)"),
            },
            Body::Unit | Body::Struct(_) => format!("{variant}(…)"),
        };
        DeError {
            hint: Some(format!(
                "a place is written inside `Site(…)`: `Site({written})`"
            )),
            ..e
        }
    }

    fn expected(&self, what: &str) -> DeError {
        DeError {
            message: format!("expected {what}, found {}", self.node.describe()),
            hint: self.type_hint(what),
            location: Some((self.node.span, self.path.clone())),
        }
    }

    fn type_hint(&self, what: &str) -> Option<String> {
        match (&self.node.kind, what) {
            (NodeKind::Str(s), w) if w.contains("number") && s.trim().parse::<f64>().is_ok() => {
                Some(format!("write the number without quotes: {}", s.trim()))
            }
            (NodeKind::Str(_), w) if w.contains("list") => {
                Some("write a list as `[\"a\", \"b\"]`".into())
            }
            (NodeKind::Named(_, Body::Unit), "a string") => {
                Some("put text and ids in double quotes: \"…\"".into())
            }
            _ => None,
        }
    }

    fn soft(&self, span: Span, path: Path, message: String, hint: Option<String>) {
        let e = StructureError {
            span,
            path,
            message,
            hint,
        };
        let mut soft = self.ctx.soft.borrow_mut();
        if !soft.contains(&e) {
            soft.push(e);
        }
    }

    fn int(&self) -> Result<i128, DeError> {
        match self.node.kind {
            NodeKind::Number(Number::Int(i)) => Ok(i),
            NodeKind::Number(Number::Float(x)) if x.fract() == 0.0 && x.abs() < 1e15 => {
                Ok(x as i128)
            }
            _ => Err(self.expected("an integer")),
        }
    }

    fn float(&self) -> Result<f64, DeError> {
        let x = match self.node.kind {
            NodeKind::Number(Number::Int(i)) => i as f64,
            NodeKind::Number(Number::Float(x)) => x,
            _ => return Err(self.expected("a number")),
        };
        if !x.is_finite() {
            return Err(DeError {
                message: format!("number must be finite, found `{x}`"),
                hint: None,
                location: Some((self.node.span, self.path.clone())),
            });
        }
        Ok(x)
    }

    fn int_in<T: TryFrom<i128>>(&self, what: &str) -> Result<T, DeError> {
        let i = self.int()?;
        T::try_from(i).map_err(|_| DeError {
            message: format!("integer `{i}` is out of range for {what}"),
            hint: if i < 0 {
                Some("this value cannot be negative".into())
            } else {
                None
            },
            location: Some((self.node.span, self.path.clone())),
        })
    }

    fn struct_fields_of(&self, name: &str) -> Result<&'a [Field], DeError> {
        match &self.node.kind {
            NodeKind::Struct(f) => Ok(f),
            NodeKind::Named(n, Body::Struct(f)) if n == name || self.variant_payload => Ok(f),
            NodeKind::Named(n, Body::Struct(_)) => Err(DeError {
                message: format!("expected `{name}(…)` here, found `{n}(…)`"),
                hint: Some(format!("write `{name}(…)` or just `(…)`")),
                location: Some((self.node.span, self.path.clone())),
            }),
            NodeKind::Named(n, Body::Tuple(items)) if items.len() == 1 && n != "Some" => {
                // `Variant((a: 1))` style payloads are unwrapped by the enum access.
                Err(self.expected(&format!("a struct `(…)` for {name}")))
            }
            NodeKind::Unit => Ok(&[]),
            // `Plan()`: a named struct with nothing in it; its fields are reported missing.
            NodeKind::Named(n, Body::Tuple(items))
                if items.is_empty() && (n == name || self.variant_payload) =>
            {
                Ok(&[])
            }
            _ => Err(self.expected(&format!("a struct `(field: …)` for {name}"))),
        }
    }
}

macro_rules! int_method {
    ($method:ident, $visit:ident, $ty:ty) => {
        fn $method<V: Visitor<'de>>(self, v: V) -> Result<V::Value, DeError> {
            let x: $ty = self.int_in(stringify!($ty))?;
            let r = v.$visit(x);
            self.locate(r)
        }
    };
}

impl<'de, 'a> de::Deserializer<'de> for Des<'a> {
    type Error = DeError;

    fn deserialize_any<V: Visitor<'de>>(self, v: V) -> Result<V::Value, DeError> {
        let r = match &self.node.kind {
            NodeKind::Bool(b) => v.visit_bool(*b),
            NodeKind::Number(Number::Int(i)) => match i64::try_from(*i) {
                Ok(x) => v.visit_i64(x),
                Err(_) => v.visit_i128(*i),
            },
            NodeKind::Number(Number::Float(_)) => v.visit_f64(self.float()?),
            NodeKind::Str(s) => v.visit_str(s),
            NodeKind::Char(c) => v.visit_char(*c),
            NodeKind::Unit => v.visit_unit(),
            NodeKind::Named(n, Body::Unit) if n == "None" => v.visit_none(),
            NodeKind::Named(n, Body::Tuple(items)) if n == "Some" && items.len() == 1 => {
                v.visit_some(self.child(&items[0], Seg::Index(0)))
            }
            NodeKind::Named(n, Body::Unit) => v.visit_str(n),
            NodeKind::Tuple(items)
            | NodeKind::List(items)
            | NodeKind::Named(_, Body::Tuple(items)) => v.visit_seq(Seq::new(&self, items)),
            NodeKind::Struct(fields) | NodeKind::Named(_, Body::Struct(fields)) => {
                v.visit_map(FieldMap::new(&self, fields, &[]))
            }
            NodeKind::Map(entries) => v.visit_map(EntryMap::new(&self, entries)),
        };
        self.locate(r)
    }

    fn deserialize_bool<V: Visitor<'de>>(self, v: V) -> Result<V::Value, DeError> {
        match self.node.kind {
            NodeKind::Bool(b) => {
                let r = v.visit_bool(b);
                self.locate(r)
            }
            _ => Err(self.expected("`true` or `false`")),
        }
    }

    int_method!(deserialize_i8, visit_i8, i8);
    int_method!(deserialize_i16, visit_i16, i16);
    int_method!(deserialize_i32, visit_i32, i32);
    int_method!(deserialize_i64, visit_i64, i64);
    int_method!(deserialize_u8, visit_u8, u8);
    int_method!(deserialize_u16, visit_u16, u16);
    int_method!(deserialize_u32, visit_u32, u32);
    int_method!(deserialize_u64, visit_u64, u64);

    fn deserialize_f32<V: Visitor<'de>>(self, v: V) -> Result<V::Value, DeError> {
        let x = self.float()?;
        let r = v.visit_f32(x as f32);
        self.locate(r)
    }

    fn deserialize_f64<V: Visitor<'de>>(self, v: V) -> Result<V::Value, DeError> {
        let x = self.float()?;
        let r = v.visit_f64(x);
        self.locate(r)
    }

    fn deserialize_char<V: Visitor<'de>>(self, v: V) -> Result<V::Value, DeError> {
        let r = match &self.node.kind {
            NodeKind::Char(c) => v.visit_char(*c),
            NodeKind::Str(s) if s.chars().count() == 1 => {
                v.visit_char(s.chars().next().unwrap_or(' '))
            }
            _ => return Err(self.expected("a character")),
        };
        self.locate(r)
    }

    fn deserialize_str<V: Visitor<'de>>(self, v: V) -> Result<V::Value, DeError> {
        match &self.node.kind {
            NodeKind::Str(s) => {
                let r = v.visit_str(s);
                self.locate(r)
            }
            _ => Err(self.expected("a string")),
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, v: V) -> Result<V::Value, DeError> {
        self.deserialize_str(v)
    }

    fn deserialize_bytes<V: Visitor<'de>>(self, v: V) -> Result<V::Value, DeError> {
        self.deserialize_str(v)
    }

    fn deserialize_byte_buf<V: Visitor<'de>>(self, v: V) -> Result<V::Value, DeError> {
        self.deserialize_str(v)
    }

    fn deserialize_option<V: Visitor<'de>>(self, v: V) -> Result<V::Value, DeError> {
        let r = match &self.node.kind {
            NodeKind::Named(n, Body::Unit) if n == "None" => v.visit_none(),
            NodeKind::Named(n, Body::Tuple(items)) if n == "Some" && items.len() == 1 => {
                v.visit_some(self.with_node(&items[0], false))
            }
            // Optional values may be written plainly: `early_warning_s: 10.0`.
            _ => v.visit_some(self.with_node(self.node, self.variant_payload)),
        };
        self.locate(r)
    }

    fn deserialize_unit<V: Visitor<'de>>(self, v: V) -> Result<V::Value, DeError> {
        match &self.node.kind {
            NodeKind::Unit => {
                let r = v.visit_unit();
                self.locate(r)
            }
            _ => Err(self.expected("`()`")),
        }
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        v: V,
    ) -> Result<V::Value, DeError> {
        match &self.node.kind {
            NodeKind::Unit => {}
            NodeKind::Named(n, Body::Unit) if n == name => {}
            _ => return Err(self.expected(&format!("`{name}`"))),
        }
        let r = v.visit_unit();
        self.locate(r)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        v: V,
    ) -> Result<V::Value, DeError> {
        let r = match &self.node.kind {
            NodeKind::Named(n, Body::Tuple(items)) if n == name && items.len() == 1 => {
                v.visit_newtype_struct(self.with_node(&items[0], false))
            }
            _ => v.visit_newtype_struct(self.with_node(self.node, self.variant_payload)),
        };
        self.locate(r)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, v: V) -> Result<V::Value, DeError> {
        match &self.node.kind {
            NodeKind::List(items) | NodeKind::Tuple(items) => {
                let r = v.visit_seq(Seq::new(&self, items));
                self.locate(r)
            }
            NodeKind::Unit => {
                let r = v.visit_seq(Seq::new(&self, &[]));
                self.locate(r)
            }
            _ => Err(self.expected("a list `[…]`")),
        }
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, len: usize, v: V) -> Result<V::Value, DeError> {
        let items = match &self.node.kind {
            NodeKind::Tuple(items) | NodeKind::List(items) => items,
            _ => return Err(self.expected(&format!("a tuple of {len} values `(…)`"))),
        };
        if items.len() != len {
            return Err(DeError {
                message: format!("expected {len} values in `(…)`, found {}", items.len()),
                hint: None,
                location: Some((self.node.span, self.path.clone())),
            });
        }
        let r = v.visit_seq(Seq::new(&self, items));
        self.locate(r)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        len: usize,
        v: V,
    ) -> Result<V::Value, DeError> {
        match &self.node.kind {
            NodeKind::Named(n, Body::Tuple(items)) if n == name => {
                let inner = self.with_node(self.node, false);
                let r = v.visit_seq(Seq::new(&inner, items));
                self.locate(r)
            }
            _ => self.deserialize_tuple(len, v),
        }
    }

    fn deserialize_map<V: Visitor<'de>>(self, v: V) -> Result<V::Value, DeError> {
        match &self.node.kind {
            NodeKind::Map(entries) => {
                let r = v.visit_map(EntryMap::new(&self, entries));
                self.locate(r)
            }
            _ => Err(self.expected("a map `{…}`")),
        }
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        v: V,
    ) -> Result<V::Value, DeError> {
        let given = self.struct_fields_of(name)?;
        let r = v.visit_map(FieldMap::new(&self, given, fields));
        self.locate(r)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        v: V,
    ) -> Result<V::Value, DeError> {
        match &self.node.kind {
            NodeKind::Named(variant, body) => {
                let r = v.visit_enum(Enum {
                    des: &self,
                    variant,
                    body,
                });
                let r = r.map_err(|e| self.site_hint(e, variants, variant, body));
                self.locate(r)
            }
            NodeKind::Str(s) if variants.contains(&s.as_str()) => Err(DeError {
                message: format!("expected one of the {name} variants, found string {s:?}"),
                hint: Some(format!("write `{s}` without quotes")),
                location: Some((self.node.span, self.path.clone())),
            }),
            NodeKind::Number(Number::Int(i))
                if roman(*i).is_some_and(|r| variants.contains(&r)) =>
            {
                let r = roman(*i).unwrap_or_default();
                Err(DeError {
                    message: format!(
                        "expected {} ({name}), found integer `{i}`",
                        one_of(variants)
                    ),
                    hint: Some(format!("write the intensity as a Roman numeral: `{r}`")),
                    location: Some((self.node.span, self.path.clone())),
                })
            }
            _ => Err(DeError {
                message: format!(
                    "expected {} ({name}), found {}",
                    one_of(variants),
                    self.node.describe()
                ),
                hint: None,
                location: Some((self.node.span, self.path.clone())),
            }),
        }
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, v: V) -> Result<V::Value, DeError> {
        match &self.node.kind {
            NodeKind::Named(n, Body::Unit) => {
                let r = v.visit_str(n);
                self.locate(r)
            }
            _ => self.deserialize_str(v),
        }
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, v: V) -> Result<V::Value, DeError> {
        v.visit_unit()
    }
}

struct Seq<'a, 'p> {
    parent: &'p Des<'a>,
    items: &'a [Node],
    next: usize,
}

impl<'a, 'p> Seq<'a, 'p> {
    fn new(parent: &'p Des<'a>, items: &'a [Node]) -> Self {
        Seq {
            parent,
            items,
            next: 0,
        }
    }
}

impl<'de, 'a, 'p> de::SeqAccess<'de> for Seq<'a, 'p> {
    type Error = DeError;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, DeError> {
        let Some(item) = self.items.get(self.next) else {
            return Ok(None);
        };
        let child = self.parent.child(item, Seg::Index(self.next));
        self.next += 1;
        child.seed(seed).map(Some)
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.items.len() - self.next)
    }
}

/// The fields of a struct node, filtered against the fields the type knows.
struct FieldMap<'a> {
    fields: Vec<&'a Field>,
    next: usize,
    path: Path,
    ctx: &'a Ctx,
}

impl<'a> FieldMap<'a> {
    fn new(parent: &Des<'a>, given: &'a [Field], known: &'static [&'static str]) -> Self {
        let mut fields: Vec<&'a Field> = Vec::new();
        for f in given {
            let field_path = parent.path.child(Seg::Field(f.name.clone()));
            if !known.is_empty() && !known.contains(&f.name.as_str()) {
                parent.soft(
                    f.name_span,
                    field_path,
                    format!("unknown field `{}`", f.name),
                    closest(&f.name, known.iter().copied())
                        .map(|c| format!("did you mean `{c}`?"))
                        .or_else(|| Some(format!("expected {}", one_of(known)))),
                );
                continue;
            }
            if fields.iter().any(|g| g.name == f.name) {
                parent.soft(
                    f.name_span,
                    field_path,
                    format!("field `{}` is given twice", f.name),
                    Some("remove one of them".into()),
                );
                continue;
            }
            fields.push(f);
        }
        FieldMap {
            fields,
            next: 0,
            path: parent.path.clone(),
            ctx: parent.ctx,
        }
    }
}

impl<'de, 'a> de::MapAccess<'de> for FieldMap<'a> {
    type Error = DeError;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, DeError> {
        let Some(f) = self.fields.get(self.next) else {
            return Ok(None);
        };
        let key: de::value::StrDeserializer<'_, DeError> = f.name.as_str().into_deserializer();
        seed.deserialize(key).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, DeError> {
        let f = self.fields[self.next];
        self.next += 1;
        let child = Des {
            node: &f.value,
            path: self.path.child(Seg::Field(f.name.clone())),
            ctx: self.ctx,
            variant_payload: false,
        };
        child.seed(seed)
    }
}

struct EntryMap<'a> {
    entries: &'a [(Node, Node)],
    next: usize,
    path: Path,
    ctx: &'a Ctx,
}

impl<'a> EntryMap<'a> {
    fn new(parent: &Des<'a>, entries: &'a [(Node, Node)]) -> Self {
        EntryMap {
            entries,
            next: 0,
            path: parent.path.clone(),
            ctx: parent.ctx,
        }
    }
}

impl<'de, 'a> de::MapAccess<'de> for EntryMap<'a> {
    type Error = DeError;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, DeError> {
        let Some((key, _)) = self.entries.get(self.next) else {
            return Ok(None);
        };
        let des = Des {
            node: key,
            path: self.path.child(Seg::Key(key_text(key))),
            ctx: self.ctx,
            variant_payload: false,
        };
        des.seed(seed).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, DeError> {
        let (key, value) = &self.entries[self.next];
        self.next += 1;
        let des = Des {
            node: value,
            path: self.path.child(Seg::Key(key_text(key))),
            ctx: self.ctx,
            variant_payload: false,
        };
        des.seed(seed)
    }
}

struct Enum<'a, 'p> {
    des: &'p Des<'a>,
    variant: &'a str,
    body: &'a Body,
}

impl<'de, 'a, 'p> de::EnumAccess<'de> for Enum<'a, 'p> {
    type Error = DeError;
    type Variant = Self;

    fn variant_seed<V: DeserializeSeed<'de>>(self, seed: V) -> Result<(V::Value, Self), DeError> {
        let key: de::value::StrDeserializer<'_, DeError> = self.variant.into_deserializer();
        let v = seed.deserialize(key)?;
        Ok((v, self))
    }
}

impl<'de, 'a, 'p> de::VariantAccess<'de> for Enum<'a, 'p> {
    type Error = DeError;

    fn unit_variant(self) -> Result<(), DeError> {
        match self.body {
            Body::Unit => Ok(()),
            Body::Tuple(items) if items.is_empty() => Ok(()),
            _ => Err(DeError::new(
                format!("`{}` takes no value", self.variant),
                Some(format!("write just `{}`", self.variant)),
            )),
        }
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, DeError> {
        match self.body {
            Body::Tuple(items) if items.len() == 1 => {
                seed.deserialize(self.des.with_node(&items[0], false))
            }
            // `Building(floors: …)` for `Building((floors: …))`.
            Body::Struct(_) => seed.deserialize(self.des.with_node(self.des.node, true)),
            _ => Err(DeError::new(
                format!("`{}` needs one value: `{}(…)`", self.variant, self.variant),
                None,
            )),
        }
    }

    fn tuple_variant<V: Visitor<'de>>(self, len: usize, v: V) -> Result<V::Value, DeError> {
        match self.body {
            Body::Tuple(items) if items.len() == len => v.visit_seq(Seq::new(self.des, items)),
            Body::Tuple(items) => Err(DeError::new(
                format!(
                    "`{}` takes {len} values, found {}",
                    self.variant,
                    items.len()
                ),
                None,
            )),
            _ => Err(DeError::new(
                format!(
                    "`{}` takes {len} values: `{}(a, b, …)`",
                    self.variant, self.variant
                ),
                None,
            )),
        }
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        fields: &'static [&'static str],
        v: V,
    ) -> Result<V::Value, DeError> {
        match self.body {
            Body::Struct(given) => v.visit_map(FieldMap::new(self.des, given, fields)),
            Body::Unit => v.visit_map(FieldMap::new(self.des, &[], fields)),
            Body::Tuple(items) => match items.as_slice() {
                [inner] => match &inner.kind {
                    NodeKind::Struct(given) => v.visit_map(FieldMap::new(self.des, given, fields)),
                    _ => Err(DeError::new(
                        format!(
                            "`{}` takes named fields: `{}(name: …)`",
                            self.variant, self.variant
                        ),
                        None,
                    )),
                },
                _ => Err(DeError::new(
                    format!(
                        "`{}` takes named fields: `{}(name: …)`",
                        self.variant, self.variant
                    ),
                    None,
                )),
            },
        }
    }
}

//! A RON parser that keeps source positions.
//!
//! The `ron` crate reports the first error only and forgets where each value stood. Trainers need
//! every error, each at its line and column, also for checks that run after parsing (a door that
//! is not on a wall). So drillhall files are parsed here into a tree of spanned nodes; `de.rs`
//! deserialises the typed schema from that tree and `Located` maps a field path back to the
//! span it came from.
//!
//! Syntax accepted: RON as documented by the `ron` crate (comments, structs with or without a
//! name, tuples, lists, maps, strings and raw strings, chars, numbers with `_` separators, hex,
//! octal and binary integers, `inf`/`NaN`, booleans, `Some`/`None`, enum variants). Extensions
//! (`#![enable(..)]`) are rejected with a clear message: they change what a file means.

use std::fmt;

/// A position in the source: 1-based line and column (column counted in characters).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Pos {
    pub line: u32,
    pub col: u32,
}

impl fmt::Display for Pos {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.col)
    }
}

/// Where a node starts and ends (end is exclusive).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Span {
    pub start: Pos,
    pub end: Pos,
}

/// A number as written; integers keep their exact value.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Number {
    Int(i128),
    Float(f64),
}

/// A field of a struct: `name: value`.
#[derive(Clone, Debug, PartialEq)]
pub struct Field {
    pub name: String,
    pub name_span: Span,
    pub value: Node,
}

/// The body after an identifier: `Name`, `Name(a, b)` or `Name(a: x)`.
#[derive(Clone, Debug, PartialEq)]
pub enum Body {
    Unit,
    Tuple(Vec<Node>),
    Struct(Vec<Field>),
}

#[derive(Clone, Debug, PartialEq)]
pub enum NodeKind {
    Bool(bool),
    Number(Number),
    Str(String),
    Char(char),
    /// `()`
    Unit,
    /// `(a, b)`
    Tuple(Vec<Node>),
    /// `(a: x, b: y)` (a struct without a name)
    Struct(Vec<Field>),
    /// `[a, b]`
    List(Vec<Node>),
    /// `{k: v}`
    Map(Vec<(Node, Node)>),
    /// An identifier with an optional body: enum variants, named structs, `Some(x)`, `None`.
    Named(String, Body),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub kind: NodeKind,
    pub span: Span,
}

impl Node {
    /// What a node is, in words, for error messages.
    pub fn describe(&self) -> String {
        match &self.kind {
            NodeKind::Bool(b) => format!("boolean `{b}`"),
            NodeKind::Number(Number::Int(i)) => format!("integer `{i}`"),
            NodeKind::Number(Number::Float(x)) => format!("number `{x}`"),
            NodeKind::Str(s) => format!("string {s:?}"),
            NodeKind::Char(c) => format!("char {c:?}"),
            NodeKind::Unit => "`()`".into(),
            NodeKind::Tuple(_) => "a tuple `(…)`".into(),
            NodeKind::Struct(_) => "a struct `(name: …)`".into(),
            NodeKind::List(_) => "a list `[…]`".into(),
            NodeKind::Map(_) => "a map `{…}`".into(),
            NodeKind::Named(n, Body::Unit) => format!("`{n}`"),
            NodeKind::Named(n, _) => format!("`{n}(…)`"),
        }
    }
}

/// A syntax error with its position.
#[derive(Clone, Debug, PartialEq)]
pub struct SyntaxError {
    pub pos: Pos,
    pub message: String,
    pub hint: Option<String>,
}

/// Parse a whole document: one value, then only whitespace and comments.
pub fn parse(src: &str) -> Result<Node, SyntaxError> {
    // Windows editors start UTF-8 files with a byte-order mark; it is not part of the text.
    let src = src.strip_prefix('\u{feff}').unwrap_or(src);
    let mut p = Parser::new(src);
    p.skip_ws()?;
    if p.peek().is_none() {
        return Err(p.error_here(
            "the file is empty",
            Some("a drillhall file holds one `Scenario(…)` or `Plan(…)`"),
        ));
    }
    if p.peek() == Some('#') {
        return Err(p.error_here(
            "RON extensions (`#![enable(..)]`) are not used in drillhall files",
            Some("remove the line; write `Some(x)` or just `x` for optional values"),
        ));
    }
    let node = p.value(0)?;
    p.skip_ws()?;
    if let Some(c) = p.peek() {
        return Err(p.error_here(
            &format!("unexpected `{c}` after the end of the document"),
            Some("a file holds one value; check for an extra closing bracket"),
        ));
    }
    Ok(node)
}

/// The ASCII character a full-width punctuation mark stands for, and its name (en, zh).
fn full_width(c: char) -> Option<(char, &'static str)> {
    Some(match c {
        '，' => (',', "comma (全角逗号)"),
        '。' => ('.', "full stop (全角句号)"),
        '．' => ('.', "full stop (全角句点)"),
        '：' => (':', "colon (全角冒号)"),
        '；' => (';', "semicolon (全角分号)"),
        '“' | '”' | '＂' => ('"', "quotation mark (全角引号)"),
        '‘' | '’' | '＇' => ('\'', "quotation mark (全角单引号)"),
        '（' => ('(', "parenthesis (全角括号)"),
        '）' => (')', "parenthesis (全角括号)"),
        '【' | '［' => ('[', "bracket (全角方括号)"),
        '】' | '］' => (']', "bracket (全角方括号)"),
        '｛' => ('{', "brace (全角花括号)"),
        '｝' => ('}', "brace (全角花括号)"),
        '－' => ('-', "minus (全角减号)"),
        _ => return None,
    })
}

/// Nesting deeper than this is rejected rather than risking the stack.
const MAX_DEPTH: usize = 128;

struct Parser<'a> {
    chars: Vec<char>,
    i: usize,
    line: u32,
    col: u32,
    _src: &'a str,
}

impl<'a> Parser<'a> {
    fn new(src: &'a str) -> Self {
        Parser {
            chars: src.chars().collect(),
            i: 0,
            line: 1,
            col: 1,
            _src: src,
        }
    }

    fn pos(&self) -> Pos {
        Pos {
            line: self.line,
            col: self.col,
        }
    }

    fn peek(&self) -> Option<char> {
        self.chars.get(self.i).copied()
    }

    fn peek_at(&self, k: usize) -> Option<char> {
        self.chars.get(self.i + k).copied()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.i += 1;
        if c == '\n' {
            self.line += 1;
            self.col = 1;
        } else {
            self.col += 1;
        }
        Some(c)
    }

    fn error_at(&self, pos: Pos, message: &str, hint: Option<&str>) -> SyntaxError {
        SyntaxError {
            pos,
            message: message.to_string(),
            hint: hint.map(str::to_string),
        }
    }

    /// An error at the current character; a full-width punctuation mark there (what a Chinese
    /// input method types) is named as such, with the ASCII character to type instead.
    fn error_here(&self, message: &str, hint: Option<&str>) -> SyntaxError {
        match self.peek().and_then(full_width) {
            Some((ascii, zh)) => {
                let c = self.peek().unwrap_or(ascii);
                self.error_at(
                    self.pos(),
                    &format!("{message} (`{c}` is a full-width {zh}, not `{ascii}`)"),
                    Some(&format!(
                        "type the ASCII `{ascii}`: switch the input method to half-width punctuation (请改用半角 `{ascii}`，不要用全角 `{c}`)"
                    )),
                )
            }
            None => self.error_at(self.pos(), message, hint),
        }
    }

    fn skip_ws(&mut self) -> Result<(), SyntaxError> {
        loop {
            match self.peek() {
                Some(c) if c.is_whitespace() => {
                    self.bump();
                }
                Some('/') if self.peek_at(1) == Some('/') => {
                    while let Some(c) = self.peek() {
                        if c == '\n' {
                            break;
                        }
                        self.bump();
                    }
                }
                Some('/') if self.peek_at(1) == Some('*') => {
                    let start = self.pos();
                    self.bump();
                    self.bump();
                    let mut depth = 1;
                    while depth > 0 {
                        match self.bump() {
                            None => {
                                return Err(self.error_at(
                                    start,
                                    "block comment `/*` is never closed",
                                    Some("add `*/`"),
                                ));
                            }
                            Some('*') if self.peek() == Some('/') => {
                                self.bump();
                                depth -= 1;
                            }
                            Some('/') if self.peek() == Some('*') => {
                                self.bump();
                                depth += 1;
                            }
                            _ => {}
                        }
                    }
                }
                _ => return Ok(()),
            }
        }
    }

    fn value(&mut self, depth: usize) -> Result<Node, SyntaxError> {
        if depth > MAX_DEPTH {
            return Err(self.error_here("values are nested too deeply", None));
        }
        self.skip_ws()?;
        let start = self.pos();
        let kind = match self.peek() {
            None => {
                return Err(self.error_here("unexpected end of file: a value is missing", None));
            }
            Some('(') => self.paren_body(depth)?.into_anonymous(),
            Some('[') => {
                self.bump();
                let items = self.list_items(']', depth)?;
                NodeKind::List(items)
            }
            Some('{') => {
                self.bump();
                NodeKind::Map(self.map_entries(depth)?)
            }
            Some('"') => NodeKind::Str(self.string()?),
            Some('r') if matches!(self.peek_at(1), Some('"') | Some('#')) => {
                NodeKind::Str(self.raw_string()?)
            }
            Some('\'') => NodeKind::Char(self.char_lit()?),
            Some(c) if c.is_ascii_digit() || c == '-' || c == '+' || c == '.' => {
                NodeKind::Number(self.number()?)
            }
            Some(c) if is_ident_start(c) => {
                let name = self.ident();
                match name.as_str() {
                    "true" => NodeKind::Bool(true),
                    "false" => NodeKind::Bool(false),
                    "inf" => NodeKind::Number(Number::Float(f64::INFINITY)),
                    "NaN" => NodeKind::Number(Number::Float(f64::NAN)),
                    _ => {
                        // A body must follow directly, as in `Some(1)` — but allow spaces.
                        let save = (self.i, self.line, self.col);
                        self.skip_ws()?;
                        if self.peek() == Some('(') {
                            let body = self.paren_body(depth)?;
                            NodeKind::Named(name, body.into_body())
                        } else {
                            (self.i, self.line, self.col) = save;
                            NodeKind::Named(name, Body::Unit)
                        }
                    }
                }
            }
            Some(c) => {
                return Err(self.error_here(
                    &format!("expected a value, found `{c}`"),
                    match c {
                        ')' | ']' | '}' => Some("a value is missing before this bracket"),
                        ',' => Some("a value is missing before this comma"),
                        _ => None,
                    },
                ));
            }
        };
        Ok(Node {
            kind,
            span: Span {
                start,
                end: self.pos(),
            },
        })
    }

    /// After `(`: unit, tuple or struct fields, up to the matching `)`.
    fn paren_body(&mut self, depth: usize) -> Result<Paren, SyntaxError> {
        let open = self.pos();
        self.bump(); // (
        self.skip_ws()?;
        if self.peek() == Some(')') {
            self.bump();
            return Ok(Paren::Unit);
        }
        if self.at_field_name() {
            let mut fields = Vec::new();
            loop {
                self.skip_ws()?;
                if self.peek() == Some(')') {
                    self.bump();
                    break;
                }
                let name_start = self.pos();
                if !self.peek().is_some_and(is_ident_start) {
                    return Err(self.unclosed_or(open, ')', "expected a field name"));
                }
                let name = self.ident();
                let name_span = Span {
                    start: name_start,
                    end: self.pos(),
                };
                self.skip_ws()?;
                if self.peek() != Some(':') {
                    return Err(self.error_here(
                        &format!("expected `:` after field name `{name}`"),
                        Some("write fields as `name: value`"),
                    ));
                }
                self.bump();
                let value = self.value(depth + 1)?;
                fields.push(Field {
                    name,
                    name_span,
                    value,
                });
                self.skip_ws()?;
                match self.peek() {
                    Some(',') => {
                        self.bump();
                    }
                    Some(')') => {
                        self.bump();
                        break;
                    }
                    _ => {
                        return Err(self.unclosed_or(
                            open,
                            ')',
                            "expected `,` or `)` after a field",
                        ));
                    }
                }
            }
            Ok(Paren::Struct(fields))
        } else {
            let items = self.list_items_from(open, ')', depth)?;
            Ok(Paren::Tuple(items))
        }
    }

    /// An identifier followed by a single `:` means struct fields follow.
    fn at_field_name(&self) -> bool {
        let mut k = self.i;
        if !self.chars.get(k).copied().is_some_and(is_ident_start) {
            return false;
        }
        while self.chars.get(k).copied().is_some_and(is_ident_char) {
            k += 1;
        }
        while self.chars.get(k).copied().is_some_and(char::is_whitespace) {
            k += 1;
        }
        self.chars.get(k) == Some(&':') && self.chars.get(k + 1) != Some(&':')
    }

    fn list_items(&mut self, close: char, depth: usize) -> Result<Vec<Node>, SyntaxError> {
        let open = Pos {
            line: self.line,
            col: self.col - 1,
        };
        self.list_items_from(open, close, depth)
    }

    fn list_items_from(
        &mut self,
        open: Pos,
        close: char,
        depth: usize,
    ) -> Result<Vec<Node>, SyntaxError> {
        let mut items = Vec::new();
        loop {
            self.skip_ws()?;
            if self.peek() == Some(close) {
                self.bump();
                return Ok(items);
            }
            if self.peek().is_none() {
                return Err(self.unclosed_or(open, close, ""));
            }
            items.push(self.value(depth + 1)?);
            self.skip_ws()?;
            match self.peek() {
                Some(',') => {
                    self.bump();
                }
                Some(c) if c == close => {
                    self.bump();
                    return Ok(items);
                }
                _ => {
                    return Err(self.unclosed_or(
                        open,
                        close,
                        &format!("expected `,` or `{close}` after an item"),
                    ));
                }
            }
        }
    }

    fn map_entries(&mut self, depth: usize) -> Result<Vec<(Node, Node)>, SyntaxError> {
        let open = Pos {
            line: self.line,
            col: self.col - 1,
        };
        let mut entries = Vec::new();
        loop {
            self.skip_ws()?;
            if self.peek() == Some('}') {
                self.bump();
                return Ok(entries);
            }
            if self.peek().is_none() {
                return Err(self.unclosed_or(open, '}', ""));
            }
            let key = self.value(depth + 1)?;
            self.skip_ws()?;
            if self.peek() != Some(':') {
                return Err(self.error_here("expected `:` after a map key", None));
            }
            self.bump();
            let value = self.value(depth + 1)?;
            entries.push((key, value));
            self.skip_ws()?;
            match self.peek() {
                Some(',') => {
                    self.bump();
                }
                Some('}') => {
                    self.bump();
                    return Ok(entries);
                }
                _ => return Err(self.unclosed_or(open, '}', "expected `,` or `}` after an entry")),
            }
        }
    }

    /// At end of input, point at the unclosed bracket; otherwise at the current position.
    fn unclosed_or(&self, open: Pos, close: char, message: &str) -> SyntaxError {
        if self.peek().is_none() {
            let opener = match close {
                ')' => '(',
                ']' => '[',
                _ => '{',
            };
            self.error_at(
                open,
                &format!("`{opener}` is never closed"),
                Some(&format!("add the matching `{close}`")),
            )
        } else {
            let found = self
                .peek()
                .map(|c| format!(", found `{c}`"))
                .unwrap_or_default();
            let hint = if self.at_field_name() || self.peek().is_some_and(|c| c == '"' || c == '(')
            {
                Some("a comma is probably missing at the end of the previous line")
            } else {
                None
            };
            self.error_here(&format!("{message}{found}"), hint)
        }
    }

    fn ident(&mut self) -> String {
        let mut s = String::new();
        // Raw identifiers `r#name`.
        if self.peek() == Some('r') && self.peek_at(1) == Some('#') {
            self.bump();
            self.bump();
        }
        while let Some(c) = self.peek() {
            if is_ident_char(c) {
                s.push(c);
                self.bump();
            } else {
                break;
            }
        }
        s
    }

    fn string(&mut self) -> Result<String, SyntaxError> {
        let start = self.pos();
        self.bump(); // "
        let mut s = String::new();
        loop {
            match self.bump() {
                None => {
                    return Err(self.error_at(
                        start,
                        "string is never closed",
                        Some("add the closing `\"`"),
                    ));
                }
                Some('"') => return Ok(s),
                Some('\\') => s.push(self.escape()?),
                Some(c) => s.push(c),
            }
        }
    }

    fn escape(&mut self) -> Result<char, SyntaxError> {
        let at = self.pos();
        let c = self
            .bump()
            .ok_or_else(|| self.error_here("unfinished escape", None))?;
        Ok(match c {
            'n' => '\n',
            't' => '\t',
            'r' => '\r',
            '0' => '\0',
            '\\' => '\\',
            '"' => '"',
            '\'' => '\'',
            'u' => {
                let mut hex = String::new();
                if self.peek() == Some('{') {
                    self.bump();
                    while let Some(c) = self.peek() {
                        self.bump();
                        if c == '}' {
                            break;
                        }
                        hex.push(c);
                    }
                } else {
                    for _ in 0..4 {
                        if let Some(c) = self.bump() {
                            hex.push(c);
                        }
                    }
                }
                u32::from_str_radix(&hex, 16)
                    .ok()
                    .and_then(char::from_u32)
                    .ok_or_else(|| self.error_at(at, "invalid unicode escape", None))?
            }
            'x' => {
                let mut hex = String::new();
                for _ in 0..2 {
                    if let Some(c) = self.bump() {
                        hex.push(c);
                    }
                }
                u8::from_str_radix(&hex, 16)
                    .ok()
                    .filter(u8::is_ascii)
                    .map(char::from)
                    .ok_or_else(|| self.error_at(at, "invalid `\\x` escape", None))?
            }
            other => {
                return Err(self.error_at(
                    at,
                    &format!("unknown escape `\\{other}`"),
                    Some("write a backslash as `\\\\`"),
                ));
            }
        })
    }

    fn raw_string(&mut self) -> Result<String, SyntaxError> {
        let start = self.pos();
        self.bump(); // r
        let mut hashes = 0;
        while self.peek() == Some('#') {
            hashes += 1;
            self.bump();
        }
        if self.peek() != Some('"') {
            return Err(self.error_here("expected `\"` to start a raw string", None));
        }
        self.bump();
        let mut s = String::new();
        loop {
            match self.bump() {
                None => return Err(self.error_at(start, "raw string is never closed", None)),
                Some('"') => {
                    let mut k = 0;
                    while k < hashes && self.peek_at(k) == Some('#') {
                        k += 1;
                    }
                    if k == hashes {
                        for _ in 0..hashes {
                            self.bump();
                        }
                        return Ok(s);
                    }
                    s.push('"');
                }
                Some(c) => s.push(c),
            }
        }
    }

    fn char_lit(&mut self) -> Result<char, SyntaxError> {
        let start = self.pos();
        self.bump(); // '
        let c = match self.bump() {
            Some('\\') => self.escape()?,
            Some(c) => c,
            None => return Err(self.error_at(start, "char literal is never closed", None)),
        };
        if self.bump() != Some('\'') {
            return Err(self.error_at(
                start,
                "char literal is not closed",
                Some("use double quotes for text: \"…\""),
            ));
        }
        Ok(c)
    }

    fn number(&mut self) -> Result<Number, SyntaxError> {
        let start = self.pos();
        let mut text = String::new();
        let mut negative = false;
        if let Some(c @ ('-' | '+')) = self.peek() {
            negative = c == '-';
            self.bump();
        }
        // `-inf` / `+inf`
        if self.peek() == Some('i') {
            let word = self.ident();
            if word == "inf" {
                return Ok(Number::Float(if negative {
                    f64::NEG_INFINITY
                } else {
                    f64::INFINITY
                }));
            }
            return Err(self.error_at(start, &format!("invalid number `-{word}`"), None));
        }
        let radix = if self.peek() == Some('0') {
            match self.peek_at(1) {
                Some('x') => 16,
                Some('o') => 8,
                Some('b') => 2,
                _ => 10,
            }
        } else {
            10
        };
        if radix != 10 {
            self.bump();
            self.bump();
            while let Some(c) = self.peek() {
                if c.is_ascii_alphanumeric() || c == '_' {
                    if c != '_' {
                        text.push(c);
                    }
                    self.bump();
                } else {
                    break;
                }
            }
            let v = i128::from_str_radix(&text, radix).map_err(|_| {
                self.error_at(
                    start,
                    &format!("invalid integer `{text}` in base {radix}"),
                    None,
                )
            })?;
            return Ok(Number::Int(if negative { -v } else { v }));
        }
        let mut is_float = false;
        while let Some(c) = self.peek() {
            match c {
                '0'..='9' => text.push(c),
                '_' => {}
                '.' => {
                    // `1..2` is not a number; a trailing `.` is.
                    is_float = true;
                    text.push(c);
                }
                'e' | 'E' => {
                    is_float = true;
                    text.push(c);
                    if let Some(s @ ('-' | '+')) = self.peek_at(1) {
                        self.bump();
                        text.push(s);
                    }
                }
                'a'..='z' | 'A'..='Z' => {
                    // Units or suffixes glued to a number: `1.2m`, `30s`, `1_f32`.
                    let mut word = String::new();
                    while let Some(c) = self.peek() {
                        if is_ident_char(c) {
                            word.push(c);
                            self.bump();
                        } else {
                            break;
                        }
                    }
                    return Err(self.error_at(
                        start,
                        &format!("`{text}{word}` is not a number"),
                        Some("write the plain number; the unit is in the field's name (e.g. `width_m: 1.2`)"),
                    ));
                }
                _ => break,
            }
            self.bump();
        }
        if text.is_empty() || text == "." {
            return Err(self.error_at(start, "expected a number", None));
        }
        if is_float {
            let v: f64 = text
                .parse()
                .map_err(|_| self.error_at(start, &format!("invalid number `{text}`"), None))?;
            Ok(Number::Float(if negative { -v } else { v }))
        } else {
            let v: i128 = text.parse().map_err(|_| {
                self.error_at(start, &format!("integer `{text}` is too large"), None)
            })?;
            Ok(Number::Int(if negative { -v } else { v }))
        }
    }
}

enum Paren {
    Unit,
    Tuple(Vec<Node>),
    Struct(Vec<Field>),
}

impl Paren {
    fn into_anonymous(self) -> NodeKind {
        match self {
            Paren::Unit => NodeKind::Unit,
            Paren::Tuple(items) => NodeKind::Tuple(items),
            Paren::Struct(fields) => NodeKind::Struct(fields),
        }
    }

    fn into_body(self) -> Body {
        match self {
            Paren::Unit => Body::Tuple(Vec::new()),
            Paren::Tuple(items) => Body::Tuple(items),
            Paren::Struct(fields) => Body::Struct(fields),
        }
    }
}

fn is_ident_start(c: char) -> bool {
    c.is_ascii_alphabetic() || c == '_'
}

fn is_ident_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_nested_values_with_positions() {
        let n =
            parse("Scenario(\n  a: [1, 2.5, -3],\n  b: Some(\"x\"),\n  c: Door(width_m: 1),\n)")
                .unwrap();
        let NodeKind::Named(name, Body::Struct(fields)) = &n.kind else {
            panic!("{n:?}")
        };
        assert_eq!(name, "Scenario");
        assert_eq!(fields[0].name_span.start, Pos { line: 2, col: 3 });
        assert_eq!(fields[1].value.span.start, Pos { line: 3, col: 6 });
    }

    #[test]
    fn byte_order_mark_is_ignored() {
        let n = parse("\u{feff}(a: 1)").unwrap();
        assert_eq!(n.span.start, Pos { line: 1, col: 1 });
    }

    #[test]
    fn missing_comma_is_reported_with_hint() {
        let e = parse("(\n a: 1\n b: 2\n)").unwrap_err();
        assert_eq!(e.pos, Pos { line: 3, col: 2 });
        assert!(e.hint.unwrap().contains("comma"));
    }
}

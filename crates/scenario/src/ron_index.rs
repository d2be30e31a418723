//! A token index of a RON file: the byte span of every value and field name by its path
//! (`security[1].until`, `stops["Khasan"]`), with comments and strings skipped. Errors found
//! after parsing (a core rule, an unknown name) are placed with it, never by searching the text.
use std::fmt;
use std::ops::Range;

/// One step of a path into a RON value.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Seg {
    /// A named field of a struct.
    Field(String),
    /// A list element, or a positional argument of a tuple or enum variant.
    Index(usize),
    /// A map entry, by the text of its key (a string key without its quotes).
    Key(String),
}

/// A path into a RON value, shown as `security[1].until` or `stops["Khasan"]`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct FieldPath(pub Vec<Seg>);

impl FieldPath {
    /// The empty path (the whole file).
    pub fn root() -> Self {
        Self(Vec::new())
    }

    /// This path with a field added.
    pub fn field(&self, name: &str) -> Self {
        self.with(Seg::Field(name.to_string()))
    }

    /// This path with an index added.
    pub fn index(&self, i: usize) -> Self {
        self.with(Seg::Index(i))
    }

    /// This path with a map key added.
    pub fn key(&self, key: &str) -> Self {
        self.with(Seg::Key(key.to_string()))
    }

    fn with(&self, seg: Seg) -> Self {
        let mut segs = self.0.clone();
        segs.push(seg);
        Self(segs)
    }

    /// Parses the display form (`security[1].until`, `stops["Khasan"]`); for paths written in code.
    pub fn parse(text: &str) -> Self {
        let mut segs = Vec::new();
        let mut rest = text;
        while !rest.is_empty() {
            if let Some(after) = rest.strip_prefix("[\"") {
                let end = after.find("\"]").unwrap_or(after.len());
                segs.push(Seg::Key(after[..end].to_string()));
                rest = after.get(end + 2..).unwrap_or("");
            } else if let Some(after) = rest.strip_prefix('[') {
                let end = after.find(']').unwrap_or(after.len());
                segs.push(Seg::Index(after[..end].parse().unwrap_or(usize::MAX)));
                rest = after.get(end + 1..).unwrap_or("");
            } else {
                let body = rest.strip_prefix('.').unwrap_or(rest);
                let end = body.find(['.', '[']).unwrap_or(body.len());
                segs.push(Seg::Field(body[..end].to_string()));
                rest = &body[end..];
            }
        }
        Self(segs)
    }
}

impl fmt::Display for FieldPath {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        for (i, seg) in self.0.iter().enumerate() {
            match seg {
                Seg::Field(name) if i == 0 => f.write_str(name)?,
                Seg::Field(name) => write!(f, ".{name}")?,
                Seg::Index(n) => write!(f, "[{n}]")?,
                Seg::Key(key) => write!(f, "[{}]", crate::values::quoted(key))?,
            }
        }
        Ok(())
    }
}

/// Where a value and, for a field or map entry, its name lie in the text (byte ranges).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Entry {
    path: FieldPath,
    value: Range<usize>,
    name: Option<Range<usize>>,
}

/// The spans of every value of a RON text, by path.
#[derive(Debug, Clone, Default)]
pub struct RonIndex {
    entries: Vec<Entry>,
}

/// Deeper nesting than this is not indexed (an error there is placed at its shallower parent);
/// it bounds the recursion on hostile input.
const MAX_DEPTH: usize = 128;

impl RonIndex {
    /// Indexes `source`. Never fails: broken text is indexed as far as it can be read.
    pub fn new(source: &str) -> Self {
        let tokens = tokenize(source);
        let mut parser = Parser {
            tokens: &tokens,
            source,
            at: 0,
            entries: Vec::new(),
        };
        // The file is one value, possibly after `#![enable(..)]` attributes (skipped by the lexer).
        parser.value(&FieldPath::root(), 0);
        Self {
            entries: parser.entries,
        }
    }

    /// The byte range of the value at `path`.
    pub fn value_span(&self, path: &FieldPath) -> Option<Range<usize>> {
        self.entries
            .iter()
            .find(|e| &e.path == path)
            .map(|e| e.value.clone())
    }

    /// The byte range of the field name or map key of the entry at `path` (its value's when it has
    /// no name, as for a list element).
    pub fn name_span(&self, path: &FieldPath) -> Option<Range<usize>> {
        self.entries
            .iter()
            .find(|e| &e.path == path)
            .map(|e| e.name.clone().unwrap_or_else(|| e.value.clone()))
    }

    /// The innermost value containing byte `offset` (its path and span), for placing an error the
    /// parser reported at a position.
    pub fn innermost_at(&self, offset: usize) -> Option<(&FieldPath, Range<usize>)> {
        self.entries
            .iter()
            .filter(|e| e.value.start <= offset && offset < e.value.end.max(e.value.start + 1))
            .min_by_key(|e| e.value.end - e.value.start)
            .map(|e| (&e.path, e.value.clone()))
    }

    /// The paths of the entries of the list or map at `path`, in file order.
    pub fn children(&self, path: &FieldPath) -> Vec<&FieldPath> {
        let mut children: Vec<&Entry> = self
            .entries
            .iter()
            .filter(|e| e.path.0.len() == path.0.len() + 1 && e.path.0.starts_with(&path.0))
            .collect();
        children.sort_by_key(|e| e.value.start);
        children.into_iter().map(|e| &e.path).collect()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Open(u8),
    Close(u8),
    Colon,
    Comma,
    /// An identifier, number, string or char.
    Atom,
}

#[derive(Debug, Clone)]
struct Token {
    kind: Kind,
    span: Range<usize>,
}

/// The name of the top-level struct of RON text (`Route` in `Route(name: ..)`), if it has one:
/// tells a scenario from a route or network kept beside it without parsing either.
pub fn top_level_name(source: &str) -> Option<&str> {
    let tokens = tokenize(source);
    match tokens.as_slice() {
        [name, open, ..]
            if matches!(name.kind, Kind::Atom) && matches!(open.kind, Kind::Open(b'(')) =>
        {
            source.get(name.span.clone())
        }
        _ => None,
    }
}

/// Splits RON text into brackets, colons, commas and atoms; comments and whitespace are skipped,
/// strings and chars are single atoms (so brackets inside them do not count).
fn tokenize(source: &str) -> Vec<Token> {
    let bytes = source.as_bytes();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        let start = i;
        match c {
            b' ' | b'\t' | b'\n' | b'\r' => i += 1,
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                // Block comments nest in RON.
                let mut depth = 0usize;
                while i < bytes.len() {
                    if bytes[i] == b'/' && bytes.get(i + 1) == Some(&b'*') {
                        depth += 1;
                        i += 2;
                    } else if bytes[i] == b'*' && bytes.get(i + 1) == Some(&b'/') {
                        depth -= 1;
                        i += 2;
                        if depth == 0 {
                            break;
                        }
                    } else {
                        i += 1;
                    }
                }
            }
            b'#' if bytes.get(i + 1) == Some(&b'!') => {
                // An attribute `#![enable(..)]`: skip to its closing bracket.
                while i < bytes.len() && bytes[i] != b']' {
                    i += 1;
                }
                i += 1;
            }
            b'"' => {
                i = skip_string(bytes, i + 1);
                tokens.push(atom(start, i));
            }
            b'r' if matches!(bytes.get(i + 1), Some(b'"' | b'#')) => {
                i = skip_raw_string(bytes, i + 1);
                tokens.push(atom(start, i));
            }
            b'\'' => {
                i += 1;
                while i < bytes.len() && bytes[i] != b'\'' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                i = (i + 1).min(bytes.len());
                tokens.push(atom(start, i));
            }
            b'(' | b'[' | b'{' => {
                tokens.push(Token {
                    kind: Kind::Open(c),
                    span: i..i + 1,
                });
                i += 1;
            }
            b')' | b']' | b'}' => {
                tokens.push(Token {
                    kind: Kind::Close(c),
                    span: i..i + 1,
                });
                i += 1;
            }
            b':' => {
                tokens.push(Token {
                    kind: Kind::Colon,
                    span: i..i + 1,
                });
                i += 1;
            }
            b',' => {
                tokens.push(Token {
                    kind: Kind::Comma,
                    span: i..i + 1,
                });
                i += 1;
            }
            _ => {
                while i < bytes.len()
                    && !matches!(
                        bytes[i],
                        b' ' | b'\t'
                            | b'\n'
                            | b'\r'
                            | b'('
                            | b')'
                            | b'['
                            | b']'
                            | b'{'
                            | b'}'
                            | b':'
                            | b','
                            | b'"'
                    )
                    && !(bytes[i] == b'/' && matches!(bytes.get(i + 1), Some(b'/' | b'*')))
                {
                    i += 1;
                }
                // A lone byte that starts no token (never happens in valid RON): step over it.
                i = i.max(start + 1);
                tokens.push(atom(start, i));
            }
        }
    }
    tokens
}

fn atom(start: usize, end: usize) -> Token {
    Token {
        kind: Kind::Atom,
        span: start..end,
    }
}

/// The index just past the closing quote of a string whose body starts at `i`.
fn skip_string(bytes: &[u8], mut i: usize) -> usize {
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => return i + 1,
            _ => i += 1,
        }
    }
    bytes.len()
}

/// The index just past a raw string `r#"…"#` whose hashes start at `i`.
fn skip_raw_string(bytes: &[u8], mut i: usize) -> usize {
    let hashes = bytes[i..].iter().take_while(|&&b| b == b'#').count();
    i += hashes + 1;
    while i < bytes.len() {
        if bytes[i] == b'"'
            && bytes[i + 1..]
                .iter()
                .take(hashes)
                .filter(|&&b| b == b'#')
                .count()
                == hashes
        {
            return i + 1 + hashes;
        }
        i += 1;
    }
    bytes.len()
}

struct Parser<'a> {
    tokens: &'a [Token],
    source: &'a str,
    at: usize,
    entries: Vec<Entry>,
}

impl Parser<'_> {
    fn peek(&self, ahead: usize) -> Option<&Token> {
        self.tokens.get(self.at + ahead)
    }

    /// Reads one value at `path`; returns its span.
    fn value(&mut self, path: &FieldPath, depth: usize) -> Option<Range<usize>> {
        let token = self.peek(0)?.clone();
        let span = match token.kind {
            Kind::Atom => {
                self.at += 1;
                // `Name(..)`: a named struct, tuple or enum variant with arguments.
                if matches!(
                    self.peek(0),
                    Some(Token {
                        kind: Kind::Open(b'('),
                        ..
                    })
                ) {
                    let end = self.group(path, b')', depth)?;
                    token.span.start..end
                } else {
                    token.span.clone()
                }
            }
            Kind::Open(open) => {
                let close = match open {
                    b'(' => b')',
                    b'[' => b']',
                    _ => b'}',
                };
                let end = self.group(path, close, depth)?;
                token.span.start..end
            }
            // Not a value: leave it to the caller.
            Kind::Close(_) | Kind::Colon | Kind::Comma => return None,
        };
        self.entries.push(Entry {
            path: path.clone(),
            value: span.clone(),
            name: None,
        });
        Some(span)
    }

    /// Reads a bracketed group starting at the opening token; returns the end of its closing one.
    fn group(&mut self, path: &FieldPath, close: u8, depth: usize) -> Option<usize> {
        self.peek(0)?;
        self.at += 1;
        let mut position = 0usize;
        loop {
            let token = match self.peek(0) {
                Some(t) => t.clone(),
                None => return Some(self.source.len()),
            };
            match token.kind {
                Kind::Close(c) => {
                    self.at += 1;
                    if c == close {
                        return Some(token.span.end);
                    }
                    // A mismatched bracket: the text is broken; stop this group here.
                    return Some(token.span.end);
                }
                Kind::Comma | Kind::Colon => {
                    self.at += 1;
                    continue;
                }
                _ => {}
            }
            // `name: value` (a struct field) or `key: value` (a map entry).
            let named = matches!(
                self.peek(1),
                Some(Token {
                    kind: Kind::Colon,
                    ..
                })
            ) && matches!(token.kind, Kind::Atom);
            let (child, name) = if named {
                let text = &self.source[token.span.clone()];
                let seg = if close == b'}' {
                    Seg::Key(text.trim_matches('"').to_string())
                } else {
                    Seg::Field(text.to_string())
                };
                self.at += 2;
                (
                    FieldPath(path.0.iter().cloned().chain([seg]).collect()),
                    Some(token.span.clone()),
                )
            } else {
                let child = path.index(position);
                position += 1;
                (child, None)
            };
            let before = self.at;
            if depth < MAX_DEPTH {
                if self.value(&child, depth + 1).is_some()
                    && let (Some(name), Some(last)) = (name, self.entries.last_mut())
                {
                    last.name = Some(name);
                }
            } else {
                self.skip_value();
            }
            if self.at == before {
                // Nothing readable here: step over the token so the loop always progresses.
                self.at += 1;
            }
        }
    }

    /// Steps over one value without indexing it (beyond the depth limit).
    fn skip_value(&mut self) {
        let mut depth = 0usize;
        while let Some(token) = self.peek(0) {
            match token.kind {
                Kind::Open(_) => depth += 1,
                Kind::Close(_) if depth == 0 => return,
                Kind::Close(_) => {
                    depth -= 1;
                    if depth == 0 {
                        self.at += 1;
                        return;
                    }
                }
                Kind::Comma if depth == 0 => return,
                _ => {}
            }
            self.at += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = r#"// Lockdown in a comment: Security(level: Lockdown)
Scenario(
    title: "Lockdown (and a Km(3.0) in the title)",
    stops: { "Khasan": "1h", "Tumangang": "0s" },
    security: [
        Security(level: High, from: Km(10.0)),
        /* Security(level: Lockdown) */ Security(level: Lockdown, from: Km(20.0), until: Km(30.0)),
    ],
)
"#;

    fn text_at(path: &str) -> &'static str {
        let index = RonIndex::new(TEXT);
        let span = index.value_span(&FieldPath::parse(path)).unwrap();
        &TEXT[span]
    }

    #[test]
    fn values_are_found_by_path_not_by_text() {
        assert_eq!(text_at("security[1].until"), "Km(30.0)");
        assert_eq!(text_at("security[1].until[0]"), "30.0");
        assert_eq!(text_at("security[1].level"), "Lockdown");
        assert_eq!(text_at("stops[\"Tumangang\"]"), "\"0s\"");
        assert_eq!(
            text_at("title"),
            "\"Lockdown (and a Km(3.0) in the title)\""
        );
    }

    #[test]
    fn names_and_innermost_values() {
        let index = RonIndex::new(TEXT);
        let name = index
            .name_span(&FieldPath::parse("stops[\"Khasan\"]"))
            .unwrap();
        assert_eq!(&TEXT[name], "\"Khasan\"");
        let offset = TEXT.find("20.0").unwrap();
        let (path, _) = index.innermost_at(offset).unwrap();
        assert_eq!(path.to_string(), "security[1].from[0]");
        assert_eq!(
            index
                .children(&FieldPath::parse("security"))
                .iter()
                .map(|p| p.to_string())
                .collect::<Vec<_>>(),
            ["security[0]", "security[1]"]
        );
    }

    #[test]
    fn paths_round_trip_through_their_display_form() {
        for text in [
            "security[1].until",
            "stops[\"Khasan\"]",
            "train.cruise_kmh",
            "expect[3]",
        ] {
            assert_eq!(FieldPath::parse(text).to_string(), text);
        }
    }

    #[test]
    fn broken_and_hostile_text_never_panics() {
        for text in [
            "",
            "(",
            ")))",
            "Scenario(title: \"unterminated",
            "[[[[[[[[",
            "/* unclosed",
            "{ \"a\": }",
            "r#\"raw\"# x",
        ] {
            let _ = RonIndex::new(text);
        }
        let deep = "[".repeat(100_000);
        let _ = RonIndex::new(&deep);
    }
}

//! Source files: their text, their repository-relative path and the mapping
//! from line/column to byte offsets used to render snippets.

use std::sync::Arc;

/// A 1-based line and column (columns count characters, not bytes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Pos {
    pub line: u32,
    pub col: u32,
}

/// Where a node sits in a file: the start and end of its key (for mapping
/// entries) or of the node itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Span {
    pub start: Pos,
    pub end: Pos,
}

impl Span {
    /// The first character of a file.
    pub fn at_start() -> Span {
        let p = Pos { line: 1, col: 1 };
        Span { start: p, end: p }
    }
}

/// One file as it was read, from disk or from a git tree.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path relative to the git work-tree root (or the workspace root outside
    /// git), always with `/` separators.
    pub path: String,
    /// The text, without a leading byte-order mark.
    pub text: Arc<str>,
    line_starts: Arc<Vec<usize>>,
}

impl SourceFile {
    pub fn new(path: impl Into<String>, text: impl Into<Arc<str>>) -> Self {
        let text: Arc<str> = text.into();
        let mut line_starts = vec![0];
        for (i, b) in text.bytes().enumerate() {
            if b == b'\n' {
                line_starts.push(i + 1);
            }
        }
        line_starts.shrink_to_fit();
        SourceFile {
            path: path.into(),
            text,
            line_starts: Arc::new(line_starts),
        }
    }

    /// Byte offset of a 1-based line and character column, clamped to the text.
    pub fn offset(&self, pos: Pos) -> usize {
        let line = (pos.line.max(1) as usize).min(self.line_starts.len());
        // `line` is within 1..=len, so the index is in bounds.
        let start = self.line_starts[line - 1];
        let rest = &self.text[start..];
        let end_of_line = rest.find('\n').unwrap_or(rest.len());
        let line_text = &rest[..end_of_line];
        let skip = pos.col.saturating_sub(1) as usize;
        let within = line_text
            .char_indices()
            .nth(skip)
            .map(|(i, _)| i)
            .unwrap_or(line_text.len());
        start + within
    }

    /// Byte range of a span, at least one byte long when the text allows it.
    pub fn range(&self, span: Span) -> (usize, usize) {
        let a = self.offset(span.start);
        let mut b = self.offset(span.end).max(a);
        if b == a && a < self.text.len() {
            b = a + self.text[a..].chars().next().map_or(0, char::len_utf8);
        }
        (a, b - a)
    }
}

//! `--format human`: miette diagnostics with the YAML source lines of the
//! new side and, for a change, the base side.

use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteDiagnostic, NamedSource,
    Severity as MSeverity,
};

use super::Report;
use crate::baseline::State;
use crate::finding::{Finding, Severity};
use crate::limits::MAX_HUMAN_LINE_CHARS;
use crate::source::{Pos, SourceFile, Span};

fn handler(color: bool) -> GraphicalReportHandler {
    let theme = if color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    GraphicalReportHandler::new_themed(theme)
        .with_width(100)
        .with_links(false)
        .with_context_lines(1)
}

/// The marker that ends a cut line: `… [N more characters]`.
fn marker(left: usize) -> String {
    format!(" … [{left} more characters]")
}

/// `s` cut to `MAX_HUMAN_LINE_CHARS` characters with a marker; an escape
/// sequence cut in half is dropped and colour is reset.
fn cut(s: &str, color: bool) -> String {
    let n = s.chars().count();
    if n <= MAX_HUMAN_LINE_CHARS {
        return s.to_string();
    }
    let end = s
        .char_indices()
        .nth(MAX_HUMAN_LINE_CHARS)
        .map_or(s.len(), |(i, _)| i);
    let mut kept = &s[..end];
    // An escape sequence (ESC [ ... final letter) cut in half is dropped.
    if let Some(esc) = kept.rfind('\u{1b}') {
        let tail = &kept[esc + 1..];
        let complete = tail.starts_with('[') && tail[1..].chars().any(|c| c.is_ascii_alphabetic());
        if !complete {
            kept = &kept[..esc];
        }
    }
    let reset = if color { "\u{1b}[0m" } else { "" };
    format!("{kept}{reset}{}", marker(n - MAX_HUMAN_LINE_CHARS))
}

/// Every line of a rendered report cut to `MAX_HUMAN_LINE_CHARS`.
fn cut_lines(s: String, color: bool) -> String {
    if s.split('\n').all(|l| l.len() <= MAX_HUMAN_LINE_CHARS) {
        return s;
    }
    s.split('\n')
        .map(|l| cut(l, color))
        .collect::<Vec<_>>()
        .join("\n")
}

fn severity(s: Severity) -> MSeverity {
    match s {
        Severity::Error => MSeverity::Error,
        Severity::Warning => MSeverity::Warning,
        Severity::Info => MSeverity::Advice,
    }
}

fn render_one(
    h: &GraphicalReportHandler,
    f: &Finding,
    text: Option<std::sync::Arc<str>>,
    base_text: Option<std::sync::Arc<str>>,
) -> String {
    let mut diag = MietteDiagnostic::new(cut(&f.message, false))
        .with_code(format!("{} ({})", f.rule, f.severity))
        .with_severity(severity(f.severity));
    let mut help = Vec::new();
    if let Some(h) = &f.help {
        help.push(h.clone());
    }
    if !f.consumers.is_empty() {
        help.push(format!("consumers to notify: {}", f.consumers.join(", ")));
    }
    if let Some(also) = crate::text::related_line(f) {
        help.push(also);
    }
    if let Some(reason) = &f.waived {
        help.push(format!("waived: {reason}"));
    }
    if !help.is_empty() {
        diag = diag.with_help(help.join("\n"));
    }
    let mut out = String::new();
    match text {
        Some(text) if !text.is_empty() => {
            let src = SourceFile::new(f.file.clone(), text.clone());
            let span = Span {
                start: Pos {
                    line: f.line,
                    col: f.column,
                },
                end: f.end.map_or(
                    Pos {
                        line: f.line,
                        col: f.column,
                    },
                    |(l, c)| Pos { line: l, col: c },
                ),
            };
            let (start, len) = src.range(span);
            let label = if f.base.is_some() { "now" } else { "here" };
            diag = diag.with_label(LabeledSpan::at(start..start + len, label));
            let report = miette::Report::new(diag)
                .with_source_code(NamedSource::new(f.file.clone(), text.to_string()));
            let _ = h.render_report(&mut out, report.as_ref());
        }
        _ => {
            diag = diag.with_help(format!("{}:{}:{}", f.file, f.line, f.column));
            let report = miette::Report::new(diag);
            let _ = h.render_report(&mut out, report.as_ref());
        }
    }
    if let (Some(base), Some(text)) = (&f.base, base_text) {
        if !text.is_empty() {
            let src = SourceFile::new(base.file.clone(), text.clone());
            let (start, len) = src.range(Span {
                start: Pos {
                    line: base.line,
                    col: base.column,
                },
                end: Pos {
                    line: base.line,
                    col: base.column,
                },
            });
            let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
            let len = (line_end - start).max(len);
            let d = MietteDiagnostic::new(format!(
                "at the base: {}:{}:{}",
                base.file, base.line, base.column
            ))
            .with_severity(MSeverity::Advice)
            .with_label(LabeledSpan::at(start..start + len, "before"));
            let report = miette::Report::new(d).with_source_code(NamedSource::new(
                format!("{} (base)", base.file),
                text.to_string(),
            ));
            let _ = h.render_report(&mut out, report.as_ref());
        }
    }
    out
}

pub fn render(r: &Report<'_>, color: bool, quiet: bool) -> String {
    let h = handler(color);
    let mut out = String::new();
    let workspaces = r.coverage.map_or(&[][..], |c| &c.workspaces[..]);
    if !quiet && !workspaces.is_empty() {
        // A monorepo run: each workspace with its own base.
        for w in workspaces {
            out.push_str(&format!("Workspace {}: ", w.dir));
            match (&w.skipped, &w.base) {
                (Some(why), _) => out.push_str(&format!("not re-checked: {why}.")),
                (None, Some(b)) => out.push_str(&super::base_line(b)),
                (None, None) => out.push_str("linted only (no base)."),
            }
            out.push('\n');
        }
        out.push('\n');
    } else if let (Some(b), false) = (r.base, quiet) {
        out.push_str(&super::base_line(b));
        out.push_str("\n\n");
    }
    let one = |out: &mut String, f: &Finding| {
        out.push_str(&cut_lines(
            render_one(
                &h,
                f,
                (r.sources)(&f.file),
                f.base.as_ref().and_then(|b| (r.base_sources)(&b.file)),
            ),
            color,
        ));
        out.push('\n');
    };
    if r.base.is_some() && r.findings.iter().any(|f| f.baseline.is_some()) {
        // Grouped: what the change brought first, then what was already there.
        let (fresh, existing): (Vec<&Finding>, Vec<&Finding>) = r
            .findings
            .iter()
            .partition(|f| f.baseline.is_none_or(State::gates));
        for (title, group) in [
            ("New or updated since the base", &fresh),
            (
                "Already at the base (not gating unless --fail-on-existing)",
                &existing,
            ),
        ] {
            if group.is_empty() {
                continue;
            }
            if !quiet {
                out.push_str(&format!("── {title}: {} ──\n\n", group.len()));
            }
            for f in group {
                one(&mut out, f);
            }
        }
        if !r.absent.is_empty() && !quiet {
            out.push_str(&format!("── Fixed since the base: {} ──\n", r.absent.len()));
            for f in r.absent {
                out.push_str(&format!(
                    "  {} ({}) {}:{}: {}\n",
                    f.rule, f.severity, f.file, f.line, f.message
                ));
            }
            out.push('\n');
        }
    } else {
        for f in r.findings {
            one(&mut out, f);
        }
    }
    if !quiet {
        let s = &r.summary;
        let waived = r.findings.iter().filter(|f| f.waived.is_some()).count();
        if let Some(b) = &s.baseline {
            out.push_str(&format!(
                "Against the base: {} new, {} updated, {} unchanged, {} fixed.\n",
                b.new, b.updated, b.unchanged, b.absent
            ));
        }
        out.push_str(&format!(
            "{} contract{} checked, {} changed: {} error{}, {} warning{}, {} info{}.\n",
            s.contracts,
            if s.contracts == 1 { "" } else { "s" },
            s.changed,
            s.error,
            if s.error == 1 { "" } else { "s" },
            s.warning,
            if s.warning == 1 { "" } else { "s" },
            s.info,
            if waived > 0 {
                format!(" ({waived} waived)")
            } else {
                String::new()
            }
        ));
        if let Some(c) = r.coverage {
            out.push_str(&format!("Coverage: {}.\n", c.line()));
        }
    }
    out
}

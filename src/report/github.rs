//! `--format github`: workflow commands that annotate the pull request.
//! At most `MAX_PER_LEVEL` per level (GitHub shows no more per step), most
//! severe first; when some are left out, one notice (counted within the
//! notice cap) says how many, and the job summary lists them all.

use super::Report;
use crate::finding::{Finding, Severity};

/// GitHub's limit of annotations per level and step.
pub const MAX_PER_LEVEL: usize = 10;

/// Escape a message (`%`, `\r`, `\n`).
pub fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escape a property value (also `:` and `,`).
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

fn command(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    }
}

fn line(f: &Finding) -> String {
    let mut msg = f.message.clone();
    if !f.consumers.is_empty() {
        msg.push_str(&format!(
            "\nConsumers to notify: {}",
            f.consumers.join(", ")
        ));
    }
    if let Some(h) = &f.help {
        msg.push_str(&format!("\n{h}"));
    }
    if let Some(also) = crate::text::related_line(f) {
        msg.push_str(&format!("\n{also}"));
    }
    format!(
        "::{} file={},line={},col={},title={}::{}\n",
        command(f.severity),
        escape_property(&f.file),
        f.line,
        f.column,
        escape_property(&format!(
            "{} ({})",
            f.rule,
            f.event.as_deref().unwrap_or("workspace")
        )),
        escape_data(&msg)
    )
}

pub fn render(r: &Report<'_>) -> String {
    let mut out = String::new();
    let levels: Vec<Vec<&Finding>> = [Severity::Error, Severity::Warning, Severity::Info]
        .into_iter()
        .map(|sev| super::active(r).filter(|f| f.severity == sev).collect())
        .collect();
    let over = |n: usize, cap: usize| n.saturating_sub(cap);
    let mut left: usize = levels[..2]
        .iter()
        .map(|l| over(l.len(), MAX_PER_LEVEL))
        .sum();
    // The "more findings" line is itself a notice: it takes one notice slot.
    let notice_cap = if left > 0 || levels[2].len() > MAX_PER_LEVEL {
        MAX_PER_LEVEL - 1
    } else {
        MAX_PER_LEVEL
    };
    left += over(levels[2].len(), notice_cap);
    for (i, of_level) in levels.iter().enumerate() {
        let cap = if i == 2 { notice_cap } else { MAX_PER_LEVEL };
        for f in of_level.iter().take(cap) {
            out.push_str(&line(f));
        }
    }
    if left > 0 {
        out.push_str(&format!(
            "::notice title=contract::{}\n",
            escape_data(&format!(
                "{left} more finding(s) not annotated (GitHub shows {MAX_PER_LEVEL} per level); the job summary and `contract check` list them all"
            ))
        ));
    }
    let s = &r.summary;
    out.push_str(&format!(
        "contract: {} error(s), {} warning(s), {} info in {} contract(s), {} changed\n",
        s.error, s.warning, s.info, s.contracts, s.changed
    ));
    out
}

/// Append the markdown report to `$GITHUB_STEP_SUMMARY`; a warning line on
/// failure (the check's result stands).
pub fn append_step_summary(path: &std::path::Path, markdown: &str) -> String {
    use std::io::Write;
    let written = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .and_then(|mut f| f.write_all(markdown.as_bytes()));
    match written {
        Ok(()) => String::new(),
        Err(e) => format!(
            "warning: could not append to $GITHUB_STEP_SUMMARY ({}): {e}\n",
            path.display()
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_follows_the_workflow_command_rules() {
        assert_eq!(escape_data("100% done\r\nnext"), "100%25 done%0D%0Anext");
        assert_eq!(escape_property("a:b,c%"), "a%3Ab%2Cc%25");
    }
}

//! Configuration applied to findings: severity overrides from the
//! manifest's `rules:`, waivers from `ignore:` (with `unused-waiver` for the
//! stale ones), and the final deterministic order.

use crate::finding::{self, Finding, Severity};
use crate::model::manifest::Manifest;
use crate::rules::{finding_at, validity::unused_waiver};
use crate::workspace::LoadedFile;

/// Apply `rules:` overrides: a new severity, or `off` to drop the finding.
pub fn apply_severities(manifest: &Manifest, findings: &mut Vec<Finding>) {
    // A change kind's own setting comes first, then its rule's.
    let setting = |f: &Finding| {
        f.change
            .as_ref()
            .and_then(|c| manifest.rules.get(&c.kind))
            .or_else(|| manifest.rules.get(&f.rule))
            .map(String::as_str)
    };
    findings.retain_mut(|f| match setting(f) {
        Some("off") => false,
        Some(s) => {
            if let Some(sev) = Severity::parse(s) {
                f.severity = sev;
            }
            true
        }
        None => true,
    });
}

/// Mark waived findings and report unused or expired waivers.
pub fn apply_waivers(
    manifest: &Manifest,
    manifest_file: Option<&LoadedFile>,
    today: time::Date,
    findings: &mut Vec<Finding>,
) {
    let mut extra = Vec::new();
    for (i, w) in manifest.ignore.iter().enumerate() {
        let until = w.until.as_deref().map(unused_waiver::parse_date);
        let expired = until.flatten().is_some_and(|d| d < today);
        // An `until` that is no date (2020-02-30) makes the waiver invalid
        // (`invalid-manifest`): it waives nothing rather than forever.
        let invalid = matches!(until, Some(None));
        let mut used = false;
        if !expired && !invalid {
            for f in findings.iter_mut() {
                let matches = f.rule == w.rule
                    && w.event
                        .as_deref()
                        .is_none_or(|e| f.event.as_deref() == Some(e))
                    && w.pointer.as_deref().is_none_or(|p| f.pointer == p)
                    && w.fingerprint.as_deref().is_none_or(|p| f.fingerprint == p);
                if matches && f.waived.is_none() {
                    f.waived = Some(w.reason.clone());
                    f.waived_until = w.until.clone();
                    used = true;
                }
            }
        }
        if let Some(file) = manifest_file {
            let what = format!(
                "`{}`{}",
                w.rule,
                w.event
                    .as_deref()
                    .map(|e| format!(" on `{e}`"))
                    .unwrap_or_default()
            );
            if expired {
                extra.push(finding_at(
                    &unused_waiver::META,
                    file,
                    &format!("/ignore/{i}/until"),
                    w.event.as_deref(),
                    format!(
                        "the waiver for {what} expired on {}; its findings are reported again",
                        w.until.as_deref().unwrap_or_default()
                    ),
                ));
            } else if !used && !invalid {
                extra.push(finding_at(
                    &unused_waiver::META,
                    file,
                    &format!("/ignore/{i}"),
                    w.event.as_deref(),
                    format!("the waiver for {what} matched no finding; delete it"),
                ));
            }
        }
    }
    apply_severities(manifest, &mut extra);
    findings.extend(extra);
}

/// Overrides, waivers, sorting: everything between the rules and the reporters.
pub fn finish(
    manifest: &Manifest,
    manifest_file: Option<&LoadedFile>,
    mut findings: Vec<Finding>,
) -> Vec<Finding> {
    apply_severities(manifest, &mut findings);
    apply_waivers(
        manifest,
        manifest_file,
        unused_waiver::today(),
        &mut findings,
    );
    finding::sort(&mut findings);
    findings
}

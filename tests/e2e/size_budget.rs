//! The first-load budgets, over the built `dist/` (deterministic: sizes, not times).
//!
//! For each part's page it adds up the gzip size (level 9) of the page itself and of every HTML,
//! JS, WASM and CSS file the page references — its stylesheet, start-up script and module, and the
//! JS files those scripts import — which is what a phone downloads before that page works. It
//! prints every part's figure and fails when an entry is over its budget.
//!
//! The budgets are the aims (`../shared/design.md`, "Loading"): 120 KB for sign-in and 250 KB for
//! the patient's core (Today). The core met its aim once each part routed its own screens without
//! `leptos_router` (238.5 KB; 286.9 KB before, 358 KB before the first size work: BENCHMARKS.md).
//! A second-stage module is fetched by the code, not the page, so it is not part of the first load.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};

use evenkeel_domain::parts::Part;
use flate2::Compression;
use flate2::write::GzEncoder;

const KB: usize = 1000;

fn budget(part: Part) -> Option<usize> {
    match part {
        Part::SignIn => Some(120 * KB),
        Part::Patient => Some(250 * KB),
        _ => None,
    }
}

#[test]
fn each_entry_page_fits_its_first_load_budget() {
    let dist = evenkeel_tests::workspace_root().join("dist");
    assert!(dist.join("index.html").is_file(), "build the app first (scripts/build-app.sh)");
    let mut over = Vec::new();
    for part in Part::ALL {
        let files = first_load(&dist, part.page());
        let total: usize = files.iter().map(|f| gzip_len(&dist.join(&f[1..]))).sum();
        let limit = budget(part)
            .map_or_else(|| "no budget: loaded when first needed".to_owned(), |b| format!("budget {} KB", b / KB));
        println!("{:<11} {:>6.1} KB gzip in {} files ({limit})", part.name(), total as f64 / KB as f64, files.len());
        if budget(part).is_some_and(|b| total > b) {
            over.push(format!("{} is {:.1} KB gzip: {files:?}", part.name(), total as f64 / KB as f64));
        }
    }
    assert!(over.is_empty(), "over budget: {over:#?}");
}

#[test]
fn the_sign_in_page_loads_no_webassembly() {
    let dist = evenkeel_tests::workspace_root().join("dist");
    let files = first_load(&dist, Part::SignIn.page());
    assert!(files.iter().all(|f| !f.ends_with(".wasm")), "{files:?}");
    assert!(files.iter().any(|f| f.ends_with(".js")), "the form's script: {files:?}");
}

#[test]
fn a_patient_part_never_loads_another_parts_code() {
    // The patient core must not pull Patterns' (or anyone's) module in with it.
    let dist = evenkeel_tests::workspace_root().join("dist");
    let files = first_load(&dist, Part::Patient.page());
    let wasm: Vec<_> = files.iter().filter(|f| f.ends_with(".wasm")).collect();
    assert_eq!(wasm.len(), 1, "{files:?}");
    assert!(wasm[0].starts_with("/patient-"), "{files:?}");
}

/// Relax's styles (`public/relax.css`) come with Relax's page only: Today loads the one shared
/// stylesheet.
#[test]
fn a_parts_own_styles_load_with_that_part_only() {
    let dist = evenkeel_tests::workspace_root().join("dist");
    let css = |page: &str| first_load(&dist, page).into_iter().filter(|f| f.ends_with(".css")).collect::<Vec<_>>();
    let today = css(Part::Patient.page());
    assert_eq!(today.len(), 1, "Today loads the shared stylesheet only: {today:?}");
    let relax = css(Part::Relax.page());
    assert!(relax.len() == 2 && relax.iter().any(|f| f.starts_with("/relax-style-")), "{relax:?}");
}

/// The page and every file it needs before it works, as paths from the site root.
fn first_load(dist: &Path, page: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::from([page.to_owned()]);
    let mut queue = vec![page.to_owned()];
    while let Some(path) = queue.pop() {
        let text = std::fs::read_to_string(dist.join(&path[1..])).unwrap_or_else(|e| panic!("{path}: {e}"));
        for reference in references(&text) {
            let resolved = resolve(&path, &reference);
            let wanted = [".js", ".wasm", ".css", ".html"].iter().any(|ext| resolved.ends_with(ext));
            if wanted && found.insert(resolved.clone()) && !resolved.ends_with(".wasm") {
                queue.push(resolved);
            }
        }
    }
    found
}

/// What a file makes the browser load: in HTML the `href`/`src` attributes and the start-up
/// script's module (`module_or_path:"…"`); in HTML and JS the static imports (`from "…"`).
/// Strings that merely look like paths (the service worker's manifest, an import's key) are not
/// loads, and neither is the service worker, which installs after the page works.
fn references(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for marker in ["href=", "src=", "from", "module_or_path:"] {
        for piece in text.split(marker).skip(1) {
            let piece = piece.trim_start();
            let Some(quote) = piece.chars().next().filter(|c| *c == '"' || *c == '\'') else { continue };
            let Some(value) = piece[1..].split(quote).next() else { continue };
            let is_path = value.starts_with('/') || value.starts_with("./") || value.starts_with("../");
            if is_path && !value.starts_with("//") && value != "/sw.js" {
                out.push(value.to_owned());
            }
        }
    }
    out
}

fn resolve(from: &str, reference: &str) -> String {
    if reference.starts_with('/') {
        return reference.split(['?', '#']).next().unwrap_or(reference).to_owned();
    }
    let mut dir: Vec<&str> = from.split('/').filter(|s| !s.is_empty()).collect();
    dir.pop();
    for segment in reference.split('/') {
        match segment {
            "." | "" => {}
            ".." => {
                dir.pop();
            }
            other => dir.push(other),
        }
    }
    format!("/{}", dir.join("/"))
}

fn gzip_len(path: &PathBuf) -> usize {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{} is referenced but missing: {e}", path.display()));
    let mut encoder = GzEncoder::new(Vec::new(), Compression::best());
    encoder.write_all(&bytes).expect("gzip in memory");
    encoder.finish().expect("gzip in memory").len()
}

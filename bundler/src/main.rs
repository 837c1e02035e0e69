//! `evenkeel-bundler [--dist DIR] [--features F]`: builds the phone app into `dist/`.
//!
//! The app is several parts (see `evenkeel_domain::parts`), so a phone downloads only what the
//! screen in front of it needs. This tool replaces Trunk, which builds one WebAssembly file per
//! page and would need one run (and one 7–23 minute install) for each:
//!
//! 1. one `cargo build` of every part's binary (`app/src/bin/*.rs`) for wasm32, size-optimised;
//! 2. per part, `wasm-bindgen --target web` and `wasm-opt -Oz`, then content-hashed file names;
//! 3. one HTML page per part from `app/html/page.html`, with what shows before the code runs — the
//!    part's placeholder blocks (`app/html/<part>.html`) in the app's frame, or for sign-in the
//!    form itself — and its start-up script;
//! 4. `sw.js` with the build's manifest written at its top (which files make up each part, and
//!    which paths each part answers), and `parts.json` with the same for tests and tools.
//!
//! It writes into a fresh folder beside `dist/` and swaps it in at the end, so a failed build never
//! leaves half a `dist/`.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, bail};
use evenkeel_domain::parts::{Part, ROUTES};
use serde::Serialize;
use sha2::{Digest, Sha256};

mod split;

const PROFILE: &str = "wasm-release";
const TARGET: &str = "wasm32-unknown-unknown";
/// npm's binaryen, installed by scripts/install-tools.sh. Never Debian's (version 108): its output
/// validates but the page stays blank.
const WASM_OPT: &str = "tools/node_modules/.bin/wasm-opt";

struct Args {
    dist: PathBuf,
    features: Option<String>,
}

fn parse_args() -> Result<Args> {
    let mut args = Args { dist: PathBuf::from("dist"), features: None };
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--dist" => args.dist = it.next().context("--dist needs a folder")?.into(),
            "--features" => args.features = Some(it.next().context("--features needs a list")?),
            other => bail!("unknown argument {other:?}; usage: evenkeel-bundler [--dist DIR] [--features F]"),
        }
    }
    Ok(args)
}

/// What `sw.js` and `parts.json` are told about this build.
#[derive(Serialize)]
struct Manifest {
    build: String,
    /// Files every part needs (stylesheet, icons, web manifest).
    shared: Vec<String>,
    parts: BTreeMap<&'static str, PartFiles>,
    /// Path prefixes and the part that answers them; anything else is `patient`.
    routes: Vec<(&'static str, &'static str)>,
    default_part: &'static str,
}

#[derive(Serialize)]
struct PartFiles {
    page: &'static str,
    files: Vec<String>,
    /// Those of `files` the part's code fetches after its page works (second-stage modules): kept
    /// by the service worker, not part of the first load.
    later: Vec<String>,
}

fn main() -> Result<()> {
    let args = parse_args()?;
    let root = workspace_root()?;
    std::env::set_current_dir(&root)?;

    cargo_build(args.features.as_deref())?;

    let out = args.dist.with_extension("new");
    if out.exists() {
        fs::remove_dir_all(&out)?;
    }
    fs::create_dir_all(&out)?;
    let work = root.join("target/bundler");
    if work.exists() {
        fs::remove_dir_all(&work)?;
    }

    let css = emit_hashed(&out, "app", "css", &fs::read("public/app.css")?)?;
    let mut shared = vec![css.clone(), "/manifest.webmanifest".to_owned()];
    copy_dir(Path::new("public/icons"), &out.join("icons"))?;
    let mut icons = Vec::new();
    for entry in fs::read_dir("public/icons")? {
        icons.push(format!("/icons/{}", entry?.file_name().to_string_lossy()));
    }
    icons.sort();
    shared.extend(icons);
    for file in ["manifest.webmanifest", "robots.txt"] {
        fs::copy(Path::new("public").join(file), out.join(file))?;
    }

    let mut emitted = Vec::new();
    for part in Part::ALL {
        let mut files = if part.is_wasm() { wasm_part(part, &work, &out)? } else { sign_in_page(&out)? };
        // A part's own styles (`public/<part>.css`, then any shared with other parts), loaded by
        // its page only, so one part's screens add nothing to what another part's first load
        // fetches.
        let mut own_css = Vec::new();
        let shared = SHARED_STYLES.iter().filter(|(_, parts)| parts.contains(&part)).map(|(name, _)| *name);
        for name in std::iter::once(part.name()).chain(shared) {
            let path = Path::new("public").join(format!("{name}.css"));
            if path.exists() {
                own_css.extend(fs::read(&path)?);
            }
        }
        if !own_css.is_empty() {
            files.css = Some(emit_hashed(&out, &format!("{}-style", part.name()), "css", &own_css)?);
        }
        // What the page shows before its code runs: the sign-in form itself, or a part's placeholder.
        let source = fs::read_to_string(format!("app/html/{}.html", part.name()))
            .with_context(|| format!("every part needs app/html/{}.html", part.name()))?;
        emitted.push((part, files, source));
    }
    let template = fs::read_to_string("app/html/page.html")?;
    // The frame the app draws (the markup of components/top_bar.rs and bottom_nav.rs), written once
    // for every placeholder and the sign-in page.
    let top_bar = fs::read_to_string("app/html/top-bar.html")?;
    let bottom_nav = fs::read_to_string("app/html/bottom-nav.html")?;
    let session_check = fs::read_to_string("app/html/session-check.html")?;
    let worker = fs::read_to_string("public/sw.js")?;

    let render = |part: Part, files: &PageFiles, source: &str, build: &str| {
        let placeholder = if part.is_wasm() { placeholder_frame(source) } else { source.to_owned() }
            .replace("{{top_bar}}", top_bar.trim_end())
            .replace("{{bottom_nav}}", bottom_nav.trim_end());
        // Every part with code checks the session; the sign-in page has none to check.
        let session_check = if part.is_wasm() { session_check.trim_end() } else { "" };
        page(&template, build, &css, files, &placeholder).replace("{{session_check}}", session_check)
    };

    // One id for the whole build, from everything a phone gets: the hashed files' names, the pages
    // as written (less the id itself, so a change in how the bundler writes them is a new build
    // too) and the service worker's source. Each page carries it (so the app can tell it was
    // updated) and the service worker's cache is named after it (so a new page is never mixed into
    // an old cache).
    let mut build = Sha256::new();
    emitted.iter().flat_map(|(_, files, _)| files.all()).chain(shared.iter().cloned()).for_each(|f| build.update(f));
    for (part, files, source) in &emitted {
        build.update(render(*part, files, source, ""));
    }
    build.update(&worker);
    let build = hex(&build.finalize())[..16].to_owned();
    let mut parts = BTreeMap::new();
    for (part, files, source) in &emitted {
        fs::write(out.join(part.page().trim_start_matches('/')), render(*part, files, source, &build))?;
        parts.insert(part.name(), PartFiles { page: part.page(), files: files.all(), later: files.later.clone() });
    }

    let manifest = Manifest {
        build,
        shared,
        parts,
        routes: ROUTES.iter().map(|&(prefix, part)| (prefix, part.name())).collect(),
        default_part: Part::for_path("/").name(),
    };
    let json = serde_json::to_string_pretty(&manifest)?;
    fs::write(out.join("parts.json"), &json)?;
    // Before the service worker is written: it keeps its name from build to build, so it is
    // always sent as it is now, never from a copy.
    precompress(&out)?;
    let worker = fs::read_to_string("public/sw.js")?;
    fs::write(
        out.join("sw.js"),
        format!("// Written by evenkeel-bundler: this build's parts.\nconst MANIFEST = {json};\n\n{worker}"),
    )?;

    if args.dist.exists() {
        fs::remove_dir_all(&args.dist)?;
    }
    fs::rename(&out, &args.dist)?;
    println!("==> built {} (build {})", args.dist.display(), manifest.build);
    Ok(())
}

/// The files a page loads: its script (and for WebAssembly parts the module and the JS snippets
/// the module imports).
struct PageFiles {
    script: String,
    wasm: Option<String>,
    snippets: Vec<String>,
    /// Second-stage modules: fetched by the part's code when first needed, not by the page (the
    /// service worker keeps them with the rest of the part).
    later: Vec<String>,
    /// The part's own stylesheet, after the shared one.
    css: Option<String>,
}

impl PageFiles {
    fn all(&self) -> Vec<String> {
        let mut all = vec![self.script.clone()];
        all.extend(self.wasm.clone());
        all.extend(self.snippets.iter().cloned());
        all.extend(self.later.iter().cloned());
        all.extend(self.css.clone());
        all
    }
}

fn page(template: &str, build: &str, css: &str, files: &PageFiles, placeholder: &str) -> String {
    let (preload, start) = match &files.wasm {
        Some(wasm) => (
            format!(
                "<link rel=\"modulepreload\" href=\"{js}\">\n    \
                 <link rel=\"preload\" href=\"{wasm}\" as=\"fetch\" type=\"application/wasm\" crossorigin>",
                js = files.script
            ),
            format!(
                "<script type=\"module\">import start from \"{js}\";start({{module_or_path:\"{wasm}\"}});</script>",
                js = files.script
            ),
        ),
        None => (String::new(), format!("<script type=\"module\" src=\"{}\"></script>", files.script)),
    };
    let preload = match &files.css {
        Some(own) => format!("<link rel=\"stylesheet\" href=\"{own}\">\n    {preload}"),
        None => preload,
    };
    template
        .replace("{{build}}", build)
        .replace("{{css}}", css)
        .replace("{{preload}}", &preload)
        .replace("{{placeholder}}", placeholder.trim_end())
        .replace("{{start}}", &start)
}

/// A part's placeholder: its blocks (`app/html/<part>.html`) inside the frame the app will draw,
/// with the patient's navigation under them where the file ends with `{{bottom_nav}}`.
fn placeholder_frame(blocks: &str) -> String {
    let (blocks, nav) = match blocks.split_once("{{bottom_nav}}") {
        Some((blocks, _)) => (blocks, "    {{bottom_nav}}\n"),
        None => (blocks, ""),
    };
    format!(
        "    <!-- Shown until the part's code runs (it removes #placeholder): the calm shape of the screen. -->\n    \
         <div id=\"placeholder\" class=\"shell placeholder\" aria-busy=\"true\">\n    {{{{top_bar}}}}\n    \
         <main class=\"page\"><p class=\"visually-hidden\">Opening Even Keel…</p>\n{blocks}    </main>\n{nav}    </div>"
    )
}

fn wasm_part(part: Part, work: &Path, out: &Path) -> Result<PageFiles> {
    let name = part.name();
    let dir = work.join(name);
    let input = PathBuf::from(format!("target/{TARGET}/{PROFILE}/{name}.wasm"));
    let split = split::cut(&input, &dir.join("split"))?;
    let mut bindgen = Command::new("wasm-bindgen");
    bindgen.args(["--target", "web", "--no-typescript", "--out-name", name]);
    if split.is_some() {
        // The chunks take the first module's function table by its linker name.
        bindgen.arg("--keep-lld-exports");
    }
    run(bindgen.arg("--out-dir").arg(&dir).arg(split.as_ref().map_or(&input, |s| &s.main)))?;
    let bindgen = dir.join(format!("{name}_bg.wasm"));
    let optimised = dir.join(format!("{name}.opt.wasm"));
    run(Command::new(WASM_OPT).arg("-Oz").arg(&bindgen).arg("-o").arg(&optimised))?;

    let mut js = fs::read_to_string(dir.join(format!("{name}.js")))?;
    let wasm = fs::read(&optimised)?;
    let mut chunks = Vec::new();
    for chunk in split.iter().flat_map(|s| &s.chunks) {
        let optimised = chunk.with_extension("opt.wasm");
        run(Command::new(WASM_OPT).arg("-Oz").arg(chunk).arg("-o").arg(&optimised))?;
        chunks.push((split::Split::stem(chunk)?, fs::read(&optimised)?));
    }
    let mut hashed: Vec<&[u8]> = vec![js.as_bytes(), &wasm];
    hashed.extend(chunks.iter().map(|(_, bytes)| bytes.as_slice()));
    let hash = short_hash(&hashed);
    let script = format!("/{name}-{hash}.js");
    let wasm_file = format!("/{name}-{hash}_bg.wasm");

    // A second stage: the loader and the chunks get hashed names, and the glue imports the loader.
    let mut later = Vec::new();
    let mut snippets = Vec::new();
    if let Some(split) = &split {
        let mut renamed = Vec::new();
        for (stem, bytes) in &chunks {
            let file = format!("/{name}-{}-{hash}.wasm", stem.replace(['-', '.'], "_"));
            fs::write(out.join(&file[1..]), bytes)?;
            renamed.push((stem.clone(), file.clone()));
            later.push(file);
        }
        let loader = format!("/{name}-split-{hash}.js");
        fs::write(out.join(&loader[1..]), split.loader(&script, &renamed)?)?;
        js = split::glue_importing(&js, &loader)?;
        snippets.push(loader);
    }
    fs::write(out.join(&script[1..]), &js)?;
    fs::write(out.join(&wasm_file[1..]), &wasm)?;

    // wasm-bindgen puts `#[wasm_bindgen(module = …)]` files under snippets/; the glue imports them
    // relative to itself, so they sit beside it in dist/ (the same for every part).
    let from = dir.join("snippets");
    if from.is_dir() {
        for file in files_under(&from)? {
            let rel = file.strip_prefix(&dir)?.to_string_lossy().replace('\\', "/");
            let to = out.join(&rel);
            fs::create_dir_all(to.parent().context("a snippet has a folder")?)?;
            fs::copy(&file, &to)?;
            snippets.push(format!("/{rel}"));
        }
    }
    snippets.sort();
    Ok(PageFiles { script, wasm: Some(wasm_file), snippets, later, css: None })
}

/// The sign-in page: static HTML and one small script, no WebAssembly.
fn sign_in_page(out: &Path) -> Result<PageFiles> {
    let script = emit_hashed(out, "signin", "js", &fs::read("app/html/signin.js")?)?;
    Ok(PageFiles { script, wasm: None, snippets: Vec::new(), later: Vec::new(), css: None })
}

/// Writes `name-<hash>.ext` and returns its path from the site root.
fn emit_hashed(out: &Path, name: &str, ext: &str, bytes: &[u8]) -> Result<String> {
    let file = format!("{name}-{}.{ext}", short_hash(&[bytes]));
    fs::write(out.join(&file), bytes)?;
    Ok(format!("/{file}"))
}

/// Writes `<file>.br` beside each script, module and stylesheet, compressed once at brotli's best
/// (quality 11): the server sends it to a browser that takes brotli, where compressing on the fly
/// at a speed fit for every request (quality 3) sends a fifth more of the same WebAssembly.
fn precompress(out: &Path) -> Result<()> {
    for entry in fs::read_dir(out)? {
        let path = entry?.path();
        if !path.extension().is_some_and(|e| e == "wasm" || e == "js" || e == "css") {
            continue;
        }
        let bytes = fs::read(&path)?;
        let mut compressed = Vec::new();
        let params = brotli::enc::BrotliEncoderParams { quality: 11, lgwin: 24, ..Default::default() };
        brotli::BrotliCompress(&mut bytes.as_slice(), &mut compressed, &params)?;
        let mut name = path.into_os_string();
        name.push(".br");
        fs::write(name, compressed)?;
    }
    Ok(())
}

/// 16 hex digits of SHA-256: what the server recognises as a never-changing file name.
fn short_hash(parts: &[&[u8]]) -> String {
    let mut hasher = Sha256::new();
    parts.iter().for_each(|p| hasher.update(p));
    hex(&hasher.finalize())[..16].to_owned()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Stylesheets in `public/` that several parts (never the patient's core) share, appended to each
/// one's own styles: the goal cards are on My plan and on a carer's or worker's patient page.
const SHARED_STYLES: &[(&str, &[Part])] =
    &[("goals", &[Part::Plan, Part::Supporters]), ("medicine", &[Part::Plan, Part::Supporters, Part::Patterns])];

/// Compiler settings that only shrink what a phone downloads (measured in BENCHMARKS.md: about
/// 8 % of every part's gzip size). They are unstable options of our pinned stable compiler, so the
/// build sets `RUSTC_BOOTSTRAP=1` for this one `cargo build`; the server and the tests never see it.
/// - `build-std` with `panic=immediate-abort`: the standard library is built for the app, and a
///   panic stops the module at once instead of formatting a message (the app never shows one);
/// - `location-detail=none`: no source file names and line numbers kept for panics;
/// - `fmt-debug=none`: `{:?}` writes nothing, so no `Debug` code ships (the app never shows it).
const SIZE_RUSTFLAGS: &str = r#"target.wasm32-unknown-unknown.rustflags = ["-Zlocation-detail=none", "-Zfmt-debug=none", "-Zunstable-options", "-Cpanic=immediate-abort"]"#;

fn cargo_build(features: Option<&str>) -> Result<()> {
    println!("==> cargo build of the app's parts ({TARGET}, profile {PROFILE})");
    let mut cargo = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    cargo.args(["build", "-p", "evenkeel-app", "--bins", "--target", TARGET, "--profile", PROFILE]);
    cargo.args(["-Zbuild-std=std,panic_abort"]).env("RUSTC_BOOTSTRAP", "1");
    // Added after the `[target.wasm32-unknown-unknown] rustflags` of .cargo/config.toml (cargo joins
    // arrays from `--config` to those of the config files).
    cargo.args(["--config", SIZE_RUSTFLAGS]);
    if let Some(features) = features {
        cargo.args(["--features", features]);
    }
    run(&mut cargo)
}

fn run(command: &mut Command) -> Result<()> {
    let status =
        command.status().with_context(|| format!("cannot start {command:?} (scripts/install-tools.sh installs it)"))?;
    if !status.success() {
        bail!("{command:?} failed: {status}");
    }
    Ok(())
}

fn workspace_root() -> Result<PathBuf> {
    let here = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    Ok(here.parent().context("the bundler sits in the workspace")?.to_path_buf())
}

fn files_under(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut found = Vec::new();
    for entry in fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            found.extend(files_under(&path)?);
        } else {
            found.push(path);
        }
    }
    Ok(found)
}

fn copy_dir(from: &Path, to: &Path) -> Result<()> {
    fs::create_dir_all(to)?;
    for file in files_under(from)? {
        let target = to.join(file.strip_prefix(from)?);
        fs::create_dir_all(target.parent().context("a file has a folder")?)?;
        fs::copy(&file, &target)?;
    }
    Ok(())
}

//! Second-stage modules: a part's WebAssembly cut at its `#[wasm_split]` points into a first module
//! and chunks fetched when first needed, with `wasm_split_cli_support` (the tool behind
//! `cargo leptos --split`). It works on the module as linked (with `--emit-relocs`, so it can tell
//! which code and data each split point alone reaches), before wasm-bindgen; the chunks share the
//! first module's memory and function table, so they share its state too.
//!
//! The tool writes a small loader script that the first module imports; the bundler then gives the
//! loader and every chunk a content-hashed name, as it does every other file.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, anyhow, bail};
use wasm_split_cli_support::{Options, transform};

/// The module name under which the first module imports its loaders (the loader's file name in
/// the tool's output folder), and wasm-bindgen's glue imports the loader script.
const LINK: &str = "./__wasm_split.js";
/// Where the loader imports the glue from (for the first module's memory and table): replaced by
/// the glue's hashed name once it is known.
const GLUE: &str = "./__evenkeel_glue__.js";

/// A part cut at its split points.
pub struct Split {
    /// The first module, for wasm-bindgen.
    pub main: PathBuf,
    /// The loader script and the chunks, as the tool named them.
    loader: PathBuf,
    pub chunks: Vec<PathBuf>,
}

/// Cuts `input` at its split points into `dir`, or says None when the part has none.
pub fn cut(input: &Path, dir: &Path) -> Result<Option<Split>> {
    let wasm = fs::read(input)?;
    if !wasm.windows(15).any(|w| w == b"__wasm_split_00") {
        return Ok(None);
    }
    fs::create_dir_all(dir)?;
    let main = dir.join("main.wasm");
    let mut options = Options::new(&wasm);
    options.output_dir = dir;
    options.main_out_path = &main;
    options.link_name = LINK;
    options.main_module = GLUE;
    let out = transform(options).map_err(|e| anyhow!("wasm-split of {}: {e:?}", input.display()))?;
    let mut chunks = out.split_modules;
    chunks.sort();
    Ok(Some(Split { main, loader: dir.join(LINK), chunks }))
}

impl Split {
    /// The file stem a chunk had from the tool.
    pub fn stem(chunk: &Path) -> Result<String> {
        Ok(chunk.file_stem().context("a chunk has a name")?.to_string_lossy().into_owned())
    }

    /// The loader script, pointing at the glue's and the chunks' final names (`renamed`: each
    /// chunk's stem from the tool and its name in `dist/`).
    pub fn loader(&self, glue: &str, renamed: &[(String, String)]) -> Result<String> {
        let mut js = fs::read_to_string(&self.loader)?;
        js = replace_once(&js, &format!("\"{GLUE}\""), &format!("\".{glue}\""))?;
        for (stem, name) in renamed {
            js = replace_once(&js, &format!("\"./{stem}.wasm\""), &format!("\".{name}\""))?;
        }
        Ok(js)
    }
}

/// Points wasm-bindgen's glue at the loader's final name (its imports object keeps the module name
/// the first module asks for, so only the `import` line changes).
pub fn glue_importing(glue: &str, loader: &str) -> Result<String> {
    let single = format!("from '{LINK}'");
    let double = format!("from \"{LINK}\"");
    let quote = if glue.contains(&single) { single } else { double };
    replace_once(glue, &quote, &format!("from \".{loader}\""))
}

fn replace_once(text: &str, from: &str, to: &str) -> Result<String> {
    match text.matches(from).count() {
        1 => Ok(text.replacen(from, to, 1)),
        n => bail!("expected {from:?} once in the split loader or glue, found it {n} times"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_glue_imports_the_loader_by_its_hashed_name_and_keeps_the_module_name_its_wasm_asks_for() {
        let glue =
            "import * as import4 from \"./__wasm_split.js\"\nconst imports = { \"./__wasm_split.js\": import4 };";
        let out = glue_importing(glue, "/patient-split-0123456789abcdef.js").expect("one import");
        assert_eq!(
            out,
            "import * as import4 from \"./patient-split-0123456789abcdef.js\"\nconst imports = { \"./__wasm_split.js\": import4 };"
        );
        let single =
            glue_importing("import * as a from './__wasm_split.js';", "/x-split-0123456789abcdef.js").expect("one");
        assert_eq!(single, "import * as a from \"./x-split-0123456789abcdef.js\";");
    }

    #[test]
    fn a_glue_without_the_import_is_an_error_not_a_silent_skip() {
        assert!(glue_importing("import * as a from './other.js';", "/x.js").is_err());
    }
}

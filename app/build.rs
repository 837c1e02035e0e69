//! The patient part is linked with its relocations kept (`--emit-relocs`): the bundler's
//! wasm-split step reads them to tell which code and data each split point alone reaches. Only
//! that part has a split point; the others would carry the relocations to wasm-opt, which keeps
//! them (three times the size). Set here, for that binary only, so no library's build is
//! invalidated by a changed flag.
fn main() {
    if std::env::var("CARGO_CFG_TARGET_ARCH").as_deref() == Ok("wasm32") {
        println!("cargo:rustc-link-arg-bin=patient=--emit-relocs");
    }
}

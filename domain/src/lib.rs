//! Even Keel's shared crate: the API contract (request and response types, error codes) and the pure
//! logic both the phone app and the server need. No I/O lives here, so everything is unit-testable
//! and compiles to wasm32 as well as native.

pub mod account;
pub mod api;
pub mod error;

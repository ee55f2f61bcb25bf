//! The part of `cargo xtask` that other targets use: writing a render's tree ([`write`]), a library so that
//! its benchmark (`cargo bench -p xtask`) runs the very code a render runs.
#![deny(missing_docs)]

pub mod write;

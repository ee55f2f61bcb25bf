//! farm-model's integration tests: one bad plan per rule, random plans and their corruptions, allocation,
//! pinning, and TOML and JSON agreeing.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code: a failure is a panic"
)]

mod allocation;
mod arrows;
mod catalogue;
mod common;
mod e2e;
mod errors;
mod hostile;
mod import;
mod ipv6;
mod meaning;
mod nodes;
mod properties;
mod render;
mod schema;

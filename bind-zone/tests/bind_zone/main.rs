//! bind-zone's integration tests: the reference farm's zones, BIND as the judge of random zones, named.conf,
//! and the property tests of every type.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code: a failure is a panic"
)]

mod common;
mod conf;
mod properties;
mod reference;

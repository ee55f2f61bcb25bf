//! shorewall's integration tests: the reference farm's firewall compiled by Shorewall, random rule sets,
//! and every refusal.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code: a failure is a panic"
)]

mod common;
mod properties;
mod reference;
mod refusals;

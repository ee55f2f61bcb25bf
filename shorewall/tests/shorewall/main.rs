//! shorewall's tests with the repository (out of the package): the reference farm's firewall compiled by
//! Shorewall, and random rule sets. The refusals are in tests/api/.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code: a failure is a panic"
)]

mod common;
mod properties;
mod reference;
mod six;

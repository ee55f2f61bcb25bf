//! netif's integration tests: the reference farm's interfaces and hosts, random files through ifupdown, and
//! every refusal.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code: a failure is a panic"
)]

mod properties;
mod reference;
mod refusals;

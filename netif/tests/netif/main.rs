//! netif's tests with the repository (out of the package): the reference farm's interfaces and hosts, and
//! random files through ifupdown. The tests of the types alone are in tests/api/.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code: a failure is a panic"
)]

mod properties;
mod reference;

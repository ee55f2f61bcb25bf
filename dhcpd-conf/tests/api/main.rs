//! dhcpd-conf's tests of its types alone (the names' round trips, every refusal): the tests its package carries.
//! Those that need the daemons' checkers or the repository's reference files are in tests/dhcpd_conf/.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code: a failure is a panic"
)]

mod properties;
mod refusals;

//! nginx-site's tests with the repository (out of the package): the reference site through `nginx -t`,
//! random and many servers, and a site served for real in front of a backend. The refusals are in
//! tests/api/.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code: a failure is a panic"
)]

mod properties;
mod reference;
mod tls;

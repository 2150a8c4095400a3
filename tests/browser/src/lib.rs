//! What the browser test needs around the browser: headless Chromium driven
//! through chromedriver ([`chrome`]), and a small shop that registers
//! orders with `bereke::Client` and verifies the gateway's callbacks
//! ([`shop`]). The journeys themselves are in `tests/journey.rs`.

pub mod chrome;
pub mod shop;

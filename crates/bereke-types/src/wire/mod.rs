//! How values travel: the leniency the spec declares per field, and objects
//! carried as JSON strings inside form fields.
//!
//! Generated models refer to these helpers in their serde and schemars
//! attributes; they are public for that reason, not as a user API.

pub mod json_string;
pub mod lenient;
#[cfg(feature = "schema")]
mod schema;

pub use lenient::{FromWire, WireKind};
#[cfg(feature = "schema")]
pub use schema::{open_enum_schema, EnumValue, JsonString, Lenient, OpenEnumSchema};

//! The setters of the generated models' optional fields: one macro call per
//! field (`setter!(order_number: String = "orderNumber")`) instead of the
//! same eight lines spelled out for every field of every model.

/// One setter of a generated model: `fn field(self, value: impl Into<T>)`
/// for an optional field, or, for a list (`list field: T = "wire"`),
/// `fn field(self, values: impl IntoIterator<Item = T>)`.
macro_rules! setter {
    (list $field:ident: $item:ty = $wire:literal) => {
        #[doc = concat!(" Sets `", $wire, "`.")]
        pub fn $field(mut self, values: impl ::std::iter::IntoIterator<Item = $item>) -> Self {
            self.$field = values.into_iter().collect();
            self
        }
    };
    ($field:ident: $ty:ty = $wire:literal) => {
        #[doc = concat!(" Sets `", $wire, "`.")]
        pub fn $field(mut self, value: impl ::std::convert::Into<$ty>) -> Self {
            self.$field = ::std::option::Option::Some(value.into());
            self
        }
    };
}

pub(crate) use setter;

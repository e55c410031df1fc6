pub use super::cake::Entity as Cake;
pub use super::filling::Entity as Filling;
pub use super::r#type::Entity as Type;

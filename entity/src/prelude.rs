//! The entities under their conventional aliases: `use entity::prelude::*;`.

pub use super::credit_transaction::{CreditTransactionKind, Entity as CreditTransaction};
pub use super::secret::Entity as Secret;
pub use super::subscription::{Entity as Subscription, SubscriptionPlan, SubscriptionStatus};
pub use super::user::Entity as User;

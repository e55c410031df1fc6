pub mod account;
pub mod employee;
pub mod order;
pub mod order_line;
pub mod profile;

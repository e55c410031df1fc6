//! [`Name`]: the model's strings. A crate of thousands of entities repeats a few thousand
//! distinct names (`Entity`, `Id`, `i64`, `Restrict`, `super::user::Entity`) hundreds of
//! thousands of times; while a parser thread runs inside [`sharing`], each is stored once
//! and shared.

use std::borrow::Borrow;
use std::cell::RefCell;
use std::collections::HashSet;
use std::fmt;
use std::ops::Deref;
use std::sync::Arc;

use serde::{Serialize, Serializer};

/// An immutable, cheaply cloned string. It reads like a `&str` (`Deref`, `Display`,
/// comparisons with `str`, `&str` and `String`) and serialises as one.
#[derive(Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Name(Arc<str>);

impl Name {
    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Deref for Name {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for Name {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl Borrow<str> for Name {
    fn borrow(&self) -> &str {
        &self.0
    }
}

thread_local! {
    /// The names seen on this thread inside [`sharing`]; `None` outside.
    static SEEN: RefCell<Option<HashSet<Name>>> = const { RefCell::new(None) };
}

/// Run `f` with names shared on this thread: equal texts made into [`Name`]s inside it
/// are one allocation. The set is dropped when `f` returns (the names live on).
pub(crate) fn sharing<R>(f: impl FnOnce() -> R) -> R {
    let outer = SEEN.with(|s| s.replace(Some(HashSet::new())));
    let r = f();
    SEEN.with(|s| s.replace(outer));
    r
}

impl Name {
    fn make<T: AsRef<str> + Into<Arc<str>>>(text: T) -> Name {
        SEEN.with(|seen| match seen.borrow_mut().as_mut() {
            Some(set) => match set.get(text.as_ref()) {
                Some(known) => known.clone(),
                None => {
                    let name = Name(text.into());
                    set.insert(name.clone());
                    name
                }
            },
            None => Name(text.into()),
        })
    }
}

impl From<&str> for Name {
    fn from(s: &str) -> Self {
        Name::make(s)
    }
}

impl From<String> for Name {
    fn from(s: String) -> Self {
        Name::make(s)
    }
}

impl From<&String> for Name {
    fn from(s: &String) -> Self {
        Name::from(s.as_str())
    }
}

impl PartialEq<str> for Name {
    fn eq(&self, other: &str) -> bool {
        &*self.0 == other
    }
}

impl PartialEq<&str> for Name {
    fn eq(&self, other: &&str) -> bool {
        &*self.0 == *other
    }
}

impl PartialEq<String> for Name {
    fn eq(&self, other: &String) -> bool {
        &*self.0 == other.as_str()
    }
}

impl PartialEq<Name> for str {
    fn eq(&self, other: &Name) -> bool {
        self == &*other.0
    }
}

impl PartialEq<Name> for &str {
    fn eq(&self, other: &Name) -> bool {
        *self == &*other.0
    }
}

impl PartialEq<Name> for String {
    fn eq(&self, other: &Name) -> bool {
        self.as_str() == &*other.0
    }
}

impl fmt::Display for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.0, f)
    }
}

impl Serialize for Name {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_read_like_strings_and_are_shared() {
        let a = Name::from("user_id");
        let owned = String::from("user_id");
        assert!(a == "user_id");
        assert!(*"user_id" == a);
        assert!(a == owned);
        assert!(owned == a);
        assert_eq!(a.to_string(), "user_id");
        assert_eq!(
            serde_json::to_string(&a).ok().as_deref(),
            Some("\"user_id\"")
        );
        let (x, y) = sharing(|| (Name::from("Entity"), Name::from(String::from("Entity"))));
        assert!(Arc::ptr_eq(&x.0, &y.0));
        let (x, y) = (Name::from("Entity"), Name::from("Entity"));
        assert!(
            !Arc::ptr_eq(&x.0, &y.0),
            "outside `sharing`, names are not kept"
        );
    }
}

//! [`Name`]: the model's strings. A crate of thousands of entities repeats a few thousand
//! distinct names (`Entity`, `Id`, `i64`, `Restrict`, `super::user::Entity`) hundreds of
//! thousands of times; each is stored once and shared.

use std::borrow::Borrow;
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

impl From<&str> for Name {
    fn from(s: &str) -> Self {
        Name(Arc::from(s))
    }
}

impl From<String> for Name {
    fn from(s: String) -> Self {
        Name(Arc::from(s))
    }
}

impl From<&String> for Name {
    fn from(s: &String) -> Self {
        Name(Arc::from(s.as_str()))
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

/// Shares equal names: [`Interner::share`] replaces a name with the copy seen first.
#[derive(Default)]
pub(crate) struct Interner {
    seen: HashSet<Name>,
}

impl Interner {
    /// Make `name` point at the one shared copy of its text.
    pub(crate) fn share(&mut self, name: &mut Name) {
        match self.seen.get(name.as_str()) {
            Some(first) => *name = first.clone(),
            None => {
                self.seen.insert(name.clone());
            }
        }
    }
}

/// Share every name a parsed file holds.
pub(crate) fn share_file(f: &mut super::items::ParsedFile, i: &mut Interner) {
    for e in &mut f.entities {
        i.share(&mut e.module);
        i.share(&mut e.table);
        if let Some(s) = &mut e.schema {
            i.share(s);
        }
        for c in &mut e.columns {
            for n in [
                &mut c.field,
                &mut c.variant,
                &mut c.column_name,
                &mut c.rust_type,
                &mut c.base_type,
            ] {
                i.share(n);
            }
            for n in [&mut c.unique_key, &mut c.column_type, &mut c.default]
                .into_iter()
                .flatten()
            {
                i.share(n);
            }
        }
        for r in &mut e.relations {
            i.share(&mut r.name);
            i.share(&mut r.target.path);
            r.from.iter_mut().chain(&mut r.to).for_each(|n| i.share(n));
            for n in [
                &mut r.on_delete,
                &mut r.on_update,
                &mut r.via_rel,
                &mut r.on_condition,
            ]
            .into_iter()
            .flatten()
            {
                i.share(n);
            }
            if let super::RelationOrigin::DenseField { field } = &mut r.origin {
                i.share(field);
            }
            if let Some(d) = &mut r.delegate {
                share_expr(d, i);
            }
        }
        for r in &mut e.related {
            i.share(&mut r.target.path);
            if let Some(j) = &mut r.self_via {
                i.share(&mut j.path);
            }
            share_expr(&mut r.to, i);
            if let Some(v) = &mut r.via {
                share_expr(v, i);
            }
        }
    }
    for l in &mut f.linked {
        i.share(&mut l.from.path);
        i.share(&mut l.to.path);
        l.link.iter_mut().for_each(|x| share_expr(x, i));
    }
}

fn share_expr(x: &mut super::RelExpr, i: &mut Interner) {
    match x {
        super::RelExpr::Variant { owner, variant, .. } => {
            i.share(&mut owner.path);
            i.share(variant);
        }
        super::RelExpr::RelatedTo { owner, target, .. } => {
            i.share(&mut owner.path);
            i.share(&mut target.path);
        }
        super::RelExpr::Builder { target, .. } => i.share(&mut target.path),
        super::RelExpr::Other { text } => i.share(text),
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
        let mut i = Interner::default();
        let (mut x, mut y) = (Name::from("Entity"), Name::from("Entity"));
        i.share(&mut x);
        i.share(&mut y);
        assert!(Arc::ptr_eq(&x.0, &y.0));
    }
}

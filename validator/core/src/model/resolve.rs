//! Resolving entity paths (`super::user::Entity`, `crate::entities::user::Entity`,
//! `super::r#type::Entity`, `Entity`, prelude aliases such as `User`) to entities, across
//! all checked files. An entity is its module: two modules over one table are two
//! entities.

use std::collections::HashMap;

use super::parsed::{ForeignRelated, ParsedFile, Scope};
use super::paths::segments_of;
use super::{EntityId, EntityRef, Model, Name, RelExpr, RelationKind, UnreadKind};

/// Merge parsed files into one model and resolve every [`EntityRef`].
/// `crate_root`: the checked root holds `lib.rs`/`main.rs`, so `crate::` paths that do
/// not resolve are dangling rather than outside the checked folder. Each file is freed
/// as soon as its parts are moved into the model (hence the boxes: a list of thousands of
/// files inline would stay whole until the end).
#[allow(clippy::vec_box)]
pub(crate) fn resolve(mut files: Vec<Box<ParsedFile>>, crate_root: bool) -> Model {
    if let Some(modules) = super::tree::modules(&files) {
        for (f, module) in files.iter_mut().zip(modules) {
            if module != f.module {
                relocate(f, &module);
            }
        }
    }
    let mut model = Model::default();
    model
        .entities
        .reserve_exact(files.iter().map(|f| f.entities.len()).sum());
    let mut scopes: HashMap<Name, Scope> = HashMap::with_capacity(files.len());
    let mut conflicting: Vec<String> = Vec::new();
    let mut foreign: Vec<ForeignRelated> = Vec::new();
    for f in files {
        let f = *f;
        model.entities.extend(f.entities);
        if let Some(rare) = f.rare {
            let rare = *rare;
            for (name, ty) in rare.type_aliases {
                match model.type_aliases.get(&name) {
                    Some(existing) if *existing != ty => conflicting.push(name),
                    _ => {
                        model.type_aliases.insert(name, ty);
                    }
                }
            }
            model.local_types.extend(rare.local_types);
            model.active_enums.extend(rare.active_enums);
            model.linked.extend(rare.linked);
            model.unread.extend(rare.unread);
            model.macros.extend(rare.macros);
            model.rc_syntax.extend(rare.rc_syntax);
            foreign.extend(rare.foreign_related);
        }
        for s in f.scopes {
            // Two files can map to one module path (e.g. `a.rs` and `a/mod.rs` in different
            // roots); merge their imports.
            match scopes.get_mut(&s.module) {
                Some(entry) => {
                    entry.uses.extend(s.uses);
                    entry.globs.extend(s.globs);
                    entry.has_macros |= s.has_macros;
                    entry.declared.extend(s.declared);
                }
                None => {
                    scopes.insert(s.module.clone(), s);
                }
            }
        }
    }
    for name in conflicting {
        model.type_aliases.remove(&name);
    }
    let r = Resolver {
        modules: model
            .entities
            .iter()
            .enumerate()
            .map(|(i, e)| (e.module.clone(), i))
            .collect(),
        scopes,
        crate_root,
    };
    for e in &mut model.entities {
        let module = e.module.clone();
        for rel in &mut e.relations {
            r.fill(&module, &mut rel.target);
            if let Some(d) = &mut rel.delegate {
                r.fill_expr(&module, d);
            }
        }
        for rel in &mut e.related {
            r.fill_related(&module, rel);
        }
    }
    for l in &mut model.linked {
        let module = l.module.clone();
        r.fill(&module, &mut l.from);
        r.fill(&module, &mut l.to);
        for x in &mut l.link {
            r.fill_expr(&module, x);
        }
    }
    attach_foreign(&r, &mut model, foreign);
    settle_delegates(&mut model);
    model.aliases = r.aliases();
    model
}

/// Move everything a file holds from its layout module to the module its declaration
/// gives it.
fn relocate(f: &mut ParsedFile, module: &[String]) {
    let old = f.module.len();
    let moved = |m: &str| -> String {
        let mut new = module.to_vec();
        new.extend(split(m).into_iter().skip(old));
        new.join("::")
    };
    f.scopes
        .iter_mut()
        .for_each(|s| s.module = moved(&s.module).into());
    f.entities
        .iter_mut()
        .for_each(|e| e.module = moved(&e.module).into());
    if let Some(rare) = &mut f.rare {
        rare.active_enums
            .iter_mut()
            .for_each(|e| e.module = moved(&e.module));
        rare.linked
            .iter_mut()
            .for_each(|l| l.module = moved(&l.module));
        rare.foreign_related
            .iter_mut()
            .for_each(|x| x.module = moved(&x.module));
    }
    f.module = module.to_vec();
}

/// `impl Related<X> for super::y::Entity` written in another module: resolved where it is
/// written, then attached to `y`.
fn attach_foreign(r: &Resolver, model: &mut Model, foreign: Vec<ForeignRelated>) {
    for mut x in foreign {
        let mut owner = EntityRef::new(x.self_path.clone());
        r.fill(&x.module, &mut owner);
        r.fill_related(&x.module, &mut x.related);
        match owner.resolved.and_then(|id| model.entities.get_mut(id)) {
            Some(e) => e.related.push(x.related),
            None => model.unread.push(super::Unread {
                kind: UnreadKind::ImplSelf {
                    trait_name: if x.related.self_via.is_some() {
                        "RelatedSelfVia".to_owned()
                    } else {
                        "Related".to_owned()
                    },
                    self_type: x.self_path,
                },
                file: x.file,
                span: x.related.span,
                item: x.related.item,
            }),
        }
    }
}

/// An arm that reuses another relation (`super::x::Relation::Y.def().rev()`) declares
/// what `Y` declares, reversed when `.rev()` is called: its kind and target follow.
fn settle_delegates(model: &mut Model) {
    let mut settled = Vec::new();
    for (id, e) in model.entities.iter().enumerate() {
        for (i, rel) in e.relations.iter().enumerate() {
            let Some(RelExpr::Variant {
                owner,
                variant,
                rev,
            }) = rel.delegate.as_deref()
            else {
                continue;
            };
            let Some(o) = owner.resolved else { continue };
            let Some(base) = model
                .entity(o)
                .and_then(|x| x.relations.iter().find(|b| &b.name == variant))
            else {
                continue;
            };
            let (kind, target) = if *rev {
                let kind = match base.kind {
                    RelationKind::BelongsTo => RelationKind::HasMany,
                    RelationKind::HasOne | RelationKind::HasMany => RelationKind::BelongsTo,
                };
                (kind, Some(o))
            } else {
                (base.kind, base.target.resolved)
            };
            settled.push((id, i, kind, target));
        }
    }
    for (id, i, kind, target) in settled {
        if let Some(rel) = model
            .entities
            .get_mut(id)
            .and_then(|e| e.relations.get_mut(i))
        {
            rel.kind = kind;
            rel.target.resolved = target;
            rel.target.local = true;
        }
    }
}

fn split(s: &str) -> Vec<String> {
    segments_of(s)
}

/// [`segments_of`] without allocating the segments.
fn segs(path: &str) -> Vec<&str> {
    let path = path.split('<').next().unwrap_or(path);
    path.split("::")
        .map(str::trim)
        .filter(|x| !x.is_empty())
        .map(super::paths::unraw)
        .collect()
}

/// What a path resolves to, and whether it is local (see [`EntityRef::local`]).
type Resolution = (Option<EntityId>, bool);

/// Resolves paths written in a module. Nothing is cached: each path costs a few hash
/// lookups, and a cache keyed by (module, path) held more memory than the whole model's
/// relations on large crates.
struct Resolver {
    modules: HashMap<Name, EntityId>,
    scopes: HashMap<Name, Scope>,
    crate_root: bool,
}

impl Resolver {
    fn fill(&self, module: &str, r: &mut EntityRef) {
        let (id, local) = self.resolve(module, &r.path, 0);
        r.resolved = id;
        r.local = local;
    }

    fn fill_expr(&self, module: &str, x: &mut RelExpr) {
        match x {
            RelExpr::Variant { owner, .. } => self.fill(module, owner),
            RelExpr::RelatedTo { owner, target, .. } => {
                self.fill(module, owner);
                self.fill(module, target);
            }
            RelExpr::Builder { target, .. } => self.fill(module, target),
            RelExpr::Other { .. } => {}
        }
    }

    fn fill_related(&self, module: &str, rel: &mut super::RelatedImpl) {
        self.fill(module, &mut rel.target);
        if let Some(j) = &mut rel.self_via {
            self.fill(module, j);
        }
        self.fill_expr(module, &mut rel.to);
        if let Some(v) = &mut rel.via {
            self.fill_expr(module, v);
        }
    }

    /// Every `use .. Entity as Name` that names an entity, as `module::Name`.
    fn aliases(&self) -> std::collections::BTreeMap<String, EntityId> {
        let mut out = std::collections::BTreeMap::new();
        for s in self.scopes.values() {
            for (name, path) in &s.uses {
                if path.last().is_some_and(|l| l == "Entity")
                    && let (Some(id), _) = self.resolve(&s.module, &path.join("::"), 0)
                {
                    let key = match s.module.as_str() {
                        "" => name.clone(),
                        m => format!("{m}::{name}"),
                    };
                    out.insert(key, id);
                }
            }
        }
        out
    }

    /// Whether a prefix of `abs` is a module that some `mod` item declares but whose file
    /// was not checked: a path into it points outside the checked files.
    fn declared_elsewhere(&self, abs: &[&str]) -> bool {
        (1..abs.len()).any(|k| {
            let (Some(parent), Some(child)) = (abs.get(..k - 1), abs.get(k - 1)) else {
                return false;
            };
            let declared = self
                .scopes
                .get(parent.join("::").as_str())
                .is_some_and(|s| s.declared.iter().any(|d| d == child));
            declared
                && abs.get(..k).is_some_and(|m| {
                    let m = m.join("::");
                    !self.scopes.contains_key(m.as_str()) && !self.modules.contains_key(m.as_str())
                })
        })
    }

    /// `(entity, local)`: see [`EntityRef::local`].
    fn resolve(&self, module: &str, path: &str, depth: usize) -> Resolution {
        let segs = segs(path);
        let Some(&first) = segs.first() else {
            return (None, false);
        };
        if depth > 6 {
            return (None, false);
        }
        if segs.len() == 1 && (first == "Entity" || first == "Self") {
            return (self.modules.get(module).copied(), true);
        }
        // The usual `super::sibling::Entity`, without building segment lists.
        if let ["super", sibling, "Entity"] = segs.as_slice()
            && !module.is_empty()
        {
            let key = match module.rsplit_once("::") {
                Some((parent, _)) => format!("{parent}::{sibling}"),
                None => (*sibling).to_owned(),
            };
            if let Some(id) = self.modules.get(key.as_str()) {
                return (Some(*id), true);
            }
        }
        let here = self::segs(module);
        let rest = segs.get(1..).unwrap_or_default();
        let found = |abs: &[&str], id: Option<EntityId>| -> Resolution {
            if id.is_some() {
                return (id, true);
            }
            // A module whose items come from macros may hold the entity, and a module
            // declared by a file that was not checked is outside: neither is dangling.
            let parent = abs
                .len()
                .checked_sub(2)
                .and_then(|n| abs.get(..n))
                .map(|p| p.join("::"));
            let hidden = parent
                .and_then(|p| self.scopes.get(p.as_str()))
                .is_some_and(|s| s.has_macros);
            (None, !(hidden || self.declared_elsewhere(abs)))
        };
        match first {
            // `crate::` means the checked root only when that root is a crate root;
            // otherwise an unresolved path may point outside the checked folder.
            "crate" => {
                let (id, local) = found(rest, self.lookup(rest, depth));
                (id, local && self.crate_root)
            }
            "self" => {
                let abs = concat(&here, rest);
                found(&abs, self.lookup(&abs, depth))
            }
            "super" => {
                let mut base = here.clone();
                let mut i = 0;
                while segs.get(i).is_some_and(|s| *s == "super") {
                    if base.pop().is_none() {
                        // Above the checked root: fall back to matching by suffix; an
                        // unresolved path may name an entity outside the checked folder.
                        let id = self.suffix(segs.get(i..).unwrap_or_default());
                        return (id, id.is_some());
                    }
                    i += 1;
                }
                let abs = concat(&base, segs.get(i..).unwrap_or_default());
                found(&abs, self.lookup(&abs, depth))
            }
            name => {
                if let Some(target) = self.scopes.get(module).and_then(|s| s.uses.get(name)) {
                    let mut full = target.join("::");
                    for r in rest {
                        full.push_str("::");
                        full.push_str(r);
                    }
                    return self.resolve(module, &full, depth + 1);
                }
                let relative = concat(&here, &segs);
                if let Some(id) = self.exact(&relative, depth) {
                    return (Some(id), true);
                }
                if let Some(scope) = self.scopes.get(module) {
                    for g in &scope.globs {
                        let mut full = g.join("::");
                        for s in &segs {
                            full.push_str("::");
                            full.push_str(s);
                        }
                        let (id, local) = self.resolve(module, &full, depth + 1);
                        if id.is_some() {
                            return (id, local);
                        }
                    }
                }
                (
                    self.exact(&segs, depth).or_else(|| self.suffix(&segs)),
                    false,
                )
            }
        }
    }

    /// An absolute path (relative to the checked root): exact, then by suffix.
    fn lookup(&self, abs: &[&str], depth: usize) -> Option<EntityId> {
        self.exact(abs, depth).or_else(|| self.suffix(abs))
    }

    fn exact(&self, abs: &[&str], depth: usize) -> Option<EntityId> {
        let (last, parent) = abs.split_last()?;
        let module = parent.join("::");
        if *last == "Entity" {
            return self.modules.get(module.as_str()).copied();
        }
        // `prelude::User`: an alias re-exported by another module, directly or through
        // a glob (`use content::prelude::*` at the crate root).
        let scope = self.scopes.get(module.as_str())?;
        if let Some(target) = scope.uses.get(*last) {
            return self.resolve(&module, &target.join("::"), depth + 1).0;
        }
        scope.globs.iter().find_map(|g| {
            let full = format!("{}::{last}", g.join("::"));
            self.resolve(&module, &full, depth + 1).0
        })
    }

    /// The one entity whose module path ends with the given segments (`..::Entity`
    /// dropped); used when the checked root is not the crate root.
    fn suffix(&self, abs: &[&str]) -> Option<EntityId> {
        let abs = match abs.split_last() {
            Some((last, parent)) if *last == "Entity" => parent,
            _ => return None,
        };
        if abs.is_empty() {
            return None;
        }
        let mut found = None;
        for (module, id) in &self.modules {
            if module.rsplit("::").next() != abs.last().copied() {
                continue;
            }
            let segs: Vec<&str> = module.split("::").collect();
            let n = segs.len().min(abs.len());
            let tail_matches = segs.get(segs.len() - n..) == abs.get(abs.len() - n..);
            if n > 0 && tail_matches {
                if found.is_some() {
                    return None;
                }
                found = Some(*id);
            }
        }
        found
    }
}

fn concat<'a>(a: &[&'a str], b: &[&'a str]) -> Vec<&'a str> {
    a.iter().chain(b).copied().collect()
}

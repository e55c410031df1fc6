//! What parsing one file yields, before the files are merged into one model: its
//! entities, the `use` scopes paths are resolved in, `mod` declarations, and what the
//! reader saw but could not interpret. The readers (items, fields, pieces, expanded) fill
//! it; `resolve` and `tree` consume it.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::{
    ActiveEnum, Entity, Linked, MacroCall, Name, RcForm, RcSyntax, RelatedImpl, RelationKind,
    Unread, UnreadKind,
};
use crate::source::{LineRange, Span};

/// The `use` declarations of one module, for resolving entity paths later.
#[derive(Clone, Debug, Default)]
pub(crate) struct Scope {
    /// `::`-joined module path relative to the checked root.
    pub(crate) module: Name,
    /// Imported name to the path it stands for (as written, `r#` removed, e.g.
    /// `["super", "prelude", "User"]`).
    pub(crate) uses: HashMap<String, Vec<String>>,
    /// `use x::*` paths.
    pub(crate) globs: Vec<Vec<String>>,
    /// Item-level macro invocations: they may define modules (entities) we cannot see.
    pub(crate) has_macros: bool,
    /// Child modules declared here (`mod x;` or `mod x { .. }`).
    pub(crate) declared: Vec<String>,
}

/// `mod name;` without a body: the file it loads is found after every file is parsed.
#[derive(Clone, Debug)]
pub(crate) struct ModDecl {
    /// Inline modules between the file's module and the declaration (`mod a { mod b; }`
    /// gives `["a"]`).
    pub(crate) inline: Vec<String>,
    /// The module's name, `r#` removed.
    pub(crate) name: String,
    /// `#[path = ".."]`, if given.
    pub(crate) path_attr: Option<String>,
}

/// `impl Related<X> for super::y::Entity` (or `RelatedSelfVia`) written outside `y`: it is
/// attached to `y` once paths resolve.
#[derive(Clone, Debug)]
pub(crate) struct ForeignRelated {
    /// The module it is written in (its paths are relative to it).
    pub(crate) module: String,
    /// The self type as written.
    pub(crate) self_path: String,
    pub(crate) related: RelatedImpl,
    pub(crate) file: PathBuf,
}

/// What one file contributes to the model. Thousands are held until the model is
/// resolved, so what most files lack lives in [`Rare`], allocated on first use.
#[derive(Debug, Default)]
pub(crate) struct ParsedFile {
    /// The file as shown.
    pub(crate) file: PathBuf,
    /// Its module path from the directory layout (`mod` declarations may move it).
    pub(crate) module: Vec<String>,
    pub(crate) scopes: Vec<Scope>,
    pub(crate) entities: Vec<Entity>,
    pub(crate) rare: Option<Box<Rare>>,
}

/// The parts of a [`ParsedFile`] that most entity files do not have.
#[derive(Debug, Default)]
pub(crate) struct Rare {
    pub(crate) active_enums: Vec<ActiveEnum>,
    pub(crate) linked: Vec<Linked>,
    /// `type Name = Type;` items: name and base type.
    pub(crate) type_aliases: Vec<(String, String)>,
    /// Every struct, enum and type alias name.
    pub(crate) local_types: Vec<String>,
    pub(crate) mods: Vec<ModDecl>,
    pub(crate) foreign_related: Vec<ForeignRelated>,
    pub(crate) unread: Vec<Unread>,
    pub(crate) macros: Vec<MacroCall>,
    pub(crate) rc_syntax: Vec<RcSyntax>,
}

impl ParsedFile {
    /// Give back what vectors grown one push at a time over-allocated: a crate of
    /// thousands of files keeps all of them until the model is resolved.
    pub(super) fn shrink(&mut self) {
        self.scopes.shrink_to_fit();
        for s in &mut self.scopes {
            s.globs.shrink_to_fit();
            s.declared.shrink_to_fit();
        }
        self.entities.shrink_to_fit();
        for e in &mut self.entities {
            e.shrink();
        }
        if let Some(r) = &mut self.rare {
            r.local_types.shrink_to_fit();
            r.type_aliases.shrink_to_fit();
            r.unread.shrink_to_fit();
            r.macros.shrink_to_fit();
        }
    }

    /// The rare parts, allocated on first use.
    pub(super) fn rare(&mut self) -> &mut Rare {
        self.rare.get_or_insert_with(Box::default)
    }

    /// `mod x;` declarations.
    pub(crate) fn mods(&self) -> &[ModDecl] {
        self.rare.as_ref().map_or(&[], |r| &r.mods)
    }

    /// The number of release-candidate uses recorded so far.
    pub(super) fn rc_count(&self) -> usize {
        self.rare.as_ref().map_or(0, |r| r.rc_syntax.len())
    }

    /// The checked root the file was found under.
    pub(super) fn crate_dir(&self) -> PathBuf {
        crate_dir(&self.file, &self.module)
    }

    pub(super) fn unread(&mut self, kind: UnreadKind, span: Span, item: LineRange) {
        let file = self.file.clone();
        self.rare().unread.push(Unread {
            kind,
            file,
            span,
            item,
        });
    }

    pub(super) fn rc(
        &mut self,
        form: RcForm,
        kind: Option<RelationKind>,
        target: &str,
        span: Span,
        item: LineRange,
    ) {
        let (crate_dir, file) = (self.crate_dir(), self.file.clone());
        self.rare().rc_syntax.push(RcSyntax {
            form,
            kind,
            target: target.to_owned(),
            nullable: false,
            via_rel: None,
            crate_dir,
            file,
            span,
            item,
        });
    }
}

/// The checked root of a file: its directory, left once per module segment that a
/// directory stands for (`src/a/b.rs` with module `a::b` gives `src`).
pub(super) fn crate_dir(path: &Path, module: &[String]) -> PathBuf {
    let mod_rs = module.is_empty() || path.file_stem().is_some_and(|s| s == "mod");
    let ups = module.len().saturating_sub(usize::from(!mod_rs));
    let mut dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
    for _ in 0..ups {
        dir.pop();
    }
    dir
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crate_dirs() {
        let m = |s: &[&str]| s.iter().map(|x| (*x).to_owned()).collect::<Vec<_>>();
        assert_eq!(crate_dir(Path::new("src/lib.rs"), &[]), Path::new("src"));
        assert_eq!(
            crate_dir(Path::new("src/a/b.rs"), &m(&["a", "b"])),
            Path::new("src")
        );
        assert_eq!(
            crate_dir(Path::new("src/a/mod.rs"), &m(&["a"])),
            Path::new("src")
        );
        assert_eq!(
            crate_dir(Path::new("src/user.rs"), &m(&["user"])),
            Path::new("src")
        );
    }
}

fn main() {
    let dir = std::env::args().nth(1).unwrap();
    let mut n = 0;
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    for f in files {
        let t = std::fs::read_to_string(&f).unwrap();
        n += syn::parse_file(&t).map(|f| f.items.len()).unwrap_or(0);
    }
    println!("{n}");
}

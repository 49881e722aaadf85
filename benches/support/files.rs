//! The .xlsx files named by benchmark arguments: files as given, folders expanded in name order.

/// Every argument that is a file, and every .xlsx inside every argument that is a folder.
pub fn spreadsheets(args: impl Iterator<Item = String>) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for arg in args {
        let path = std::path::PathBuf::from(arg);
        if path.is_dir() {
            let mut inside: Vec<_> = std::fs::read_dir(&path)
                .expect("a readable folder")
                .map(|e| e.expect("an entry").path())
                .filter(|p| p.extension().is_some_and(|e| e == "xlsx"))
                .collect();
            inside.sort();
            files.extend(inside);
        } else {
            files.push(path);
        }
    }
    files
}

# Sourced by every script that runs a binary cargo built: where cargo puts its builds, as
# cargo itself decides it (CARGO_TARGET_DIR, build.target-dir of a .cargo/config.toml, or
# ./target) — `cargo metadata`'s target_directory, never a hard-coded ./target.

# cargo_target_dir [CARGO METADATA ARGS…]: prints the target directory (of the workspace in
# the current directory, or of --manifest-path …).
cargo_target_dir() {
  cargo metadata --format-version 1 --no-deps "$@" \
    | python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])'
}

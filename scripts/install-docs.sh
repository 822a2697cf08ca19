#!/usr/bin/env bash
# Installs feedd's man page and its bash, zsh and fish completions, all generated from the
# binary's argument parser, under ROOT/PREFIX, where each tool looks for them:
#   share/man/man1/feedd.1.gz                     (swift-argument-parser's generate-manual)
#   share/bash-completion/completions/feedd
#   share/zsh/vendor-completions/_feedd           (PREFIX /usr; site-functions elsewhere)
#   share/fish/vendor_completions.d/feedd.fish
#   scripts/install-docs.sh BINARY PREFIX [ROOT]   (ROOT: a staging directory, as package.sh uses)
# SOURCE_DATE_EPOCH, when set, dates the man page.
set -euo pipefail
cd "$(dirname "$0")/.."
binary=$(realpath "$1") prefix=$2 root=${3:-}
share=$root$prefix/share
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# generate-manual renders blank lines of a discussion as empty input lines, which man(1) warns
# about: they become paragraph breaks.
swift build --product generate-manual >"$work/build.log" 2>&1 \
  || { cat "$work/build.log" >&2; echo "building generate-manual failed" >&2; exit 1; }
date=$(date -u -d "@${SOURCE_DATE_EPOCH:-$(date +%s)}" +%Y-%m-%d)
"$(swift build --show-bin-path)/generate-manual" "$binary" --date "$date" --section 1 \
  --authors "feedd maintainers<maintainers@feedd.invalid>" --output-directory "$work"
install -d -m 0755 "$share/man/man1"
sed 's/^$/.Pp/' "$work/feedd.1" | gzip -9n >"$share/man/man1/feedd.1.gz"
chmod 0644 "$share/man/man1/feedd.1.gz"

zsh_dir=$share/zsh/site-functions
[ "$prefix" = /usr ] && zsh_dir=$share/zsh/vendor-completions
install -d -m 0755 "$share/bash-completion/completions" "$zsh_dir" "$share/fish/vendor_completions.d"
# bash sources its completions: no #! line (lintian: bash-completion-with-hashbang).
"$binary" --generate-completion-script bash | sed '1{/^#!/d}' >"$share/bash-completion/completions/feedd"
"$binary" --generate-completion-script zsh >"$zsh_dir/_feedd"
"$binary" --generate-completion-script fish >"$share/fish/vendor_completions.d/feedd.fish"
chmod 0644 "$share/bash-completion/completions/feedd" "$zsh_dir/_feedd" "$share/fish/vendor_completions.d/feedd.fish"
